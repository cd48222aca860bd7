import type { CheckInResponse, Fail, Result } from '../../src/shared/api'
import { ERRORS } from '../../src/shared/errors'
import {
  createScanQueue, EXPIRED_NOTICE, isRetryable, isScanId, MAX_QUEUED_SCANS, newScanId, OVERFLOW_NOTICE, retryDelayMs,
  RETRY_BASE_MS, RETRY_CAP_MS, SCAN_QUEUE_KEY, uploadVerdict, type NewScan, type QueuedScan, type ScanQueueEvent
} from '../../src/services/scan-queue'

const T0 = Date.parse('2026-12-07T00:30:00Z')
const UNREACHABLE: Fail = { ok: false, code: 'INTERNAL', message: '网络不可用，请检查网络后重试', unreachable: true }
const BUSY: Fail = { ok: false, code: 'SYSTEM_BUSY', message: ERRORS.SYSTEM_BUSY, retryAfterMs: 30_000 }
const FORGED: Fail = { ok: false, code: 'VENUE_CODE_FORGED', message: ERRORS.VENUE_CODE_FORGED }

function entered(scanId: string): Result<CheckInResponse> {
  return {
    ok: true,
    data: {
      kind: 'entered',
      venue: { id: 'v1', name: '泉城广场', fullAddress: '山东省济南市', typeLabel: '广场', checkpointName: '主入口' },
      people: [{
        personId: 'p1', entryId: `e-${scanId}`, nameMasked: '张*', healthStatus: 'green', statusHidden: null, method: 'self',
        relation: null, idLast4: '1234', checkedInAt: new Date(T0).toISOString(), repeated: false, receivedAt: new Date(T0).toISOString()
      }]
    }
  }
}

/** A clock, a Map for storage, timers on that clock, and an upload the test answers. */
function harness() {
  let now = T0
  const store = new Map<string, string>()
  const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = []
  const uploads: QueuedScan[] = []
  let answer: (scan: QueuedScan) => Result<CheckInResponse> | Promise<Result<CheckInResponse>> = () => UNREACHABLE
  const events: ScanQueueEvent[] = []
  const queue = createScanQueue({
    store: { get: (k) => store.get(k) ?? null, set: (k, v) => { store.set(k, v) } },
    now: () => now,
    random: () => 0.5,
    upload: async (scan) => { uploads.push(scan); return answer(scan) },
    schedule: (fn, ms) => {
      const t = { at: now + ms, fn, cancelled: false }
      timers.push(t)
      return () => { t.cancelled = true }
    }
  })
  queue.subscribe((e) => events.push(e))
  return {
    queue, store, uploads, events,
    answer: (f: typeof answer) => { answer = f },
    /** Move the clock on and run the timers that came due (and what they started). */
    async advance(ms: number) {
      now += ms
      for (const t of timers.filter((x) => !x.cancelled && x.at <= now)) { t.cancelled = true; t.fn() }
      await new Promise((r) => setImmediate(r))
    },
    nextTimerIn: () => {
      const live = timers.filter((t) => !t.cancelled)
      return live.length ? Math.min(...live.map((t) => t.at)) - now : null
    },
    at: () => now
  }
}

let n = 0
function scan(over: Partial<NewScan> = {}, scannedAt = T0): NewScan {
  n += 1
  return { scanId: `scan-${String(n).padStart(12, '0')}`, code: 'https://csm.example/c?t=CSM1.x', scannedAt: new Date(scannedAt).toISOString(), companionIds: [], lastKnown: null, ...over }
}

describe('a scan id', () => {
  it('is made on the device in the shape the server accepts, and differs from scan to scan', () => {
    let seed = 7
    const bytes = (k: number) => Uint8Array.from({ length: k }, () => (seed = (seed * 73 + 41) % 256))
    const a = newScanId(bytes)
    const b = newScanId(bytes)
    expect(isScanId(a)).toBe(true)
    expect(a).toHaveLength(24)
    expect(a).not.toBe(b)
  })
  it('is refused in any other shape', () => {
    expect(isScanId('short')).toBe(false)
    expect(isScanId('a'.repeat(65))).toBe(false)
    expect(isScanId('with space in it, long enough')).toBe(false)
  })
})

