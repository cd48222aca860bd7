/**
 * 首页: demo sign-in buttons, who is signed in, the holder's own colour and 扫一扫 first, only the
 * role cards the account has (the admin's venue once), 风险提示 merged per venue with 我已知晓
 * after a confirmed trace, 异常提醒 on the 场所检测 card, and the once-only 长辈模式 offer, from
 * the real functions.
 */
import Taro from '@tarojs/taro'
import Index from '../../src/pages/index'
import { alertCountLabel } from '../../src/services/alerts-view'
import { getToken } from '../../src/services/token'
import { formatShanghai } from '../../src/shared/time'
import { createTestStack, type TestStack } from '../support/stack'
import { confirmTraceApproved } from '../support/two-officials'
import {
  bodyText, buttonByText, callActionOn, click, connect, demoCodeUrl, mountPage, q, recordNavigation, signOut, waitFor, waitForText
} from './support/helpers'

let stack: TestStack
beforeAll(async () => { stack = await createTestStack() })
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack); signOut() })

/** Home, signed in with a demo account's button, once `ready` is on the page. */
async function signInOnHome(label: string, ready: string) {
  signOut()
  const utils = await mountPage(Index)
  await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo accounts')
  click(utils, buttonByText(label))
  await waitFor(() => !!document.querySelector(ready), ready)
  return utils
}

test('signed out: the main actions and one button per demo account, no form', async () => {
  await mountPage(Index)
  await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length === 8, 'eight demo accounts')
  expect(bodyText()).toContain('未登录')
  for (const label of ['扫一扫', '市民（绿码）', '新用户（未实名）', '场所管理员', '防控人员', '防控人员（复核）']) buttonByText(label)
  // 申领场所码 stays reachable, as a small link rather than a second big button.
  expect(q('.home__apply').textContent).toBe('申领场所码')
  expect(document.querySelectorAll('taro-input-core')).toHaveLength(0)
  expect(document.querySelector('.home__venues')).toBeNull()
  expect(document.querySelector('.home__status')).toBeNull()
})

test('signing in as the venue admin shows who it is and lists the venues, each opening its 场所管理', async () => {
  const utils = await mountPage(Index)
  await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo accounts')
  click(utils, buttonByText('场所管理员'))
  await waitForText('李* · 市民、场所管理员 · 绿码')
  await waitFor(() => !!document.querySelector('.home__venue'), 'venue list')
  expect(q('.home__venue-name').textContent).toBe('泉城广场')
  expect(q('.home__venue-addr').textContent).toBe('山东省济南市历下区泉城路街道 泉城路1号')
  expect(q('.home__venue').textContent).toContain('主入口 · 场所管理 ›')

  const nav = recordNavigation()
  click(utils, q('.home__venue'))
  const mine = await stack.call('myVenues', {}, (await stack.login('venue_admin')))
  if (!mine.ok) throw new Error(mine.message)
  expect(nav.urls).toEqual([`/manage/venue/index?venueId=${mine.data.venues[0].venue.id}`])
  click(utils, buttonByText('扫一扫'))
  expect(nav.urls[1]).toBe('/pages/scan/index')
  click(utils, q('.home__venue-gate'))
  expect(nav.urls[2]).toBe(`/inspect/gate/index?venueId=${mine.data.venues[0].venue.id}`)
  nav.restore()
})

test('a red-code citizen sees their status on the home page; sign out forgets them on the server too', async () => {
  const wire = connect(stack)
  const utils = await mountPage(Index)
  await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo accounts')
  click(utils, buttonByText('市民（红码）'))
  await waitForText('孙* · 市民 · 红码')
  const token = getToken()
  expect(token).not.toBe('')
  click(utils, buttonByText('退出登录'))
  await waitForText('未登录')
  expect(bodyText()).not.toContain('孙*  · 市民')
  await waitFor(() => wire.calls.includes('signOut'), 'the signOut call')
  expect(getToken()).toBe('')
  // The token the device had is dead on the server as well, not only forgotten (the page does
  // not wait for the revocation, so give it a moment to land).
  let after = await stack.call('whoAmI', {}, token)
  for (let i = 0; i < 40 && after.ok; i++) {
    await new Promise((r) => setTimeout(r, 50))
    after = await stack.call('whoAmI', {}, token)
  }
  expect(after).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
})

