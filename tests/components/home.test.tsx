/**
 * 首页: demo sign-in buttons, who is signed in, the admin's venue list, 风险提示 after a confirmed
 * trace, and 异常提醒 on the 场所检测 card, from the real functions.
 */
import Index from '../../src/pages/index'
import { alertCountLabel } from '../../src/services/alerts-view'
import { getToken } from '../../src/services/token'
import { formatShanghai } from '../../src/shared/time'
import { createTestStack, type TestStack } from '../support/stack'
import {
  bodyText, buttonByText, callActionOn, click, connect, demoCodeUrl, mountPage, q, recordNavigation, signOut, waitFor, waitForText
} from './support/helpers'

let stack: TestStack
beforeAll(async () => { stack = await createTestStack() })
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack); signOut() })

test('signed out: the main actions and one button per demo account, no form', async () => {
  await mountPage(Index)
  await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length === 7, 'seven demo accounts')
  expect(bodyText()).toContain('未登录')
  for (const label of ['扫一扫', '申领场所码', '市民（绿码）', '新用户（未实名）', '场所管理员', '防控人员']) buttonByText(label)
  expect(document.querySelectorAll('taro-input-core')).toHaveLength(0)
  expect(document.querySelector('.home__venues')).toBeNull()
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
  const signIn = async (label: string) => {
    signOut()
    const utils = await mountPage(Index)
    await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo accounts')
    click(utils, buttonByText(label))
    await waitFor(() => !!document.querySelector('.gate-card__bind'), 'the 场所检测 card')
    return utils
  }

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

  test('the inspector and the admin see the venue with their role; it opens the gate screen', async () => {
    const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
    if (!mine.ok) throw new Error(mine.message)
    const venueId = mine.data.venues[0].venue.id
    for (const [label, role] of [['检测员', '检测员'], ['场所管理员', '管理员']] as const) {
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
  const signIn = async (label: string) => {
    signOut()
    const utils = await mountPage(Index)
    await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo accounts')
    click(utils, buttonByText(label))
    await waitFor(() => !!document.querySelector('.home__mine'), 'the 我的 card')
    return utils
  }

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
    const confirmed = await callActionOn(stack, 'official', 'confirmTrace', { traceId: trace.data.traceId }, official)
    if (!confirmed.ok) throw new Error(confirmed.message)

    await signIn('市民（绿码）')
    await waitFor(() => !!document.querySelector('.risk-card'), 'the 风险提示')
    expect(q('.home').firstElementChild!.className).toContain('risk-card')
    expect(q('.risk-card__title').textContent).toBe('风险提示')
    const when = formatShanghai(mine.data.people[0].checkedInAt, 'M月D日 HH:mm')
    expect(Array.from(document.querySelectorAll('.risk-card__notice')).map((n) => n.textContent)).toContain(
      `张* 于 ${when} 到访 泉城广场（山东省济南市历下区泉城路街道 泉城路1号），该场所有确诊病例曾到访。请立即向所在社区报备，配合核酸检测，做好健康监测。`)
    expect(q('.risk-card').textContent).not.toContain('孙')
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
