/**
 * 实名 means verified (issue 16), against the real people and checkIn functions with the local
 * stack's demo provider: a newcomer's typed 实名信息 is offered 去核验 at once and verified in one
 * tap, after which the profile shows the provider and the colour; until then the check-in result
 * is a grey 身份未核验 card with no colour class anywhere, and its 去核验 leads to 实名信息 and back
 * to the same scan, now green; a verified profile changes only its mobile; and the home page
 * carries the prompt and the notice that another account took the person over.
 */
import Taro from '@tarojs/taro'
import Checkin from '../../src/pages/checkin'
import Index from '../../src/pages/index'
import Profile from '../../src/pages/profile'
import { setToken } from '../../src/services/token'
import type { TestStack } from '../support/stack'
import {
  bodyText, buttonByText, callActionOn, click, connect, createPageStack, demoCodeUrl, idCard, linkPath, mountPage, openUrl, q,
  recordNavigation, showPageAgain, signInAs, signOut, typeInto, waitFor, waitForText, type Wire
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

/** An account that typed 实名信息 for a new person and did not verify it. */
async function typedAccount(first17: string, name = '周新'): Promise<{ token: string; person: { name: string; idCard: string; phone: string } }> {
  const token = await stack.newAccount()
  const person = { name, idCard: idCard(first17), phone: '13912340000' }
  const saved = await callActionOn(stack, 'people', 'saveProfile', person, token)
  if (!saved.ok) throw new Error(saved.message)
  return { token, person }
}

/** No element anywhere on the page carries a colour of the health code. */
const colourClasses = () => Array.from(document.querySelectorAll('[class]'))
  .map((el) => el.getAttribute('class') ?? '')
  .filter((c) => /(health-status|health-chip|status-card|checkin__banner)--(green|yellow|red)\b/.test(c))

const profileLoaded = () => waitFor(() => !!document.querySelector('.profile__submit') && !!document.querySelector('.person-field input'), 'the profile')

describe('实名信息', () => {
  test('a newcomer saves, is offered 去核验 at once, verifies in one tap (demo) and sees green', async () => {
    await signInAs(stack, 'newcomer')
    const utils = await mountPage(Profile)
    await profileLoaded()
    typeInto(utils, '.input-name', '吴新')
    typeInto(utils, '.input-idCard', idCard('37010219900202101'))
    typeInto(utils, '.input-phone', '13912340001')
    click(utils, buttonByText('保存'))
    await waitForText('已保存，请完成实名核验')
    expect(q('.profile__unverified').textContent).toBe('未核验')
    expect(document.querySelector('.profile__status .health-chip')).toBeNull()
    expect(q('.profile__verify-hint').textContent).toContain('无需刷脸')
    expect(colourClasses()).toEqual([])

    const before = wire.sent.length
    click(utils, buttonByText('去核验'))
    await waitForText('实名核验通过')
    expect(q('.profile__verified').textContent).toBe('已核验（演示）')
    expect(q('.profile__status .health-chip').textContent).toBe('绿码')
    expect(wire.sent.slice(before).map((s) => s.data.action)).toEqual(['startVerification', 'confirmVerification'])
    // Verified, the name and ID number are read-only: only the mobile can change.
    expect(document.querySelector('.input-name')).toBeNull()
    expect(document.querySelector('.input-idCard')).toBeNull()
    expect(q('.person-field__locked[data-field="name"]').textContent).toBe('已核验，不能修改')
    expect(document.querySelector('.input-phone')).not.toBeNull()
  })

  test('a verified profile saves a new mobile, and only the mobile is sent', async () => {
    const { token } = await typedAccount('37010219900303102', '郑新')
    await stack.verify(token)
    setToken(token)
    const utils = await mountPage(Profile)
    await profileLoaded()
    expect(bodyText()).toContain('修改手机号码')
    typeInto(utils, '.input-phone', '13912345555')
    click(utils, buttonByText('保存'))
    await waitForText('已保存')
    const save = wire.sent.find((s) => s.data.action === 'saveProfile')!
    expect(save.data).toEqual({ action: 'saveProfile', phone: '13912345555' })
    expect(q('.person-field__current[data-field="phone"]').textContent).toBe('当前：139****5555')
  })
})

describe('the check-in result without a verified identity', () => {
  test('a grey 身份未核验 card and no colour class anywhere; 去核验 leads to 实名信息 and back, where the same scan turns green', async () => {
    const { token } = await typedAccount('37010219900404103', '冯新')
    setToken(token)
    openUrl(linkPath(codeUrl))
    const utils = await mountPage(Checkin)
    await waitFor(() => !!document.querySelector('.checkin-result'), 'the result')
    const card = q('.status-card')
    expect(card.className).toContain('status-card--hidden')
    expect(q('.status-card__hidden-text').textContent).toBe('身份未核验')
    expect(bodyText()).toContain('请向工作人员出示本人健康码')
    expect(q('.checkin__banner').textContent).toBe('已登记 · 请向工作人员出示健康码')
    expect(q('.checkin__banner').className).toContain('checkin__banner--hidden')
    expect(document.querySelector('.health-status')).toBeNull()
    expect(colourClasses()).toEqual([])
    expect(bodyText()).not.toContain('绿码')

    const nav = recordNavigation()
    click(utils, buttonByText('去核验'))
    nav.restore()
    expect(nav.urls).toEqual(['/pages/profile/index?then=back'])

    // Verified on 实名信息; coming back, the same code is scanned again: folded into the entry
    // made a moment ago, and answered with what the caller may see now.
    await stack.verify(token)
    showPageAgain(utils)
    await waitFor(() => !!document.querySelector('.health-status--green'), 'the green card')
    expect(document.querySelector('.status-card--hidden')).toBeNull()
    expect(q('.status-card__repeated').textContent).toBe('已登记，无需重复扫码')
    expect(q('.checkin__banner').textContent).toBe('场所码 · 入场登记成功')
    expect(wire.calls.filter((c) => c === 'checkIn')).toHaveLength(2)
  })

  test('opened from the result (?then=back), 去核验 goes straight back once verified', async () => {
    const { token } = await typedAccount('37010219900505104', '褚新')
    setToken(token)
    openUrl('/pages/profile/index?then=back')
    const back = jest.spyOn(Taro, 'navigateBack').mockImplementation((() => Promise.resolve({ errMsg: 'navigateBack:ok' })) as never)
    try {
      const utils = await mountPage(Profile)
      await profileLoaded()
      buttonByText('暂不核验，返回')
      click(utils, buttonByText('去核验'))
      await waitFor(() => back.mock.calls.length === 1, 'navigateBack')
    } finally {
      back.mockRestore()
    }
    const me = await stack.call('whoAmI', {}, token)
    expect(me.ok && me.data.identity).toBe('verified')
  })
})

describe('home', () => {
  test('an unverified account is prompted to 去核验; its status reads 未核验, not a colour', async () => {
    const { token } = await typedAccount('37010219900606105', '卫新')
    setToken(token)
    const utils = await mountPage(Index)
    // Home's own status line (first screen) offers it, once: not again in the identity card.
    await waitFor(() => !!document.querySelector('.home__status-go'), 'the prompt')
    expect(q('.home__status--unverified').textContent).toContain('身份未核验')
    expect(document.querySelector('.identity-card__verify')).toBeNull()
    expect(q('.home__link--profile').textContent).toContain('未核验，去核验')
    expect(q('.home__link--profile').className).toContain('home__link--missing')
    const nav = recordNavigation()
    click(utils, q('.home__status-go'))
    nav.restore()
    expect(nav.urls).toEqual(['/pages/profile/index'])
  })

  test('taken over by another account that verified the same person: the notice stays until 知道了', async () => {
    const person = { name: '蒋新', idCard: idCard('37010219900707106'), phone: '13912340006' }
    const token = await stack.verifiedAccount(person)
    await stack.verifiedAccount(person)

    setToken(token)
    const utils = await mountPage(Index)
    await waitFor(() => !!document.querySelector('.identity-card__moved'), 'the notice')
    expect(q('.identity-card__moved').textContent).toContain('另一个账号')
    click(utils, buttonByText('知道了'))
    await waitFor(() => !document.querySelector('.identity-card__moved'), 'the notice gone')
    expect(wire.sent.some((s) => s.data.action === 'dismissIdentityNotice')).toBe(true)
    const me = await stack.call('whoAmI', {}, token)
    expect(me.ok && me.data.identityMovedAt).toBeNull()
  })
})