describe('我的', () => {
  test('a newcomer is asked for 实名信息, and has no status yet', async () => {
    const utils = await mountPage(Index)
    await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo accounts')
    click(utils, buttonByText('新用户（未实名）'))
    await waitForText('· 市民 · 未实名')
    expect(q('.home__link--profile').className).toContain('home__link--missing')
    expect(q('.home__link--profile').textContent).toContain('未实名')
    expect(document.querySelector('.home__link--assist')).toBeNull()
    const nav = recordNavigation()
    click(utils, q('.home__link--profile'))
    click(utils, q('.home__link--companions'))
    click(utils, q('.home__link--entries'))
    nav.restore()
    expect(nav.urls).toEqual(['/pages/profile/index', '/pages/companions/index', '/pages/entries/index'])
  })

  test.each([
    ['citizen', '市民（绿码）', false],
    ['inspector', '检测员', true],
    ['venue_admin', '场所管理员', true]
  ] as const)('%s: 辅助登记 offered: %s', async (_account, label, offered) => {
    const utils = await mountPage(Index)
    await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo accounts')
    click(utils, buttonByText(label))
    await waitFor(() => !!document.querySelector('.home__mine'), 'the 我的 card')
    expect(q('.home__link--profile').className).not.toContain('home__link--missing')
    expect(!!document.querySelector('.home__link--assist')).toBe(offered)
    if (offered) {
      const nav = recordNavigation()
      click(utils, q('.home__link--assist'))
      nav.restore()
      expect(nav.urls).toEqual(['/pages/assist/index'])
    }
  })
})

describe('场所检测', () => {
  const signIn = (label: string) => signInOnHome(label, '.gate-card__bind')

  test('signed out: no 场所检测 card', async () => {
    await mountPage(Index)
    await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo accounts')
    expect(document.querySelector('.gate-card')).toBeNull()
  })

  test('a citizen is offered 绑定场所 only', async () => {
    const utils = await signIn('市民（绿码）')
    expect(document.querySelectorAll('.gate-card__venue')).toHaveLength(0)
    const nav = recordNavigation()
    click(utils, q('.gate-card__bind'))
    nav.restore()
    expect(nav.urls).toEqual(['/inspect/bind/index'])
  })

  // The admin's own venue is in 我的场所码 with its 检测 (the venue admin test above), not repeated here.
  test('the inspector sees the venue with their role; it opens the gate screen', async () => {
    const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
    if (!mine.ok) throw new Error(mine.message)
    const venueId = mine.data.venues[0].venue.id
    for (const [label, role] of [['检测员', '检测员']] as const) {
      const utils = await signIn(label)
      await waitFor(() => !!document.querySelector('.gate-card__venue'), 'the venue')
      expect(q('.gate-card__venue-name').textContent).toBe('泉城广场')
      expect(q('.gate-card__role').textContent).toBe(role)
      const nav = recordNavigation()
      click(utils, q('.gate-card__venue'))
      nav.restore()
      expect(nav.urls).toEqual([`/inspect/gate/index?venueId=${venueId}`])
    }
  })

  test('venue staff see 异常提醒 with how many wait for them, leading to the alert list; a citizen has no such row', async () => {
    await stack.call('checkIn', { code: await demoCodeUrl(stack) }, await stack.login('citizen_yellow'))
    const listed = await callActionOn(stack, 'alert', 'list', {}, await stack.login('inspector'))
    if (!listed.ok) throw new Error(listed.message)
    expect(listed.data.unacknowledged).toBeGreaterThan(0)
    const utils = await signIn('检测员')
    await waitFor(() => /条待确认/.test(document.querySelector('.gate-card__alerts')?.textContent ?? ''), 'the count')
    expect(q('.gate-card__alerts-label').textContent).toBe('异常提醒')
    expect(q('.gate-card__alerts-count').textContent).toBe(`${alertCountLabel(listed.data.unacknowledged)} ›`)
    expect(q('.gate-card__alerts').className).toContain('gate-card__alerts--waiting')
    const nav = recordNavigation()
    click(utils, q('.gate-card__alerts'))
    nav.restore()
    expect(nav.urls).toEqual(['/inspect/alerts/index'])

    await signIn('市民（绿码）')
    expect(document.querySelector('.gate-card__alerts')).toBeNull()
  })

  test('a venue offered to the inspector is a highlighted line leading to 接收场所', async () => {
    const admin = await stack.login('venue_admin')
    const mine = await stack.call('myVenues', {}, admin)
    if (!mine.ok) throw new Error(mine.message)
    const venueId = mine.data.venues[0].venue.id
    const toUserId = await stack.userIdOf(await stack.login('inspector'))
    const offered = await stack.call('venue', { action: 'handover', venueId, toUserId }, admin)
    expect(offered.ok).toBe(true)
    try {
      const utils = await signIn('检测员')
      await waitFor(() => !!document.querySelector('.gate-card__offer'), 'the offer')
      expect(q('.gate-card__offer-text').textContent).toBe('李* 邀请您接管场所“泉城广场”')
      const nav = recordNavigation()
      click(utils, q('.gate-card__offer'))
      nav.restore()
      expect(nav.urls).toEqual([`/inspect/handover/index?venueId=${venueId}`])
    } finally {
      await stack.call('venue', { action: 'cancelHandover', venueId }, admin)
    }
  })
})