describe('which answers keep a scan, end it, or drop it with a notice', () => {
  it('keeps it when nobody answered, the server was busy, or failed unexpectedly', () => {
    expect(isRetryable(UNREACHABLE)).toBe(true)
    expect(isRetryable(BUSY)).toBe(true)
    expect(isRetryable({ ok: false, code: 'INTERNAL', message: ERRORS.INTERNAL, requestId: 'abc' })).toBe(true)
    expect(uploadVerdict(BUSY)).toEqual({ kind: 'keep', retryAfterMs: 30_000 })
    expect(uploadVerdict({ ok: false, code: 'NOT_LOGGED_IN', message: ERRORS.NOT_LOGGED_IN })).toEqual({ kind: 'keep', retryAfterMs: null })
  })
  it('ends it when the server logged the entry', () => {
    expect(uploadVerdict(entered('x')).kind).toBe('done')
  })
  it.each(['VENUE_CODE_FORGED', 'VENUE_CODE_REVOKED', 'VENUE_CODE_FOREIGN', 'SCAN_EXPIRED', 'VENUE_NOT_FOUND'] as const)(
    'drops it with the server\'s words when the code or the scan is refused (%s)', (code) => {
      expect(isRetryable({ ok: false, code, message: ERRORS[code] })).toBe(false)
      expect(uploadVerdict({ ok: false, code, message: ERRORS[code] })).toEqual({ kind: 'drop', code, message: ERRORS[code] })
    })
})

describe('how long to wait', () => {
  it('doubles with every failure in a row, waits a random half of the step, and stops at the cap', () => {
    expect(retryDelayMs(1, null, () => 0)).toBe(RETRY_BASE_MS / 2)
    expect(retryDelayMs(1, null, () => 1)).toBe(RETRY_BASE_MS)
    expect(retryDelayMs(3, null, () => 1)).toBe(RETRY_BASE_MS * 4)
    expect(retryDelayMs(30, null, () => 1)).toBe(RETRY_CAP_MS)
    expect(retryDelayMs(30, null, () => 0)).toBe(RETRY_CAP_MS / 2)
  })
  it('never comes back sooner than the server asked', () => {
    expect(retryDelayMs(1, 45_000, () => 0.5)).toBe(45_000)
  })
})

