/**
 * What the check-in page says around the result: a banner that never reads as permission to
 * enter for a yellow or red code, the red 请勿进入 advice on the card and over the group for
 * anyone who must stop, 离场 (asked first, then 已离场 with the time, recorded on the server),
 * and a sign-in prompt that offers only citizen accounts.
 */
import Checkin from '../../src/pages/checkin'
import { CAUSE_DETAILS, STOP_TITLE } from '../../src/shared/entry-advice'
import type { TestStack } from '../support/stack'
import {
  answerModals, bodyText, buttonByText, callActionOn, click, connect, createPageStack, demoCodeUrl, idCard, linkPath, mountPage, openUrl, q, signInAs, signOut,
  waitFor, waitForText, type Wire
} from './support/helpers'

let stack: TestStack
let codeUrl: string

beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
})
afterAll(async () => { await stack.close() })
let wire: Wire
beforeEach(() => { wire = connect(stack); signOut() })

async function resultFor(account: 'citizen' | 'citizen_yellow' | 'citizen_red') {
  await signInAs(stack, account)
  openUrl(linkPath(codeUrl))
  const utils = await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-result'), 'result screen')
  return utils
}

test.each([
  ['citizen', '场所码 · 入场登记成功'],
  ['citizen_yellow', '已登记 · 请配合工作人员核验'],
  ['citizen_red', '已登记 · 请配合工作人员核验']
] as const)('%s sees the banner "%s"', async (account, banner) => {
  await signInAs(stack, account)
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-result'), 'result screen')
  expect(q('.checkin__banner').textContent).toBe(banner)
})

test('the sign-in prompt offers citizen accounts only', async () => {
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  // The code is judged first (codeInfo): the venue, then 登录后完成登记.
  await waitForText('登录后完成登记')
  await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo buttons')
  const offered = Array.from(document.querySelectorAll('.demo-accounts__btn')).map((b) => b.getAttribute('data-account'))
  // The newcomer is a citizen too: signing in as it leads to the 实名信息 screen.
  expect(offered).toEqual(['citizen', 'citizen_yellow', 'citizen_red', 'newcomer'])
})

describe('请勿进入 for a yellow or red code', () => {
  const times = (text: string) => bodyText().split(text).length - 1

  test.each([
    ['citizen_yellow', CAUSE_DETAILS.yellow, '钱* · 黄码'],
    ['citizen_red', CAUSE_DETAILS.red, '孙* · 红码']
  ] as const)('%s: the advice once, in one red block naming them, the card shows the colour only', async (account, detail, who) => {
    await resultFor(account)
    expect(q('.checkin__stop-title').textContent).toBe(STOP_TITLE)
    expect(Array.from(document.querySelectorAll('.checkin__stop-who')).map((w) => w.textContent)).toEqual([who])
    expect(Array.from(document.querySelectorAll('.checkin__stop-detail')).map((w) => w.textContent)).toEqual([detail])
    expect(times(STOP_TITLE)).toBe(1)
    expect(times(detail)).toBe(1)
    expect(q('.status-card').querySelector('.stop-advice')).toBeNull()
  })

  test('venue, address, checkpoint and the live clock come before the advice and the cards', async () => {
    await resultFor('citizen_red')
    const order = ['.venue-name', '.venue-address', '.checkpoint-name', '.checkin__clock-time', '.checkin__stop', '.status-card']
      .map((sel) => q(sel))
    for (let i = 1; i < order.length; i++) {
      // DOCUMENT_POSITION_FOLLOWING: each comes after the one before it.
      expect(order[i - 1].compareDocumentPosition(order[i]) & 4).toBe(4)
    }
    expect(q('.venue-name').textContent).toBe('泉城广场')
    expect(document.querySelectorAll('.checkin__clock-time')).toHaveLength(1)
  })

  test('green: no advice, no red banner', async () => {
    await resultFor('citizen')
    expect(document.querySelector('.checkin__stop')).toBeNull()
    expect(document.querySelector('.stop-advice')).toBeNull()
  })
})

