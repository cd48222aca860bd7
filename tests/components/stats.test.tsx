/**
 * 检测统计 against the real venue function: a venue with entries at known checkpoints (scanned,
 * registered by an inspector, one at a checkpoint removed since, temperatures taken) shows its
 * totals and per-checkpoint and per-inspector numbers as text; yesterday is an empty day; a future
 * day cannot be chosen and the server's refusal is shown if it is asked for anyway; refused in a
 * surge, the page asks again by itself after the wait it was told. The charts cannot draw in jsdom:
 * the page must not mind.
 */
import Stats from '../../src/manage/stats'
import { ERRORS } from '../../src/shared/errors'
import { addDays, shanghaiDate } from '../../src/shared/time'
import type { TestStack } from '../support/stack'
import { setTransport } from '../../src/services/cloud'
import { getToken } from '../../src/services/token'
import { makeIdCard, solo, unwrap } from '../integration/fixtures'
import {
  bodyText, buttonByText, click, connect, createPageStack, mountPage, openUrl, q, signInAs, signOut, waitFor, waitForText
} from './support/helpers'

let stack: TestStack
let venueId = ''
const ids: Record<string, string> = {}

/** A fresh account with 实名信息, signed in: its token. */
async function person(name: string): Promise<string> {
  const token = await stack.newAccount()
  await stack.verify(token, { name, idCard: makeIdCard('19800101'), phone: '13912340000' })
  return token
}

beforeAll(async () => {
  stack = await createPageStack()
  // The demo admin's venue 泉城广场 (its one checkpoint 主入口), given two more checkpoints.
  // generateCode (a new venue) cannot run in jsdom: pdfkit takes it for a browser.
  const admin = await stack.login('venue_admin')
  const main = unwrap(await stack.call('myVenues', {}, admin)).venues[0].code
  venueId = main.venueId
  const withSouth = unwrap(await stack.act('venue', 'addCheckpoint', { venueId, name: '南门' }, admin))
  const withEast = unwrap(await stack.act('venue', 'addCheckpoint', { venueId, name: '东门' }, admin))
  const south = withSouth.checkpoints.find((c) => c.name === '南门')!
  const east = withEast.checkpoints.find((c) => c.name === '东门')!
  ids.main = main.checkpointId
  ids.south = south.id
  ids.east = east.id

  // 主入口: two people scan; 东门: one, and then 东门 is removed; 南门: one registered by the inspector.
  const a = solo(await stack.call('checkIn', { code: main.url }, await person('甲一')))
  solo(await stack.call('checkIn', { code: main.url }, await person('乙二')))
  const c = solo(await stack.call('checkIn', { code: east.url }, await person('丙三')))
  unwrap(await stack.act('venue', 'removeCheckpoint', { venueId, checkpointId: east.id }, admin))

  const inspector = await person('丁检')
  ids.inspector = await stack.userIdOf(inspector)
  unwrap(await stack.act('inspector', 'bind', { declarationCode: withEast.venue.declarationCode }, inspector))
  unwrap(await stack.act('assist', 'register', { venueId, checkpointId: south.id, name: '戊五', idCard: makeIdCard('19500101') }, inspector))
  unwrap(await stack.act('inspector', 'temperature', { entryId: a.entryId, normal: true }, inspector))
  unwrap(await stack.act('inspector', 'temperature', { entryId: c.entryId, celsius: 37.6 }, inspector))
})
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack); signOut() })

const tile = (key: string) => q(`[data-tile="${key}"] .stats__tile-value`).textContent
const cell = (row: string, col: string) => q(`${row} [data-col="${col}"]`).textContent
/** Taro's H5 button reflects `disabled` as a property; the attribute can be there either way. */
const disabled = (text: string) => (buttonByText(text) as HTMLElement & { disabled?: boolean }).disabled === true
const loaded = () => waitFor(() => !!document.querySelector('.stats__dates'), 'the date bar')

async function open() {
  await signInAs(stack, 'venue_admin')
  openUrl(`/manage/stats/index?venueId=${encodeURIComponent(venueId)}`)
  const utils = await mountPage(Stats)
  await loaded()
  return utils
}

