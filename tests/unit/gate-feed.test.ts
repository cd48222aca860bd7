/** The gate's poller (one request at a time, every 5 s, silent after stop) and how an entry reads. */
import {
  createPoller, entryAlert, gateEntryOffer, handledText, isLastingFailure, GATE_POLL_MS, METHOD_LABELS, readTemperature, replaceGateEntry, temperatureText
} from '../../src/services/gate-feed'
import type { Fail, GateEntry, Result } from '../../src/shared/api'

const entry = (entryId: string, extra: Partial<GateEntry> = {}): GateEntry => ({
  entryId, nameMasked: '张*', healthStatus: 'green', statusHidden: null, method: 'self', checkpointId: 'cp1', checkpointName: '主入口',
  checkedInAt: '2022-04-06T02:00:00Z', temperature: null, abnormal: false, alertIds: [], handledAt: null, ...extra
})

/** A fetch whose answers the test releases one by one. */
function controlledFetch() {
  const pending: Array<(r: Result<number>) => void> = []
  let n = 0
  const fetch = jest.fn(() => new Promise<Result<number>>((resolve) => { pending.push(resolve) }))
  const answer = async (r?: Result<number>) => {
    const resolve = pending.shift()
    if (!resolve) throw new Error('no request under way')
    resolve(r ?? { ok: true, data: ++n })
    // Let the poller's continuation run.
    await Promise.resolve(); await Promise.resolve()
  }
  return { fetch, answer, pending }
}

