/**
 * 异常提醒 against the real functions: a yellow code scanning and a fever recorded at the gate
 * reach the venue's inspector, waiting ones first and highlighted, each with where, who
 * (masked), when and the red 请勿进入 advice; 我已知晓 acknowledges for this inspector only; the
 * next poll picks up a new alert; a case's visit says when and what to do and names nobody; and
 * no WeChat subscription button outside WeChat, even with a template configured.
 */
import Alerts from '../../src/inspect/alerts'
import type { DemoAccountId } from '../../src/shared/api'
import { CAUSE_DETAILS, STOP_TITLE } from '../../src/shared/entry-advice'
import type { TestStack } from '../support/stack'
import { confirmTraceApproved } from '../support/two-officials'
import {
  bodyText, buttonByText, callActionOn, click, connect, createPageStack, demoCodeUrl, mountPage, q, signInAs, signOut, waitFor, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
let codeUrl = ''

const checkIn = async (account: DemoAccountId): Promise<string> => {
  const res = await stack.call('checkIn', { code: codeUrl }, await stack.login(account))
  if (!res.ok || res.data.kind !== 'entered') throw new Error(`check-in of ${account} failed`)
  return res.data.people[0].entryId
}

beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
  // A fever first, then a yellow code: the newest waiting alert comes first.
  const green = await checkIn('citizen')
  const measured = await callActionOn(stack, 'inspector', 'temperature', { entryId: green, celsius: 37.8 }, await stack.login('inspector'))
  if (!measured.ok) throw new Error(measured.message)
  await new Promise((r) => setTimeout(r, 20))
  await checkIn('citizen_yellow')
})
afterAll(async () => {
  // Unmount, so the page's polling stops before the database closes.
  await mountPage(() => null)
  await stack.close()
})
beforeEach(() => { wire = connect(stack); signOut() })

const cards = () => Array.from(document.querySelectorAll<HTMLElement>('.alert-item'))
const within = (el: HTMLElement, selector: string): string => {
  const found = el.querySelector(selector)
  if (!found) throw new Error(`no ${selector} in ${el.textContent}`)
  return found.textContent ?? ''
}

async function open(account: DemoAccountId = 'inspector') {
  await signInAs(stack, account)
  const utils = await mountPage(Alerts)
  await waitFor(() => cards().length > 0 || !!document.querySelector('.alerts__empty'), 'the alerts')
  return utils
}

test('the venue\'s alerts, waiting first: kind, place, masked person, time, and the red advice', async () => {
  await open()
  expect(cards()).toHaveLength(2)
  const [yellow, fever] = cards()
  for (const c of [yellow, fever]) {
    expect(c.className).toContain('alert-item--waiting')
    expect(within(c, '.alert-item__place')).toBe('泉城广场 · 主入口')
    expect(within(c, '.alert-item__time')).toMatch(/^\d{2}:\d{2}:\d{2}$/)
    expect(within(c, '.stop-advice__title')).toBe(STOP_TITLE)
    expect(c.querySelector('.alert-item__ack')).not.toBeNull()
  }
  expect(within(yellow, '.alert-item__kind')).toBe('异常健康码人员扫码')
  expect(within(yellow, '.alert-item__name')).toBe('钱*')
  expect(within(yellow, '.health-chip')).toBe('黄码')
  expect(within(yellow, '.stop-advice__detail')).toBe(CAUSE_DETAILS.yellow)

  expect(within(fever, '.alert-item__kind')).toBe('体温异常')
  expect(within(fever, '.alert-item__name')).toBe('张*')
  expect(within(fever, '.alert-item__temperature')).toBe('体温 37.8 ℃')
  expect(within(fever, '.stop-advice__detail')).toBe(CAUSE_DETAILS.fever(37.8))

  expect(q('.alerts__summary').textContent).toBe('待确认 2 条')
  expect(bodyText()).toContain('每5秒自动刷新')
  // Masked only: the full names never reach the venue's staff.
  expect(bodyText()).not.toMatch(/钱七|张三/)
})

test('我已知晓: acknowledged for this inspector, shown in place, one fewer waiting; the admin still has it waiting', async () => {
  const utils = await open()
  const target = cards()[0]
  const alertId = target.getAttribute('data-alert')!
  click(utils, target.querySelector<HTMLElement>('.alert-item__ack')!)
  await waitFor(() => !!document.querySelector(`[data-alert="${alertId}"] .alert-item__acked`), 'the acknowledgement')
  expect(wire.sent.find((s) => s.data.action === 'acknowledge')).toEqual({ name: 'alert', data: { action: 'acknowledge', alertId } })
  const done = q(`[data-alert="${alertId}"]`)
  expect(done.className).not.toContain('alert-item--waiting')
  expect(done.querySelector('.alert-item__ack')).toBeNull()
  expect(within(done, '.alert-item__acked')).toMatch(/^已知晓 · \d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)
  expect(q('.alerts__summary').textContent).toBe('待确认 1 条')

  const mine = await callActionOn(stack, 'alert', 'list', {}, await stack.login('inspector'))
  if (!mine.ok) throw new Error(mine.message)
  expect(mine.data.unacknowledged).toBe(1)
  expect(mine.data.alerts.find((a) => a.alertId === alertId)!.acknowledgedAt).not.toBeNull()
  const admin = await callActionOn(stack, 'alert', 'list', {}, await stack.login('venue_admin'))
  if (!admin.ok) throw new Error(admin.message)
  expect(admin.data.alerts.find((a) => a.alertId === alertId)!.acknowledgedAt).toBeNull()
})

