/**
 * 场所检测 against the real functions: the venue's entries of the last hours, abnormal ones
 * first and banded; 体温正常 in one tap; a typed fever flagged; an impossible value refused on the
 * page before anything is sent; the next poll picking up someone who entered meanwhile; the
 * checkpoint switcher; 辅助登记 with the place preselected; 解除绑定.
 */
import Gate from '../../src/inspect/gate'
import { setTransport } from '../../src/services/cloud'
import { getToken } from '../../src/services/token'
import type { DemoAccountId } from '../../src/shared/api'
import { CAUSE_DETAILS } from '../../src/shared/entry-advice'
import type { TestStack } from '../support/stack'
import {
  answerModals, bodyText, buttonByText, callActionOn, click, connect, createPageStack, demoCodeUrl, idCard, mountPage, openUrl, q,
  recordNavigation, signInAs, signOut, typeInto, waitFor, waitForText
} from './support/helpers'

let stack: TestStack
let venueId = ''
let codeUrl = ''

const checkIn = async (account: DemoAccountId) => {
  const res = await stack.call('checkIn', { code: codeUrl }, await stack.login(account))
  if (!res.ok || res.data.kind !== 'entered') throw new Error(`check-in of ${account} failed`)
}

beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
  const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
  if (!mine.ok) throw new Error(mine.message)
  venueId = mine.data.venues[0].venue.id
  // The yellow one entered first: abnormal entries still come first.
  await checkIn('citizen_yellow')
  await checkIn('citizen')
  await checkIn('venue_admin')
})
afterAll(async () => {
  // Unmount, so the page's polling stops before the database closes.
  await mountPage(() => null)
  await stack.close()
})
beforeEach(() => { connect(stack); signOut() })

const cards = () => Array.from(document.querySelectorAll<HTMLElement>('.gate-entry'))
const card = (name: string): HTMLElement => {
  const found = cards().find((c) => c.querySelector('.gate-entry__name')?.textContent === name)
  if (!found) throw new Error(`no entry of ${name}; page text: ${bodyText().slice(0, 600)}`)
  return found
}
const within = (el: HTMLElement, selector: string): HTMLElement => {
  const found = el.querySelector<HTMLElement>(selector)
  if (!found) throw new Error(`no ${selector} in ${el.textContent}`)
  return found
}

async function openGate(query = `venueId=${venueId}`) {
  await signInAs(stack, 'inspector')
  openUrl(`/inspect/gate/index?${query}`)
  const utils = await mountPage(Gate)
  await waitFor(() => cards().length > 0, 'the entries')
  return utils
}

test('the venue\'s entries from the real feed: the yellow one first and banded, each with time, method and checkpoint', async () => {
  await openGate()
  expect(q('.gate__venue').textContent).toBe('泉城广场')
  expect(bodyText()).toContain('近12小时 · 每5秒自动刷新')
  expect(cards().map((c) => within(c, '.gate-entry__name').textContent)).toEqual(['钱*', '李*', '张*'])
  const yellow = card('钱*')
  expect(yellow.className).toContain('gate-entry--yellow')
  expect(within(yellow, '.health-chip').textContent).toBe('黄码')
  // The yellow one is told, in the same words as on their own screen, not to go in.
  expect(within(yellow, '.stop-advice__title').textContent).toBe('请勿进入，配合工作人员处置')
  expect(within(yellow, '.stop-advice__detail').textContent).toBe(CAUSE_DETAILS.yellow)
  expect(card('张*').querySelector('.stop-advice')).toBeNull()
  expect(card('张*').className).not.toMatch(/gate-entry--(yellow|red)/)
  expect(within(card('张*'), '.health-chip').textContent).toBe('绿码')
  expect(within(card('张*'), '.gate-entry__time').textContent).toMatch(/^\d{2}:\d{2}:\d{2}$/)
  expect(within(card('张*'), '.gate-entry__method').textContent).toBe('本人')
  expect(within(card('张*'), '.gate-entry__checkpoint').textContent).toBe('主入口')
  expect(q('.gate__summary').textContent).toBe('共 3 人次，需关注 1 人次')
})

test('体温正常 in one tap: recorded on the server and shown on the entry', async () => {
  const utils = await openGate()
  click(utils, within(card('张*'), '.gate-entry__normal'))
  await waitFor(() => !!card('张*').querySelector('.gate-entry__temp'), 'the temperature')
  expect(within(card('张*'), '.gate-entry__temp-value').textContent).toContain('体温正常')
  expect(card('张*').querySelector('.gate-entry__normal')).toBeNull()
  const feed = await callActionOn(stack, 'inspector', 'feed', { venueId }, await stack.login('inspector'))
  if (!feed.ok) throw new Error(feed.message)
  expect(feed.data.entries.find((e) => e.nameMasked === '张*')?.temperature).toMatchObject({ celsius: null, abnormal: false })
})