const FAIL: Fail = { ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后重试' }

beforeEach(() => { jest.useFakeTimers() })
afterEach(() => { jest.useRealTimers() })

describe('createPoller', () => {
  test('polls at once, then every 5 s counted from the previous answer', async () => {
    const f = controlledFetch()
    const onData = jest.fn()
    const poller = createPoller({ fetch: f.fetch, onData, onError: jest.fn() })
    poller.start()
    expect(f.fetch).toHaveBeenCalledTimes(1)
    // A slow answer: no second request meanwhile, however long it takes.
    jest.advanceTimersByTime(GATE_POLL_MS * 3)
    expect(f.fetch).toHaveBeenCalledTimes(1)
    await f.answer()
    expect(onData).toHaveBeenLastCalledWith(1)
    jest.advanceTimersByTime(GATE_POLL_MS - 1)
    expect(f.fetch).toHaveBeenCalledTimes(1)
    jest.advanceTimersByTime(1)
    expect(f.fetch).toHaveBeenCalledTimes(2)
    await f.answer()
    expect(onData).toHaveBeenLastCalledWith(2)
    poller.stop()
  })

  test('a failed poll is reported and the polling goes on', async () => {
    const f = controlledFetch()
    const onData = jest.fn()
    const onError = jest.fn()
    const poller = createPoller({ fetch: f.fetch, onData, onError })
    poller.start()
    await f.answer(FAIL)
    expect(onError).toHaveBeenCalledWith(FAIL)
    expect(onData).not.toHaveBeenCalled()
    jest.advanceTimersByTime(GATE_POLL_MS)
    await f.answer()
    expect(onData).toHaveBeenCalledWith(1)
    poller.stop()
  })

  test('a thrown fetch (network gone) counts as a failed poll, not a dead loop', async () => {
    const fetch = jest.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue({ ok: true, data: 7 })
    const onData = jest.fn()
    const onError = jest.fn()
    const poller = createPoller({ fetch, onData, onError })
    poller.start()
    await Promise.resolve(); await Promise.resolve(); await Promise.resolve()
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ ok: false, code: 'INTERNAL' }))
    jest.advanceTimersByTime(GATE_POLL_MS)
    await Promise.resolve(); await Promise.resolve(); await Promise.resolve()
    expect(onData).toHaveBeenCalledWith(7)
    poller.stop()
  })

  test('stop: no more polls, and the answer of one under way is dropped', async () => {
    const f = controlledFetch()
    const onData = jest.fn()
    const poller = createPoller({ fetch: f.fetch, onData, onError: jest.fn() })
    poller.start()
    poller.stop()
    await f.answer()
    expect(onData).not.toHaveBeenCalled()
    jest.advanceTimersByTime(GATE_POLL_MS * 5)
    expect(f.fetch).toHaveBeenCalledTimes(1)
    expect(poller.running).toBe(false)
  })

  test('stopped by its own error handler (a lasting refusal): no poll follows', async () => {
    const f = controlledFetch()
    const poller = createPoller({ fetch: f.fetch, onData: jest.fn(), onError: () => poller.stop() })
    poller.start()
    await f.answer(FAIL)
    jest.advanceTimersByTime(GATE_POLL_MS * 5)
    expect(f.fetch).toHaveBeenCalledTimes(1)
    expect(poller.running).toBe(false)
  })

  test('a busy server\'s wait is kept (with its jitter) before the next poll, then 5 s again', async () => {
    const f = controlledFetch()
    const onError = jest.fn()
    const poller = createPoller({ fetch: f.fetch, onData: jest.fn(), onError, random: () => 0.5 })
    poller.start()
    const busy: Fail = { ok: false, code: 'SYSTEM_BUSY', message: '当前扫码人数较多，请稍候，将自动重试', retryAfterMs: 15_000 }
    await f.answer(busy)
    expect(onError).toHaveBeenCalledWith(busy)
    // 15 s and a quarter of it again (half of the 50 % jitter).
    jest.advanceTimersByTime(18_749)
    expect(f.fetch).toHaveBeenCalledTimes(1)
    jest.advanceTimersByTime(1)
    expect(f.fetch).toHaveBeenCalledTimes(2)
    await f.answer()
    jest.advanceTimersByTime(GATE_POLL_MS)
    expect(f.fetch).toHaveBeenCalledTimes(3)
    poller.stop()
  })

  test('a wait shorter than the interval, or an absurd one, does not poll faster or fall silent', async () => {
    const f = controlledFetch()
    const poller = createPoller({ fetch: f.fetch, onData: jest.fn(), onError: jest.fn(), random: () => 1 })
    poller.start()
    await f.answer({ ok: false, code: 'SYSTEM_BUSY', message: '忙', retryAfterMs: 100 })
    jest.advanceTimersByTime(GATE_POLL_MS - 1)
    expect(f.fetch).toHaveBeenCalledTimes(1)
    jest.advanceTimersByTime(1)
    expect(f.fetch).toHaveBeenCalledTimes(2)
    await f.answer({ ok: false, code: 'SYSTEM_BUSY', message: '忙', retryAfterMs: 24 * 3600_000 })
    jest.advanceTimersByTime(60_000)
    expect(f.fetch).toHaveBeenCalledTimes(3)
    poller.stop()
  })

  test('start twice (mount, then the first didShow) makes one request', () => {
    const f = controlledFetch()
    const poller = createPoller({ fetch: f.fetch, onData: jest.fn(), onError: jest.fn() })
    poller.start()
    poller.start()
    expect(f.fetch).toHaveBeenCalledTimes(1)
    poller.stop()
  })

  test('hidden and shown again: polls at once on return', async () => {
    const f = controlledFetch()
    const poller = createPoller({ fetch: f.fetch, onData: jest.fn(), onError: jest.fn() })
    poller.start()
    await f.answer()
    poller.stop()
    jest.advanceTimersByTime(GATE_POLL_MS * 2)
    expect(f.fetch).toHaveBeenCalledTimes(1)
    poller.start()
    expect(f.fetch).toHaveBeenCalledTimes(2)
    poller.stop()
  })

  test('refresh during a poll: no overlap, the stale answer is dropped and a new poll follows', async () => {
    const f = controlledFetch()
    const onData = jest.fn()
    const poller = createPoller({ fetch: f.fetch, onData, onError: jest.fn() })
    poller.start()
    poller.refresh()
    expect(f.fetch).toHaveBeenCalledTimes(1)
    await f.answer({ ok: true, data: 100 })
    expect(onData).not.toHaveBeenCalled()
    expect(f.fetch).toHaveBeenCalledTimes(2)
    await f.answer({ ok: true, data: 200 })
    expect(onData).toHaveBeenCalledWith(200)
    // The schedule restarts from the refreshed answer: one poll 5 s later, not two.
    jest.advanceTimersByTime(GATE_POLL_MS)
    expect(f.fetch).toHaveBeenCalledTimes(3)
    poller.stop()
  })

  test('refresh between polls polls now and replaces the pending timer', async () => {
    const f = controlledFetch()
    const poller = createPoller({ fetch: f.fetch, onData: jest.fn(), onError: jest.fn() })
    poller.start()
    await f.answer()
    jest.advanceTimersByTime(2000)
    poller.refresh()
    expect(f.fetch).toHaveBeenCalledTimes(2)
    await f.answer()
    jest.advanceTimersByTime(GATE_POLL_MS - 1)
    expect(f.fetch).toHaveBeenCalledTimes(2)
    jest.advanceTimersByTime(1)
    expect(f.fetch).toHaveBeenCalledTimes(3)
    poller.stop()
  })

  test('a timer that fires after being cleared does nothing (an injected timer may be late)', async () => {
    const runs: Array<() => void> = []
    const timer = { set: (run: () => void) => { runs.push(run); return runs.length }, clear: jest.fn() }
    const f = controlledFetch()
    const poller = createPoller({ fetch: f.fetch, onData: jest.fn(), onError: jest.fn(), timer })
    poller.start()
    await f.answer()
    expect(runs).toHaveLength(1)
    poller.stop()
    runs[0]()
    expect(f.fetch).toHaveBeenCalledTimes(1)
  })
})