test('opened again, the acknowledged alert goes below those still waiting', async () => {
  await open()
  expect(cards().map((c) => c.className.includes('alert-item--waiting'))).toEqual([true, false])
})

test('the poll 5 s later picks up a red code that scanned meanwhile', async () => {
  const timers = jest.spyOn(global, 'setTimeout')
  try {
    const utils = await open()
    await waitFor(() => timers.mock.calls.some((c) => c[1] === 5000), 'the next poll scheduled')
    expect(bodyText()).not.toContain('孙*')
    await checkIn('citizen_red')
    // The alert may be raised a moment after the entry: poll until it is listed.
    await waitFor(() => {
      const next = timers.mock.calls.filter((c) => c[1] === 5000).pop()![0] as () => void
      utils.act(() => { next() })
      return cards().some((c) => c.textContent?.includes('孙*'))
    }, 'the new alert')
    const red = cards()[0]
    expect(within(red, '.alert-item__name')).toBe('孙*')
    expect(within(red, '.stop-advice__detail')).toBe(CAUSE_DETAILS.red)
  } finally {
    timers.mockRestore()
  }
})

test('a confirmed case\'s visit: the period and what to do, nobody named, no door advice', async () => {
  const official = await stack.login('official')
  await stack.db.query(
    `INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, '3701', '济南市疫情防控指挥部', 'demo')
     ON CONFLICT (user_id) DO NOTHING`, [await stack.userIdOf(official)])
  const trace = await callActionOn(stack, 'official', 'trace', { idCard: '370102199203157896' }, official)
  if (!trace.ok) throw new Error(trace.message)
  // Two-person rule: the venues hear of it once a second official approves the confirmation.
  await confirmTraceApproved(stack, official, await stack.login('official_reviewer'), trace.data.traceId)

  await open()
  await waitFor(() => cards().some((c) => c.className.includes('alert-item--exposure')), 'the exposure alert')
  const exposure = cards().find((c) => c.className.includes('alert-item--exposure'))!
  expect(within(exposure, '.alert-item__kind')).toBe('确诊病例曾到访')
  expect(within(exposure, '.alert-item__place')).toBe('泉城广场')
  expect(within(exposure, '.alert-item__exposure')).toMatch(/^确诊病例曾于 \d{1,2}月\d{1,2}日 \d{2}:\d{2}–.+ 到访本场所。请配合疾控部门开展消杀和排查/)
  expect(exposure.querySelector('.alert-item__name')).toBeNull()
  expect(exposure.querySelector('.stop-advice')).toBeNull()
  expect(exposure.textContent).not.toContain('孙')
})

test('outside WeChat there is no 接收微信提醒 button, even with a template configured', async () => {
  stack.config.alertTemplateId = 'tmpl-alert-1'
  try {
    const offered = await callActionOn(stack, 'alert', 'list', {}, await stack.login('inspector'))
    if (!offered.ok) throw new Error(offered.message)
    expect(offered.data.subscribeTemplateIds).toEqual(['tmpl-alert-1'])
    await open()
    expect(() => buttonByText('接收微信提醒')).toThrow()
  } finally {
    delete stack.config.alertTemplateId
  }
})

test('an account working no gate has no alerts', async () => {
  await open('citizen')
  expect(q('.alerts__empty-text').textContent).toBe('暂无异常提醒')
  expect(q('.alerts__summary').textContent).toBe('没有待确认的提醒')
})

test('signed out: asked to sign in, and no poll follows', async () => {
  const timers = jest.spyOn(global, 'setTimeout')
  try {
    const utils = await mountPage(Alerts)
    await waitFor(() => !!document.querySelector('.load-error'), 'the refusal')
    expect(bodyText()).toContain('请先登录')
    // The sign-in offer loads its demo accounts; the alert list is not asked again.
    const polls = () => wire.calls.filter((c) => c === 'alert').length
    expect(polls()).toBe(1)
    expect(timers.mock.calls.filter((c) => c[1] === 5000)).toHaveLength(0)
    await new Promise((r) => setTimeout(r, 200))
    utils.act(() => { for (const c of timers.mock.calls.filter((t) => t[1] === 5000)) (c[0] as () => void)() })
    expect(polls()).toBe(1)
    expect(cards()).toHaveLength(0)
  } finally {
    timers.mockRestore()
  }
})