describe('the line', () => {
  it('keeps a scan in storage with everything needed to upload it late', () => {
    const h = harness()
    const s = scan({ companionIds: ['c1'], lastKnown: { status: 'green', knownAt: new Date(T0 - 7200_000).toISOString() } })
    h.queue.keep(s, UNREACHABLE)
    const stored = JSON.parse(h.store.get(SCAN_QUEUE_KEY)!)
    expect(stored.scans).toEqual([{ ...s, tries: 1 }])
    expect(h.queue.pending()).toEqual([{ ...s, tries: 1 }])
    expect(h.events).toEqual([{ kind: 'kept', scan: { ...s, tries: 1 } }])
  })

  it('tries again after the backoff, longer after each failure, and ends the scan when it is logged', async () => {
    const h = harness()
    h.queue.keep(scan(), UNREACHABLE)
    // random 0.5: three quarters of the step.
    expect(h.nextTimerIn()).toBe(RETRY_BASE_MS * 0.75)
    await h.advance(RETRY_BASE_MS * 0.75 - 1)
    expect(h.uploads).toHaveLength(0)
    await h.advance(1)
    expect(h.uploads).toHaveLength(1)
    expect(h.nextTimerIn()).toBe(RETRY_BASE_MS * 2 * 0.75)
    h.answer((s) => entered(s.scanId))
    await h.advance(RETRY_BASE_MS * 2 * 0.75)
    expect(h.uploads).toHaveLength(2)
    expect(h.queue.pending()).toEqual([])
    expect(h.events.map((e) => e.kind)).toEqual(['kept', 'done'])
    expect(h.nextTimerIn()).toBeNull()
  })

  it('waits as long as a busy server asks', async () => {
    const h = harness()
    h.queue.keep(scan(), BUSY)
    expect(h.nextTimerIn()).toBe(30_000)
    h.answer(() => BUSY)
    await h.advance(30_000)
    expect(h.uploads).toHaveLength(1)
    expect(h.nextTimerIn()).toBe(30_000)
  })

  it('sends the same scan id and scan time on every try', async () => {
    const h = harness()
    const s = h.queue.keep(scan(), UNREACHABLE)
    await h.queue.drain({ force: true })
    await h.queue.drain({ force: true })
    expect(h.uploads.map((u) => [u.scanId, u.scannedAt, u.code])).toEqual([[s.scanId, s.scannedAt, s.code], [s.scanId, s.scannedAt, s.code]])
    expect(h.queue.pending()[0].tries).toBe(3)
  })

  it('does not knock before its time unless forced (foreground, network back)', async () => {
    const h = harness()
    h.queue.keep(scan(), UNREACHABLE)
    await h.queue.drain()
    expect(h.uploads).toHaveLength(0)
    h.answer((s) => entered(s.scanId))
    await h.queue.drain({ force: true })
    expect(h.uploads).toHaveLength(1)
    expect(h.queue.pending()).toEqual([])
  })

  it('uploads one scan at a time, oldest first, and stops at the first failure', async () => {
    const h = harness()
    let inFlight = 0
    let most = 0
    h.answer(async (s) => {
      inFlight += 1
      most = Math.max(most, inFlight)
      await new Promise((r) => setImmediate(r))
      inFlight -= 1
      return s.scanId === second.scanId ? UNREACHABLE : entered(s.scanId)
    })
    const first = h.queue.keep(scan(), UNREACHABLE)
    const second = h.queue.keep(scan(), UNREACHABLE)
    const third = h.queue.keep(scan(), UNREACHABLE)
    // Two callers at once (the foreground, then a timer) share one pass.
    await Promise.all([h.queue.drain({ force: true }), h.queue.drain()])
    expect(most).toBe(1)
    expect(h.uploads.map((u) => u.scanId)).toEqual([first.scanId, second.scanId])
    expect(h.queue.pending().map((s) => s.scanId)).toEqual([second.scanId, third.scanId])
  })

  it('tries once more when the network comes back during a try that then fails', async () => {
    const h = harness()
    const s = h.queue.keep(scan(), UNREACHABLE)
    let online = false
    let release: () => void = () => {}
    h.answer((x) => new Promise((resolve) => { release = () => resolve(online ? entered(x.scanId) : UNREACHABLE) }))
    const timerTry = h.queue.drain({ force: true })
    await new Promise((r) => setImmediate(r))
    // The network returns while the first try is still on its way (and will fail).
    const networkBack = h.queue.drain({ force: true })
    release()
    online = true
    await new Promise((r) => setImmediate(r))
    release()
    await Promise.all([timerTry, networkBack])
    expect(h.uploads.map((u) => u.scanId)).toEqual([s.scanId, s.scanId])
    expect(h.queue.pending()).toEqual([])
  })

  it('drops a refused scan and tells the person, and goes on with the next', async () => {
    const h = harness()
    const forged = h.queue.keep(scan(), UNREACHABLE)
    const good = h.queue.keep(scan(), UNREACHABLE)
    h.answer((s) => (s.scanId === forged.scanId ? FORGED : entered(s.scanId)))
    await h.queue.drain({ force: true })
    expect(h.queue.pending()).toEqual([])
    expect(h.queue.notices()).toEqual([{ scanId: forged.scanId, scannedAt: forged.scannedAt, reason: 'refused', code: 'VENUE_CODE_FORGED', message: ERRORS.VENUE_CODE_FORGED }])
    expect(h.events.filter((e) => e.kind === 'done').map((e) => (e as { scanId: string }).scanId)).toEqual([good.scanId])
    h.queue.dismissNotices()
    expect(h.queue.notices()).toEqual([])
  })

  it('drops a scan older than 24 hours without uploading it, with a notice', async () => {
    const h = harness()
    const old = h.queue.keep(scan(), UNREACHABLE)
    h.answer((s) => entered(s.scanId))
    await h.advance(24 * 3600_000)
    expect(h.uploads).toHaveLength(0)
    expect(h.queue.pending()).toEqual([])
    expect(h.queue.notices()).toEqual([{ scanId: old.scanId, scannedAt: old.scannedAt, reason: 'expired', code: null, message: EXPIRED_NOTICE }])
  })

  it('holds a bounded number of scans: the oldest gives way, with a notice', () => {
    const h = harness()
    const kept = Array.from({ length: MAX_QUEUED_SCANS + 1 }, () => h.queue.keep(scan(), UNREACHABLE))
    expect(h.queue.pending()).toHaveLength(MAX_QUEUED_SCANS)
    expect(h.queue.pending()[0].scanId).toBe(kept[1].scanId)
    expect(h.queue.notices()).toEqual([{ scanId: kept[0].scanId, scannedAt: kept[0].scannedAt, reason: 'overflow', code: null, message: OVERFLOW_NOTICE }])
  })

  it('starts from what an earlier run of the app kept, and an unreadable store as empty', async () => {
    const h = harness()
    h.queue.keep(scan(), UNREACHABLE)
    const again = createScanQueue({
      store: { get: (k) => h.store.get(k) ?? null, set: (k, v) => { h.store.set(k, v) } },
      now: () => h.at(), random: () => 0.5, upload: async (s) => entered(s.scanId), schedule: () => () => {}
    })
    expect(again.pending()).toHaveLength(1)
    await again.drain({ force: true })
    expect(again.pending()).toEqual([])
    h.store.set(SCAN_QUEUE_KEY, '{not json')
    expect(h.queue.pending()).toEqual([])
  })

  it('forgets everything when the account signs out', () => {
    const h = harness()
    h.queue.keep(scan(), UNREACHABLE)
    h.queue.clear()
    expect(h.queue.pending()).toEqual([])
    expect(h.nextTimerIn()).toBeNull()
  })
})