test('replaceGateEntry changes one entry where it stands', () => {
  const list = [entry('a'), entry('b'), entry('c')]
  const updated = entry('b', { temperature: { celsius: 37.5, abnormal: true, checkedAt: '2022-04-06T02:01:00Z' }, abnormal: true })
  const next = replaceGateEntry(list, updated)
  expect(next.map((e) => e.entryId)).toEqual(['a', 'b', 'c'])
  expect(next[1]).toBe(updated)
  expect(list[1].temperature).toBeNull()
})

test('entryAlert: red for a red code or a fever, yellow for a yellow code', () => {
  const fever = { celsius: 37.3, abnormal: true, checkedAt: '' }
  expect(entryAlert(entry('a'))).toBeNull()
  expect(entryAlert(entry('a', { healthStatus: 'yellow' }))).toBe('yellow')
  expect(entryAlert(entry('a', { healthStatus: 'red' }))).toBe('red')
  expect(entryAlert(entry('a', { temperature: fever }))).toBe('red')
  expect(entryAlert(entry('a', { healthStatus: 'yellow', temperature: fever }))).toBe('red')
  expect(entryAlert(entry('a', { temperature: { celsius: null, abnormal: false, checkedAt: '' } }))).toBeNull()
})

test('entryAlert: no status shown (身份未核验) is no band of any colour, but a fever still is', () => {
  const hidden = { healthStatus: null, statusHidden: 'identity_unverified' as const }
  expect(entryAlert(entry('a', hidden))).toBeNull()
  expect(entryAlert(entry('a', { ...hidden, temperature: { celsius: 38.1, abnormal: true, checkedAt: '' } }))).toBe('red')
})

test('labels and temperatures as the inspector reads them', () => {
  expect(METHOD_LABELS).toEqual({ self: '本人', companion: '同行', assisted: '辅助登记' })
  expect(temperatureText({ celsius: null, abnormal: false, checkedAt: '' })).toBe('体温正常')
  expect(temperatureText({ celsius: 36.5, abnormal: false, checkedAt: '' })).toBe('36.5 ℃')
})

test('readTemperature: typed text to a value, or the shared message', () => {
  expect(readTemperature('36.5')).toEqual({ celsius: 36.5 })
  expect(readTemperature('３７．５℃')).toEqual({ celsius: 37.5 })
  expect(readTemperature('43.5')).toEqual({ error: '体温应在 34.0–43.0 ℃ 之间，请重新测量' })
  expect(readTemperature('')).toEqual({ error: '请输入体温，例如 36.5' })
  expect(readTemperature('abc')).toEqual({ error: '请输入体温，例如 36.5' })
  expect(readTemperature('36.55')).toEqual({ error: '体温最多保留一位小数，例如 37.3' })
})

test('unbound, signed out or a removed checkpoint stop the polling; a busy server does not', () => {
  for (const code of ['NOT_VENUE_STAFF', 'NOT_LOGGED_IN', 'VENUE_NOT_FOUND', 'CHECKPOINT_NOT_FOUND', 'NOT_OFFICIAL'] as const) expect(isLastingFailure({ code })).toBe(true)
  for (const code of ['INTERNAL', 'RATE_LIMITED'] as const) expect(isLastingFailure({ code })).toBe(false)
})

test('a stopped person is offered 已处置 / 上报, never 体温正常 (issue 17, observation 9)', () => {
  const fever = { celsius: 37.8, abnormal: true, checkedAt: '' }
  expect(gateEntryOffer(entry('a', { healthStatus: 'red', alertIds: ['x'] }))).toBe('dispose')
  expect(gateEntryOffer(entry('a', { healthStatus: 'yellow', alertIds: ['x'] }))).toBe('dispose')
  expect(gateEntryOffer(entry('a', { temperature: fever, alertIds: ['x'] }))).toBe('dispose')
  expect(gateEntryOffer(entry('a', { healthStatus: 'red', alertIds: ['x'], handledAt: '2022-04-06T02:05:00Z' }))).toBe('done')
  // No alert of the venue's to acknowledge (raised for officials only): nothing to tap.
  expect(gateEntryOffer(entry('a', { healthStatus: 'red' }))).toBe('none')
  expect(gateEntryOffer(entry('a'))).toBe('temperature')
  expect(gateEntryOffer(entry('a', { temperature: { celsius: null, abnormal: false, checkedAt: '' } }))).toBe('none')
  expect(handledText('2022-04-06T02:05:00Z')).toBe('已处置 · 10:05')
})