describe('离场', () => {
  test('says why; asked first (取消 sends nothing); then 已离场 with the time, disabled, and recorded on the server', async () => {
    const utils = await resultFor('citizen')
    expect(q('.checkin-out__why').textContent).toContain('流调')
    // The entry this scan made (or folded into): the newest of the holder's.
    const before = await callActionOn(stack, 'entries', 'list', {}, await stack.login('citizen'))
    if (!before.ok) throw new Error(before.message)
    const mine = before.data.entries[0]
    expect(mine.checkOutable).toBe(true)

    const no = answerModals(false)
    click(utils, buttonByText('离场'))
    await waitFor(() => no.asked.length === 1, 'the question')
    no.restore()
    expect(no.asked[0]).toMatchObject({ title: '确认离场' })
    expect(no.asked[0].content).toContain('泉城广场')
    await new Promise((r) => setTimeout(r, 100))
    expect(wire.calls).toEqual(['checkIn'])

    const yes = answerModals(true)
    click(utils, buttonByText('离场'))
    await waitFor(() => /已离场/.test(q('.checkin-out__btn').textContent ?? ''), '已离场')
    yes.restore()
    expect(wire.sent[1]).toEqual({ name: 'entries', data: { action: 'checkOut', entryIds: [mine.entryId] } })
    expect(q('.checkin-out__btn').textContent).toMatch(/^已离场 · \d{2}:\d{2}$/)
    expect((q('.checkin-out__btn') as HTMLElement & { disabled?: boolean }).disabled).toBe(true)
    // A second tap sends nothing more.
    click(utils, q('.checkin-out__btn'))
    await new Promise((r) => setTimeout(r, 100))
    expect(wire.calls).toEqual(['checkIn', 'entries'])

    const after = await callActionOn(stack, 'entries', 'list', {}, await stack.login('citizen'))
    if (!after.ok) throw new Error(after.message)
    const ended = after.data.entries.find((e) => e.entryId === mine.entryId)!
    expect(ended.checkedOutAt).not.toBeNull()
    expect(ended.checkOutable).toBe(false)
  })
})

// Last: the companion's entry would be the newest of the holder's account for the 离场 test above.
describe('请勿进入 in a group', () => {
  const times = (text: string) => bodyText().split(text).length - 1

  test('a red companion in a group: the advice once for the whole group', async () => {
    const token = await stack.login('citizen')
    const friend = await callActionOn(stack, 'people', 'addCompanion', { name: '孙十', idCard: idCard('37010219500101017'), relation: 'friend' }, token)
    if (!friend.ok) throw new Error(friend.message)
    await stack.setPersonStatus(friend.data.companion.personId, 'red')
    try {
      await signInAs(stack, 'citizen')
      openUrl(linkPath(codeUrl))
      const utils = await mountPage(Checkin)
      await waitFor(() => !!document.querySelector('.choose-sheet'), 'the choose sheet')
      click(utils, q(`.choose-row[data-person="${friend.data.companion.personId}"]`))
      await waitFor(() => bodyText().includes('确认登记（2人）'), 'two people')
      click(utils, buttonByText('确认登记（2人）'))
      await waitFor(() => !!document.querySelector('.checkin-result'), 'the result')
      expect(document.querySelectorAll('.status-card')).toHaveLength(2)
      expect(times(STOP_TITLE)).toBe(1)
      expect(times(CAUSE_DETAILS.red)).toBe(1)
      expect(Array.from(document.querySelectorAll('.checkin__stop-who')).map((w) => w.textContent)).toEqual(['孙* · 红码'])
    } finally {
      const removed = await callActionOn(stack, 'people', 'removeCompanion', { personId: friend.data.companion.personId }, token)
      if (!removed.ok) throw new Error(removed.message)
    }
  })
})
