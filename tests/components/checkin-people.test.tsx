/**
 * The check-in page for people, against the real checkIn and people functions: an account
 * without 实名信息 is sent into the app and finishes by itself on return (without a colour until
 * verified); an account with
 * 同行人员 says who came along (last time's choice preselected) and gets one card per person,
 * a red companion's card as large as the holder's. In no state is there anything to type.
 */
import Checkin from '../../src/pages/checkin'
import type { TestStack } from '../support/stack'
import {
  bodyText, buttonByText, callActionOn, click, connect, createPageStack, demoCodeUrl, idCard, inputsOnPage, linkPath, mountPage, openUrl, q,
  recordNavigation, showPageAgain, signInAs, signOut, waitFor, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
let codeUrl: string

beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
})
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack); signOut() })

const cards = () => Array.from(document.querySelectorAll<HTMLElement>('.status-card'))
const rows = () => Array.from(document.querySelectorAll<HTMLElement>('.choose-row'))

test('no 实名信息: one button into the app, no field to type; back with a profile, the check-in completes by itself', async () => {
  const token = await signInAs(stack, 'newcomer')
  openUrl(linkPath(codeUrl))
  const utils = await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-profile'), 'the 实名信息 screen')
  expect(bodyText()).toContain('扫码登记需要实名信息')
  expect(bodyText()).toContain('健康码')
  expect(inputsOnPage()).toBe(0)
  const buttons = Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent)
  expect(buttons).toEqual(['填写实名信息'])

  const nav = recordNavigation()
  click(utils, buttonByText('填写实名信息'))
  expect(nav.urls).toEqual(['/pages/profile/index?then=back'])

  // Shown again without a profile: the same screen, still nothing to type.
  showPageAgain(utils)
  await waitFor(() => wire.calls.filter((c) => c === 'checkIn').length === 2, 'the retry')
  await waitFor(() => !!document.querySelector('.checkin-profile'), 'the 实名信息 screen again')
  expect(inputsOnPage()).toBe(0)

  // The profile page (in the app) saves; coming back finishes the check-in.
  const saved = await callActionOn(stack, 'people', 'saveProfile', { name: '周新', idCard: idCard('37010219880705123'), phone: '13912340000' }, token)
  expect(saved.ok).toBe(true)
  click(utils, buttonByText('填写实名信息'))
  nav.restore()
  showPageAgain(utils)
  await waitFor(() => !!document.querySelector('.checkin-result'), 'the result after saving')
  expect(cards()).toHaveLength(1)
  expect(q('.person-name').textContent).toBe('周*')
  expect(q('.status-card__tag').textContent).toBe(`本人 · ${idCard('37010219880705123').slice(-4)}`)
  // Typed, not verified: entered all the same, shown without a colour, with 去核验.
  expect(q('.status-card').className).toContain('status-card--hidden')
  expect(q('.checkin__banner').textContent).toBe('已登记 · 请向工作人员出示健康码')
  buttonByText('去核验')
  expect(inputsOnPage()).toBe(0)
  expect(wire.calls).toEqual(['checkIn', 'checkIn', 'checkIn'])
})

