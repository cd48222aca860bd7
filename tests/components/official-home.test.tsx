/**
 * 防控工作台 against the real functions: the home card of an official (region, office, open
 * alerts; nothing for anyone else), and the console: the appointment, the open count, the three
 * tools and the region's alerts, open first, each opening its detail, a new one appearing while
 * the console is shown; a citizen is refused.
 */
import OfficialHome from '../../src/official/index'
import OfficialCard from '../../src/components/OfficialCard'
import type { AlertView, Me } from '../../src/shared/api'
import type { TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import {
  bodyText, buttonByText, callActionOn, click, connect, createPageStack, demoCodeUrl, mountPage, q, recordNavigation,
  signInAs, waitFor, waitForText, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
let official: string
let codeUrl = ''

beforeAll(async () => {
  stack = await createPageStack()
  official = await stack.login('official')
  codeUrl = await demoCodeUrl(stack)
})
afterAll(async () => {
  // Unmount, so the console's polling stops before the database closes.
  await mountPage(() => null)
  await stack.close()
})
beforeEach(() => { wire = connect(stack) })

const scope = async () => unwrap(await callActionOn(stack, 'official', 'scope', {}, official))
const alerts = async (): Promise<AlertView[]> => unwrap(await callActionOn(stack, 'alert', 'list', {}, official)).alerts
const me = async (token: string): Promise<Me> => unwrap(await stack.call('whoAmI', {}, token))

/** An alert reaches the region's officials within seconds: wait for it rather than assume it is there. */
async function alertOf(nameMasked: string, count: number): Promise<AlertView[]> {
  for (let i = 0; i < 200; i++) {
    const list = (await alerts()).filter((a) => a.personNameMasked === nameMasked)
    if (list.length >= count) return list
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no alert of ${nameMasked} reached the official`)
}

describe('the home card', () => {
  test('shows an official the region, the office and the open alerts, and opens the console', async () => {
    const who = await me(official)
    expect(who.roles).toContain('official')
    await signInAs(stack, 'official')
    const utils = await mountPage(() => <OfficialCard me={who} />)
    const s = await scope()
    await waitFor(() => !!document.querySelector('.official-card__scope'), 'the scope')
    expect(q('.official-card__scope').textContent).toBe(`${s.scope.regionName} · ${s.scope.office}`)
    expect(q('.official-card__open-count').textContent).toBe(String(s.openAlerts))
    const nav = recordNavigation()
    click(utils, q('.official-card'))
    nav.restore()
    expect(nav.urls).toEqual(['/official/index/index'])
  })

  test('shows nothing, and asks nothing, for an account that is not an official', async () => {
    const token = await signInAs(stack, 'citizen')
    const who = await me(token)
    expect(who.roles).not.toContain('official')
    await mountPage(() => <OfficialCard me={who} />)
    await new Promise((r) => setTimeout(r, 200))
    expect(document.querySelector('.official-card')).toBeNull()
    expect(wire.calls).not.toContain('official')
  })
})

describe('the console', () => {
  test('shows the appointment, the open count and the region\'s alerts, open first, each opening its detail', async () => {
    unwrap(await stack.call('checkIn', { code: codeUrl }, await stack.login('citizen_yellow')))
    const [yellow] = await alertOf('钱*', 1)
    await signInAs(stack, 'official')
    const utils = await mountPage(OfficialHome)
    await waitFor(() => document.querySelectorAll('.official-alert').length > 0, 'the alerts')
    const s = await scope()
    expect(q('.official-home__region').textContent).toBe(s.scope.regionName)
    expect(q('.official-home__office').textContent).toBe(s.scope.office)
    expect(s.openAlerts).toBeGreaterThanOrEqual(1)
    expect(q('.official-home__open-count').textContent).toBe(String(s.openAlerts))

    const item = q(`.official-alert[data-alert-id="${yellow.alertId}"]`)
    expect(item.textContent).toContain('异常健康码人员扫码')
    expect(item.textContent).toContain('泉城广场 · 主入口')
    expect(item.textContent).toContain('钱* · 黄码')
    expect(item.textContent).toContain('待处置')
    // Masked in the list: the full name is for the detail, where looking is recorded.
    expect(bodyText()).not.toContain('钱七')

    const nav = recordNavigation()
    click(utils, item)
    click(utils, buttonByText('设置健康码'))
    click(utils, buttonByText('批量导入'))
    click(utils, buttonByText('流调查询'))
    nav.restore()
    expect(nav.urls).toEqual([
      `/official/alert/index?alertId=${yellow.alertId}`, '/official/status/index', '/official/import/index', '/official/trace/index'
    ])
  })

  test('shows a new alert while it is open, without being opened again', async () => {
    await signInAs(stack, 'official')
    await mountPage(OfficialHome)
    await waitFor(() => document.querySelectorAll('.official-alert').length > 0, 'the alerts')
    expect(bodyText()).not.toContain('孙*')
    const before = Number(q('.official-home__open-count').textContent)
    unwrap(await stack.call('checkIn', { code: codeUrl }, await stack.login('citizen_red')))
    const [red] = await alertOf('孙*', 1)
    await waitFor(() => !!document.querySelector(`.official-alert[data-alert-id="${red.alertId}"]`), 'the new alert', 20000)
    expect(q(`.official-alert[data-alert-id="${red.alertId}"]`).textContent).toContain('孙* · 红码')
    expect(Number(q('.official-home__open-count').textContent)).toBe(before + 1)
  })

  test('lists handled alerts after the open ones', async () => {
    const [red] = await alertOf('孙*', 1)
    unwrap(await callActionOn(stack, 'alert', 'acknowledge', { alertId: red.alertId }, official))
    await signInAs(stack, 'official')
    await mountPage(OfficialHome)
    await waitFor(() => !!document.querySelector(`.official-alert[data-alert-id="${red.alertId}"]`), 'the handled alert')
    const states = Array.from(document.querySelectorAll('.official-alert__state')).map((e) => e.textContent)
    expect(states).toContain('已处置')
    expect(states.indexOf('待处置')).toBeLessThan(states.indexOf('已处置'))
    expect(states.slice(states.indexOf('已处置'))).not.toContain('待处置')
    expect(q(`.official-alert[data-alert-id="${red.alertId}"]`).textContent).toContain('已处置')
  })

  test('refuses a citizen with the reason', async () => {
    await signInAs(stack, 'citizen')
    await mountPage(OfficialHome)
    await waitForText('只有疫情防控部门的工作人员可以进行此操作')
    expect(document.querySelector('.official-home__tools')).toBeNull()
  })
})