describe('风险提示', () => {
  const signIn = (label: string) => signInOnHome(label, '.home__mine')

  test('after an official confirms a trace, an overlapping citizen sees where and when first on the page, never who', async () => {
    const code = await demoCodeUrl(stack)
    const mine = await stack.call('checkIn', { code }, await stack.login('citizen'))
    if (!mine.ok || mine.data.kind !== 'entered') throw new Error('check-in failed')
    await stack.call('checkIn', { code }, await stack.login('citizen_red'))
    const official = await stack.login('official')
    await stack.db.query(
      `INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, '3701', '济南市疫情防控指挥部', 'demo')
       ON CONFLICT (user_id) DO NOTHING`, [await stack.userIdOf(official)])
    const trace = await callActionOn(stack, 'official', 'trace', { idCard: '370102199203157896' }, official)
    if (!trace.ok) throw new Error(trace.message)
    // Two-person rule: the confirmation tells the contacts once a second official approves it.
    await confirmTraceApproved(stack, official, await stack.login('official_reviewer'), trace.data.traceId)

    await signIn('市民（绿码）')
    await waitFor(() => !!document.querySelector('.risk-card'), 'the 风险提示')
    // Under 扫一扫, which stays on the first screen.
    expect(q('.home__scan').compareDocumentPosition(q('.risk-card')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(q('.risk-card__title').textContent).toBe('风险提示')
    const when = formatShanghai(mine.data.people[0].checkedInAt, 'M月D日 HH:mm')
    expect(Array.from(document.querySelectorAll('.risk-card__notice')).map((n) => n.textContent)).toEqual([
      `张* 于 ${when} 到访 泉城广场（山东省济南市历下区泉城路街道 泉城路1号），该场所有确诊病例曾到访。`])
    expect(q('.risk-card__advice').textContent).toBe('请立即向所在社区报备，配合核酸检测，做好健康监测。')
    expect(q('.risk-card').textContent).not.toContain('孙')
  })

  test('two entries at the same venue: one row with the count; 我已知晓 removes it for good', async () => {
    // A second overlapping visit to the same venue, a day earlier (the trace itself is the test above's).
    await stack.db.query(
      `INSERT INTO risk_notices (trace_id, person_id, venue_id, entered_at)
       SELECT trace_id, person_id, venue_id, entered_at - interval '1 day' FROM risk_notices r
       WHERE r.person_id = (SELECT person_id FROM users WHERE id = $1) LIMIT 1`, [await stack.userIdOf(await stack.login('citizen'))])
    const utils = await signIn('市民（绿码）')
    await waitFor(() => !!document.querySelector('.risk-card'), 'the 风险提示')
    expect(document.querySelectorAll('.risk-card__venue')).toHaveLength(1)
    expect(q('.risk-card__notice').textContent).toMatch(/^张\* 于 \d+月\d+日至\d+月\d+日 共2次 到访 泉城广场/)
    click(utils, buttonByText('我已知晓'))
    await waitFor(() => !document.querySelector('.risk-card'), 'the card to go')
    const left = await callActionOn(stack, 'entries', 'risks', {}, await stack.login('citizen'))
    if (!left.ok) throw new Error(left.message)
    expect(left.data.venues).toEqual([])
    // It does not come back on the next visit.
    await signIn('市民（绿码）')
    await new Promise((r) => setTimeout(r, 300))
    expect(document.querySelector('.risk-card')).toBeNull()
  })

  test('nobody overlapped: no card, no message', async () => {
    const wire = connect(stack)
    await signIn('场所管理员')
    await waitFor(() => wire.calls.includes('entries'), 'the 风险提示 asked for')
    await new Promise((r) => setTimeout(r, 300))
    expect(document.querySelector('.risk-card')).toBeNull()
    expect(document.querySelector('.risk-card__error')).toBeNull()
  })
})

describe('home by role', () => {
  const signIn = async (label: string) => {
    const utils = await signInOnHome(label, '.home__mine')
    // Role cards load after whoAmI: give them their calls.
    await new Promise((r) => setTimeout(r, 400))
    return utils
  }
  const bigButtons = () => Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent)
  const before = (a: string, b: string) => !!(q(a).compareDocumentPosition(q(b)) & Node.DOCUMENT_POSITION_FOLLOWING)

  test('a citizen sees their own colour first, then 扫一扫; no venue or staff cards, 申领场所码 and 绑定场所 as small links', async () => {
    const utils = await signIn('市民（绿码）')
    expect(q('.home__status-who').textContent).toBe('张*')
    expect(q('.home__status-text').textContent).toBe('绿码')
    expect(q('.home__status-chip').className).toContain('health-status--green')
    expect(before('.home__status', '.home__scan')).toBe(true)
    expect(bigButtons()).not.toContain('申领场所码')
    expect(document.querySelector('.home__venues')).toBeNull()
    expect(bodyText()).not.toContain('我的场所码')
    expect(document.querySelector('.gate-card')).toBeNull()
    expect(document.querySelector('.official-card')).toBeNull()
    const nav = recordNavigation()
    click(utils, q('.home__apply'))
    click(utils, q('.gate-card__bind'))
    nav.restore()
    expect(nav.urls).toEqual(['/pages/apply/index', '/inspect/bind/index'])
  })

  test('a red citizen sees 红码 on their own line', async () => {
    await signIn('市民（红码）')
    expect(q('.home__status-text').textContent).toBe('红码')
    expect(q('.home__status-chip').className).toContain('health-status--red')
  })

  test('a newcomer sees 未实名 with 去填写 instead of a colour', async () => {
    const utils = await signIn('新用户（未实名）')
    expect(document.querySelector('.home__status-chip')).toBeNull()
    expect(q('.home__status-label').textContent).toBe('未实名')
    const nav = recordNavigation()
    click(utils, buttonByText('去填写'))
    nav.restore()
    expect(nav.urls).toEqual(['/pages/profile/index'])
  })

  test('the venue admin sees each venue once (场所管理 and 检测 on one row), no big 申领场所码', async () => {
    await signIn('场所管理员')
    await waitFor(() => !!document.querySelector('.home__venue'), 'the venue')
    await waitFor(() => !!document.querySelector('.gate-card__alerts'), 'the 场所检测 card')
    const names = Array.from(document.querySelectorAll('.home__venue-name, .gate-card__venue-name')).map((n) => n.textContent)
    expect(names).toEqual(['泉城广场'])
    expect(q('.home__status-text').textContent).toBe('绿码')
    expect(bigButtons()).not.toContain('申领场所码')
    expect(q('.home__apply-more').textContent).toBe('申领场所码')
    expect(document.querySelector('.home__apply')).toBeNull()
  })

  test('the inspector sees the gate card with the venue, no 我的场所码, 申领场所码 small', async () => {
    await signIn('检测员')
    await waitFor(() => !!document.querySelector('.gate-card__venue'), 'the venue')
    expect(document.querySelector('.home__venues')).toBeNull()
    expect(bodyText()).not.toContain('我的场所码')
    expect(bigButtons()).not.toContain('申领场所码')
    expect(q('.home__apply').textContent).toBe('申领场所码')
    // 绑定场所 once: on the gate card, not again as a small link.
    expect(document.querySelectorAll('.gate-card__bind')).toHaveLength(1)
  })

  test('the official sees the official card and no venue or gate card', async () => {
    await signIn('防控人员')
    await waitFor(() => !!document.querySelector('.official-card'), 'the official card')
    expect(document.querySelector('.gate-card')).toBeNull()
    expect(document.querySelector('.home__venues')).toBeNull()
    expect(q('.home__status-text').textContent).toBe('绿码')
  })
})

describe('长辈模式 on the first screen', () => {
  test('the switch is above 扫一扫; the offer shows once, 不用了 is remembered, 开启 turns it on', async () => {
    signOut()
    Taro.removeStorageSync('csm.elderOffer')
    Taro.removeStorageSync('csm.elderMode')
    const first = await mountPage(Index)
    await waitFor(() => !!document.querySelector('.home__elder-offer'), 'the offer')
    expect(q('.home__elder').compareDocumentPosition(q('.home__scan')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(q('.home__elder-offer-text').textContent).toBe('字太小？开启长辈模式')
    click(first, buttonByText('不用了'))
    await waitFor(() => !document.querySelector('.home__elder-offer'), 'the offer to go')
    expect(q('.home').className).not.toContain('elder')

    await mountPage(Index)
    await new Promise((r) => setTimeout(r, 200))
    expect(document.querySelector('.home__elder-offer')).toBeNull()

    Taro.removeStorageSync('csm.elderOffer')
    const third = await mountPage(Index)
    await waitFor(() => !!document.querySelector('.home__elder-offer'), 'the offer again')
    click(third, buttonByText('开启'))
    await waitFor(() => q('.home').className.includes('elder'), '长辈模式 on')
    expect(document.querySelector('.home__elder-offer')).toBeNull()
    Taro.removeStorageSync('csm.elderMode')
  })
})