describe('an account with 同行人员', () => {
  let token: string
  const child = { name: '张小明', idCard: idCard('37010220150601002'), relation: 'child' as const }
  // A person the officials set red, with no phone of their own, listed as a companion. (The red
  // demo citizen would not do: holding a verified account, they must agree to be listed first.)
  const redFriend = { name: '孙九', idCard: idCard('37010219500101009'), relation: 'friend' as const }
  const ids: Record<string, string> = {}
  let own = ''

  beforeAll(async () => {
    token = await stack.login('citizen')
    for (const c of [child, redFriend]) {
      const res = await callActionOn(stack, 'people', 'addCompanion', c, token)
      if (!res.ok) throw new Error(res.message)
      ids[c.name] = res.data.companion.personId
    }
    await stack.setPersonStatus(ids['孙九'], 'red')
    const profile = await callActionOn(stack, 'people', 'getProfile', {}, token)
    if (!profile.ok || !profile.data.profile) throw new Error('no profile')
    own = profile.data.profile.idCardMasked.slice(-4)
  })

  test('first asks who came along: the holder always, ticked and fixed; the button counts everyone', async () => {
    await signInAs(stack, 'citizen')
    openUrl(linkPath(codeUrl))
    const utils = await mountPage(Checkin)
    await waitFor(() => !!document.querySelector('.choose-sheet'), 'the choose sheet')
    expect(inputsOnPage()).toBe(0)
    expect(q('.choose-sheet__title').textContent).toBe('本次同行人员')
    expect(q('.checkin-choose .venue-name').textContent).toBe('泉城广场')
    expect(rows().map((r) => [r.querySelector('.choose-row__name')!.textContent, r.querySelector('.choose-row__tag')!.textContent, r.getAttribute('aria-checked')]))
      .toEqual([['张*', `本人 · ${own}`, 'true'], ['张**', `子女 · ${child.idCard.slice(-4)}`, 'false'], ['孙*', `朋友 · ${redFriend.idCard.slice(-4)}`, 'false']])
    buttonByText('确认登记（1人）')

    // The holder's row does not untick.
    click(utils, rows()[0])
    expect(rows()[0].getAttribute('aria-checked')).toBe('true')
    click(utils, q(`.choose-row[data-person="${ids['张小明']}"]`))
    await waitFor(() => bodyText().includes('确认登记（2人）'), 'the count to follow')
    expect(wire.calls).toEqual(['checkIn'])

    click(utils, buttonByText('确认登记（2人）'))
    await waitFor(() => !!document.querySelector('.checkin-result'), 'the result')
    expect(cards().map((c) => [c.querySelector('.person-name')!.textContent, c.querySelector('.status-card__tag')!.textContent, c.querySelector('.health-status')!.textContent]))
      .toEqual([['张*', `本人 · ${own}`, '绿码'], ['张**', `子女 · ${child.idCard.slice(-4)}`, '绿码']])
    expect(q('.checkin__banner').textContent).toBe('场所码 · 入场登记成功')
    expect(bodyText()).toContain('本次共登记 2 人')
    expect(inputsOnPage()).toBe(0)
    expect(wire.calls).toEqual(['checkIn', 'checkIn'])
  })

  test("last time's companions are preselected; a red companion's card is as large as the holder's and the banner asks everyone to wait", async () => {
    await signInAs(stack, 'citizen')
    openUrl(linkPath(codeUrl))
    const utils = await mountPage(Checkin)
    await waitFor(() => !!document.querySelector('.choose-sheet'), 'the choose sheet')
    expect(q(`.choose-row[data-person="${ids['张小明']}"]`).getAttribute('aria-checked')).toBe('true')
    expect(q(`.choose-row[data-person="${ids['孙九']}"]`).getAttribute('aria-checked')).toBe('false')
    buttonByText('确认登记（2人）')

    click(utils, q(`.choose-row[data-person="${ids['孙九']}"]`))
    await waitFor(() => bodyText().includes('确认登记（3人）'), 'three people')
    click(utils, buttonByText('确认登记（3人）'))
    await waitFor(() => !!document.querySelector('.checkin-result'), 'the result')

    expect(q('.checkin__banner').textContent).toBe('已登记 · 请配合工作人员核验')
    const [holder, kid, friend] = cards()
    expect(friend.querySelector('.person-name')!.textContent).toBe('孙*')
    expect(friend.querySelector('.health-status')!.className).toContain('health-status--red')
    // The red companion gets the holder's full card: same block; one live clock for the screen, at the top.
    expect(holder.className).toContain('status-card--full')
    expect(friend.className).toContain('status-card--full')
    expect(friend.querySelector('.status-card__status')).not.toBeNull()
    expect(document.querySelectorAll('.checkin__clock-time')).toHaveLength(1)
    expect(document.querySelector('.venue-head .checkin__clock-time')).not.toBeNull()
    // The green child, scanned again within minutes, is compact and says it was already entered.
    expect(kid.className).toContain('status-card--compact')
    expect(kid.textContent).toContain('已登记，无需重复扫码')
    expect(inputsOnPage()).toBe(0)
  })

  test('管理同行人员 leaves for the list; coming back asks again with the fresh list', async () => {
    await signInAs(stack, 'citizen')
    openUrl(linkPath(codeUrl))
    const utils = await mountPage(Checkin)
    await waitFor(() => !!document.querySelector('.choose-sheet'), 'the choose sheet')
    const nav = recordNavigation()
    click(utils, q('.choose-sheet__manage'))
    expect(nav.urls).toEqual(['/pages/companions/index'])
    nav.restore()
    const removed = await callActionOn(stack, 'people', 'removeCompanion', { personId: ids['孙九'] }, token)
    expect(removed.ok).toBe(true)
    showPageAgain(utils)
    await waitFor(() => rows().length === 2, 'the list without the removed companion')
    expect(wire.calls).toEqual(['checkIn', 'checkIn'])
    expect(inputsOnPage()).toBe(0)
  })
})