test("today: the totals, the busiest hour, each checkpoint (the removed one marked) and the inspector's work", async () => {
  await open()
  await waitFor(() => !!document.querySelector('[data-tile="entries"]'), 'the totals')
  const today = shanghaiDate(new Date())
  expect(q('.stats__venue').textContent).toBe('泉城广场')
  expect(q('.stats__date-text').textContent).toBe(today)
  expect(q('.stats__date-name').textContent).toBe('今天')

  expect(tile('entries')).toBe('4')
  expect(tile('people')).toBe('4')
  expect(tile('assisted')).toBe('1')
  expect(tile('yellow')).toBe('0')
  expect(tile('red')).toBe('0')
  // No one yellow or red: those tiles are not coloured.
  expect(q('[data-tile="yellow"]').className).not.toMatch(/stats__tone--(yellow|red)/)
  expect(q('[data-tile="red"]').className).not.toMatch(/stats__tone--(yellow|red)/)
  expect(q('[data-count="checked"]').textContent).toBe('检测 2')
  expect(q('[data-count="normal"]').textContent).toBe('正常 1')
  expect(q('[data-count="abnormal"]').textContent).toBe('异常 1')
  expect(q('[data-count="abnormal"]').className).toContain('stats__alert')

  // Every entry was made just now: the busiest hour is this hour, with all four.
  expect(q('.stats__peak').textContent).toMatch(/^高峰时段 \d{2}:00–\d{2}:00，4人次$/)
  expect(document.querySelectorAll('.stats__hour')).toHaveLength(1)
  // Both charts are on the page, each on its own canvas, though jsdom draws nothing.
  const canvasIds = Array.from(document.querySelectorAll('.f2-chart')).map((c) => c.id)
  expect(canvasIds).toHaveLength(2)
  expect(new Set(canvasIds).size).toBe(2)

  const row = (id: string) => `[data-checkpoint="${id}"]`
  expect(q(`${row(ids.main)} .stats__name`).textContent).toBe('主入口')
  expect([cell(row(ids.main), 'entries'), cell(row(ids.main), 'people'), cell(row(ids.main), 'temperature')]).toEqual(['2', '2', '1/0'])
  expect([cell(row(ids.south), 'entries'), cell(row(ids.south), 'people'), cell(row(ids.south), 'temperature')]).toEqual(['1', '1', '0/0'])
  expect(q(`${row(ids.east)} .stats__name`).textContent).toBe('东门')
  expect(q(`${row(ids.east)} .stats__removed`).textContent).toBe('已删除')
  expect([cell(row(ids.east), 'entries'), cell(row(ids.east), 'people'), cell(row(ids.east), 'temperature')]).toEqual(['1', '1', '1/1'])
  expect(document.querySelector(`${row(ids.main)} .stats__removed`)).toBeNull()

  const insp = `[data-inspector="${ids.inspector}"]`
  expect(q(`${insp} .stats__name`).textContent).toBe('丁*')
  expect([cell(insp, 'assisted'), cell(insp, 'checked'), cell(insp, 'abnormal')]).toEqual(['1', '2', '1'])
  expect(bodyText()).not.toContain('丁检')

  // The week: six empty days, then today's four, labelled MM-DD.
  const week = Array.from(document.querySelectorAll('.stats__trend [data-date]')).map((r) => [r.getAttribute('data-date'), r.querySelector('[data-col="entries"]')?.textContent])
  expect(week).toHaveLength(7)
  expect(week[6]).toEqual([today, '4'])
  expect(week[0]).toEqual([addDays(today, -6), '0'])
  expect(q(`.stats__trend [data-date="${today}"] .stats__cell`).textContent).toBe(today.slice(5))
})

test('前一天 shows yesterday as an empty day without charts; 后一天 comes back to today', async () => {
  const utils = await open()
  await waitFor(() => !!document.querySelector('[data-tile="entries"]'), 'the totals')
  const today = shanghaiDate(new Date())
  click(utils, buttonByText('前一天'))
  await waitForText('当日暂无登记')
  expect(q('.stats__date-text').textContent).toBe(addDays(today, -1))
  expect(q('.stats__date-name').textContent).toBe('昨天')
  expect(document.querySelector('.f2-chart')).toBeNull()
  expect(document.querySelector('[data-tile="entries"]')).toBeNull()
  // The week up to yesterday has nothing either.
  expect(q('.stats__empty-hint').textContent).toContain('近7日都没有登记')

  expect(disabled('后一天')).toBe(false)
  click(utils, buttonByText('后一天'))
  await waitFor(() => !!document.querySelector('[data-tile="entries"]'), 'today again')
  expect(tile('entries')).toBe('4')
  expect(document.querySelectorAll('.f2-chart')).toHaveLength(2)
})

test('the future cannot be chosen, and the refusal is shown when it is asked for anyway', async () => {
  const utils = await open()
  await waitFor(() => !!document.querySelector('[data-tile="entries"]'), 'the totals')
  const today = shanghaiDate(new Date())
  // On today 后一天 is off, and the date picker ends today.
  expect(disabled('后一天')).toBe(true)
  const picker = q('.stats__picker')
  expect(picker.getAttribute('end')).toBe(today)

  // A picker that let a later day through (or a phone clock ahead of the server's): the
  // server says no, in words, and today's numbers stay.
  utils.act(() => { picker.dispatchEvent(new CustomEvent('change', { detail: { value: addDays(today, 1) }, bubbles: true })) })
  await waitFor(() => !!document.querySelector('.stats__date-error'), 'the refusal')
  expect(q('.stats__date-error').textContent).toBe('不能查询未来的日期')
  expect(q('.stats__date-text').textContent).toBe(today)
  expect(tile('entries')).toBe('4')
})

test('someone who is not the venue admin is refused in words', async () => {
  await signInAs(stack, 'citizen')
  openUrl(`/manage/stats/index?venueId=${encodeURIComponent(venueId)}`)
  await mountPage(Stats)
  await waitFor(() => !!document.querySelector('.load-error'), 'the refusal')
  expect(document.querySelector('.stats__dates')).toBeNull()
  expect(q('.load-error__message').textContent).toBe(ERRORS.NOT_VENUE_ADMIN)
})

test('refused in a surge (SYSTEM_BUSY with a wait), the page says so and fills in by itself after the wait, without 重试', async () => {
  // The server is busy for the first statistics request only; everything else reaches the real functions.
  let busy = 1
  setTransport((name, data) => {
    if (name === 'venue' && (data as { action?: string }).action === 'stats' && busy-- > 0) {
      return Promise.resolve({ ok: false, code: 'SYSTEM_BUSY', message: ERRORS.SYSTEM_BUSY, retryAfterMs: 300 })
    }
    return stack.call(name, data as Record<string, unknown>, getToken() || undefined)
  })
  await signInAs(stack, 'venue_admin')
  openUrl(`/manage/stats/index?venueId=${encodeURIComponent(venueId)}`)
  await mountPage(Stats)
  await waitForText(ERRORS.SYSTEM_BUSY)
  await waitFor(() => !!document.querySelector('[data-tile="entries"]'), 'the totals, once the wait is over')
  expect(tile('entries')).toBe('4')
  expect(busy).toBe(-1)
})