test('a typed 37.5 ℃ is recorded and flagged: red band, the red 请勿进入 advice with the value', async () => {
  const utils = await openGate()
  click(utils, within(card('李*'), '.gate-entry__type'))
  await waitFor(() => !!card('李*').querySelector('.input-celsius input'), 'the input')
  typeInto(utils, `[data-entry="${card('李*').dataset.entry}"] .input-celsius`, '37.5')
  click(utils, within(card('李*'), '.gate-entry__save'))
  await waitFor(() => !!card('李*').querySelector('.gate-entry__temp'), 'the temperature')
  expect(within(card('李*'), '.gate-entry__temp-value').textContent).toBe('37.5 ℃')
  await waitFor(() => !!card('李*').querySelector('.stop-advice'), 'the advice')
  expect(within(card('李*'), '.stop-advice__title').textContent).toBe('请勿进入，配合工作人员处置')
  expect(within(card('李*'), '.stop-advice__detail').textContent).toBe(CAUSE_DETAILS.fever(37.5))
  expect(card('李*').className).toContain('gate-entry--red')
})

test('43.5 ℃ is refused on the page with the shared message; nothing is sent', async () => {
  const utils = await openGate()
  const id = card('张*').dataset.entry
  click(utils, within(card('张*'), '.gate-entry__again'))
  await waitFor(() => !!card('张*').querySelector('.input-celsius input'), 'the input')
  // Every action sent from here on (the feed keeps polling meanwhile).
  const actions: string[] = []
  setTransport((name, data) => {
    actions.push(`${name}.${(data as { action?: string }).action}`)
    return stack.call(name, data as Record<string, unknown>, getToken() || undefined)
  })
  typeInto(utils, `[data-entry="${id}"] .input-celsius`, '43.5')
  click(utils, within(card('张*'), '.gate-entry__save'))
  await waitFor(() => !!card('张*').querySelector('.field-error'), 'the message')
  expect(within(card('张*'), '.field-error').textContent).toBe('体温应在 34.0–43.0 ℃ 之间，请重新测量')
  expect(actions.filter((a) => a !== 'inspector.feed')).toEqual([])
  const rows = await stack.db.query<{ temperature_celsius: string | null }>('SELECT temperature_celsius FROM entries WHERE id = $1', [id])
  expect(rows[0].temperature_celsius).toBeNull()
})

/** Acknowledgements by venue staff of the alerts about one entry. */
const acknowledged = async (entryId: string) => (await stack.db.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM alerts a JOIN alert_recipients r ON r.alert_id = a.id
   WHERE a.entry_id = $1 AND r.role IN ('admin', 'inspector') AND r.acknowledged_at IS NOT NULL`, [entryId]))[0].n

test('a stopped person is offered 已处置 and 上报, not 体温正常; 已处置 marks the venue\'s alert handled (issue 17, observation 9)', async () => {
  const utils = await openGate()
  const yellow = card('钱*')
  expect(yellow.querySelector('.gate-entry__normal')).toBeNull()
  expect(yellow.querySelector('.gate-entry__type')).toBeNull()
  expect(within(yellow, '.gate-entry__handled').textContent).toBe('已处置')
  expect(within(yellow, '.gate-entry__report').textContent).toBe('上报')
  const id = yellow.dataset.entry!
  expect(await acknowledged(id)).toBe(0)
  click(utils, within(yellow, '.gate-entry__handled'))
  await waitFor(() => !!card('钱*').querySelector('.gate-entry__handled-at'), '已处置 with its time')
  expect(within(card('钱*'), '.gate-entry__handled-at').textContent).toMatch(/^已处置 · \d{2}:\d{2}$/)
  expect(card('钱*').querySelector('.gate-entry__handled')).toBeNull()
  expect(await acknowledged(id)).toBe(1)
})

test('the poll 5 s later picks up someone who entered meanwhile', async () => {
  const timers = jest.spyOn(global, 'setTimeout')
  try {
    const utils = await openGate()
    await waitFor(() => timers.mock.calls.some((c) => c[1] === 5000), 'the next poll scheduled')
    expect(bodyText()).not.toContain('孙*')
    await checkIn('citizen_red')
    const next = timers.mock.calls.filter((c) => c[1] === 5000).pop()![0] as () => void
    utils.act(() => { next() })
    await waitFor(() => cards().some((c) => c.textContent?.includes('孙*')), 'the new entry')
    // Red status: first, with the red band.
    expect(within(cards()[0], '.gate-entry__name').textContent).toBe('孙*')
    expect(cards()[0].className).toContain('gate-entry--red')
  } finally {
    timers.mockRestore()
  }
})

test('上报 on a red person acknowledges for the venue and says the region\'s officials have it', async () => {
  const utils = await openGate()
  const red = card('孙*')
  expect(red.querySelector('.gate-entry__normal')).toBeNull()
  click(utils, within(red, '.gate-entry__report'))
  await waitFor(() => !!card('孙*').querySelector('.gate-entry__notice'), 'the notice')
  expect(within(card('孙*'), '.gate-entry__notice').textContent).toBe('已上报本区域防控人员，请配合其后续处置')
  expect(await acknowledged(card('孙*').dataset.entry!)).toBe(1)
  const officials = await stack.db.query(
    `SELECT 1 FROM alerts a JOIN alert_recipients r ON r.alert_id = a.id WHERE a.entry_id = $1 AND r.role = 'official'`, [card('孙*').dataset.entry])
  expect(officials.length).toBeGreaterThan(0)
})

test('checkpoints: one switched to shows its own entries; 辅助登记 opens with the place preselected', async () => {
  const added = await callActionOn(stack, 'venue', 'addCheckpoint', { venueId, name: '南门' }, await stack.login('venue_admin'))
  if (!added.ok) throw new Error(added.message)
  const south = added.data.checkpoints.find((c) => c.name === '南门')!
  const utils = await openGate()
  expect(Array.from(document.querySelectorAll('.gate__checkpoint')).map((c) => c.textContent)).toEqual(['全部检测点', '主入口', '南门'])
  expect(q('.gate__checkpoint--on').textContent).toBe('全部检测点')
  click(utils, q(`[data-checkpoint="${south.id}"]`))
  await waitForText('近12小时暂无登记')
  expect(cards()).toHaveLength(0)
  expect(q('.gate__checkpoint--on').textContent).toBe('南门')

  const nav = recordNavigation()
  click(utils, buttonByText('辅助登记'))
  nav.restore()
  expect(nav.urls).toEqual([`/pages/assist/index?venueId=${venueId}&checkpointId=${south.id}`])
})

test('a link naming a checkpoint opens on it', async () => {
  const detail = await callActionOn(stack, 'venue', 'get', { venueId }, await stack.login('venue_admin'))
  if (!detail.ok) throw new Error(detail.message)
  const main = detail.data.checkpoints.find((c) => c.name === '主入口')!
  await openGate(`venueId=${venueId}&checkpointId=${main.id}`)
  expect(q('.gate__checkpoint--on').textContent).toBe('主入口')
})

test('the admin has no 解除绑定; an inspector unbinds after confirming and goes home', async () => {
  await signInAs(stack, 'venue_admin')
  openUrl(`/inspect/gate/index?venueId=${venueId}`)
  await mountPage(Gate)
  await waitFor(() => cards().length > 0, 'the entries')
  expect(q('.gate__role').textContent).toBe('管理员')
  expect(document.querySelector('.gate__leave')).toBeNull()

  const utils = await openGate()
  const modals = answerModals(true)
  const nav = recordNavigation()
  click(utils, q('.gate__leave'))
  await waitFor(() => nav.urls.length > 0, 'the way home')
  modals.restore()
  nav.restore()
  expect(modals.asked[0].content).toContain('泉城广场')
  expect(nav.urls).toEqual(['/pages/index/index'])
  const after = await callActionOn(stack, 'inspector', 'feed', { venueId }, await stack.login('inspector'))
  expect(after).toMatchObject({ ok: false, code: 'NOT_VENUE_STAFF' })
})

test('an account not bound to the venue is told so and offered 绑定场所', async () => {
  await signInAs(stack, 'citizen')
  openUrl(`/inspect/gate/index?venueId=${venueId}`)
  await mountPage(Gate)
  await waitForText('尚未绑定场所')
  buttonByText('绑定场所')
})

test('someone whose identity is not verified shows a grey 身份未核验 chip: no colour, no band', async () => {
  const token = await stack.newAccount()
  const saved = await callActionOn(stack, 'people', 'saveProfile', { name: '魏新', idCard: idCard('37010219901010123'), phone: '13912340010' }, token)
  if (!saved.ok) throw new Error(saved.message)
  const entered = await stack.call('checkIn', { code: codeUrl }, token)
  if (!entered.ok || entered.data.kind !== 'entered') throw new Error('check-in failed')
  // The venue's admin works the gate too (the inspector was unbound above).
  await signInAs(stack, 'venue_admin')
  openUrl(`/inspect/gate/index?venueId=${venueId}`)
  await mountPage(Gate)
  await waitFor(() => cards().some((c) => c.querySelector('.gate-entry__name')?.textContent === '魏*'), 'the entry')
  const unverified = card('魏*')
  expect(within(unverified, '.health-chip').textContent).toBe('身份未核验')
  expect(within(unverified, '.health-chip').className).toBe('health-chip health-chip--hidden')
  expect(unverified.className).not.toMatch(/gate-entry--(yellow|red)/)
  expect(unverified.querySelector('.stop-advice')).toBeNull()
  expect(q('.gate__summary-hidden').textContent).toBe('，未显示健康码 1 人次')
})
