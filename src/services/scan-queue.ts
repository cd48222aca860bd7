/**
 * The scans a device keeps when a check-in got no answer (network lost, timed out) or the server
 * was too busy to take it: the rules of what is kept, when it is tried again and what ends it.
 * Plain TypeScript: storage, the clock, chance, timers and the upload itself are handed in, so
 * the same rules run in the mini-programs, the browser and the unit tests.
 *
 * - Kept: the scanned text, the device's scan time, the scan id made before the first try,
 *   who was entered (companionIds), and the person's last known colour with when it was known.
 * - Tried again with exponential backoff and jitter, capped, never sooner than the server's
 *   retryAfterMs; at once when the app comes back to the foreground or the network returns.
 *   One upload at a time, oldest scan first; the wait is the line's, not each scan's (a lost
 *   network fails every scan alike, so a second scan does not knock again right away).
 * - Ended by a served answer: entered → done; a refusal of the code or of the scan → dropped and
 *   the person told (a notice); no answer, SYSTEM_BUSY or INTERNAL → kept for the next try.
 * - A scan older than the server accepts (24 hours) is dropped with a notice; the line holds at
 *   most MAX_QUEUED_SCANS, the oldest giving way with a notice.
 */
import type { CheckInResponse, Fail, HealthStatus, Result } from '../shared/api'
import { ERRORS, type ErrorCode } from '../shared/errors'

/** The server accepts a late scan up to 24 hours after it was made (SCAN_EXPIRED beyond). */
export const KEEP_SCAN_HOURS = 24
const KEEP_SCAN_MS = KEEP_SCAN_HOURS * 3600_000
/** More scans than a day's errands would mean something is wrong; the oldest gives way. */
export const MAX_QUEUED_SCANS = 20
/** The first wait after a failure; it doubles with every failure in a row, up to the cap. */
export const RETRY_BASE_MS = 2_000
export const RETRY_CAP_MS = 5 * 60_000
/** Where the line is stored (one JSON text, read and written whole). */
export const SCAN_QUEUE_KEY = 'csm.scanQueue'

/** The colour the device last saw for the holder, with when: shown marked with its age, never as current. */
export interface LastKnownStatus {
  status: HealthStatus
  /** UTC ISO */
  knownAt: string
}

export interface QueuedScan {
  scanId: string
  /** The scanned text, exactly as the first try sent it. */
  code: string
  /** The device's clock at the scan, UTC ISO: sent as scannedAt on upload. */
  scannedAt: string
  /** Companions entered with the holder ([] = the holder alone). */
  companionIds: string[]
  lastKnown: LastKnownStatus | null
  /** Uploads tried so far (the page's own first try included). */
  tries: number
}

export type NoticeReason = 'refused' | 'expired' | 'overflow'

/** A kept scan that will never be logged, told to the person until they dismiss it. */
export interface ScanNotice {
  scanId: string
  scannedAt: string
  reason: NoticeReason
  /** The server's refusal (a forged code gets the same warning as a scan at the door); null when the device gave up. */
  code: ErrorCode | null
  /** What the person reads: the server's refusal, or why the device gave up. */
  message: string
}

interface QueueState {
  scans: QueuedScan[]
  notices: ScanNotice[]
  /** Failures in a row of the line (not of one scan): the backoff's exponent. */
  failures: number
  /** Epoch ms before which no upload is tried, unless forced. */
  nextTryAt: number
}

/** Key-value storage of strings: Taro's storage on a device, a Map in tests. */
export interface ScanQueueStore {
  get(key: string): string | null
  set(key: string, value: string): void
}

// ---- the rules, one function each ---------------------------------------------------------------

const SCAN_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'
const SCAN_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/

/**
 * A new scan id, made on the device before the first try and sent with every try of that scan:
 * 24 characters of 64 (144 bits), so two devices never draw the same one. `randomBytes` gives
 * the platform's best source (crypto where it exists).
 */
export function newScanId(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(24)
  let id = ''
  for (let i = 0; i < 24; i++) id += SCAN_ID_ALPHABET[bytes[i] & 63]
  return id
}

export function isScanId(text: string): boolean {
  return SCAN_ID_PATTERN.test(text)
}

/**
 * A failure worth trying again later with the same scan id: no answer at all, the server busy
 * (SYSTEM_BUSY, RATE_LIMITED) or its own unexpected error (a scan id makes a retry safe even
 * when the failed try was in fact logged).
 */
export function isRetryable(fail: Fail): boolean {
  return fail.unreachable === true || fail.code === 'SYSTEM_BUSY' || fail.code === 'INTERNAL' || fail.code === 'RATE_LIMITED'
}

/**
 * Waiting for the person, not for the network: signed out, or 实名信息 missing. Kept (with the
 * usual backoff) so that signing back in uploads it; the 24 hours still run.
 */
function awaitsPerson(fail: Fail): boolean {
  return fail.code === 'NOT_LOGGED_IN' || fail.code === 'PROFILE_REQUIRED'
}

export type UploadVerdict =
  | { kind: 'done'; data: Extract<CheckInResponse, { kind: 'entered' }> }
  | { kind: 'keep'; retryAfterMs: number | null }
  | { kind: 'drop'; code: ErrorCode | null; message: string }

/** What an upload's answer does to the kept scan. */
export function uploadVerdict(res: Result<CheckInResponse>): UploadVerdict {
  if (res.ok) {
    if (res.data.kind === 'entered') return { kind: 'done', data: res.data }
    // Every upload names its companions, so the server never asks; if it did, nobody is at the
    // door to answer: the person is told to scan again rather than be entered with a guess.
    return { kind: 'drop', code: null, message: '未能补登：需要重新选择同行人员，请到场所重新扫码' }
  }
  if (isRetryable(res) || awaitsPerson(res)) return { kind: 'keep', retryAfterMs: res.retryAfterMs ?? null }
  return { kind: 'drop', code: res.code, message: res.message || ERRORS[res.code] }
}

/**
 * How long to wait after the line's `failures`-th failure in a row: RETRY_BASE_MS doubling up
 * to RETRY_CAP_MS, of which a random half is waited ("equal jitter"), so the phones of a whole
 * queue at a metro gate that lost the network together do not all come back in the same second;
 * never sooner than the server asked (retryAfterMs).
 */
export function retryDelayMs(failures: number, retryAfterMs: number | null, random: () => number): number {
  const step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1))
  const jittered = Math.round(step / 2 + random() * (step / 2))
  return Math.max(jittered, retryAfterMs ?? 0)
}

/** Past the 24 hours the server accepts a late scan: uploading it could only be refused. */
export function isExpired(scan: Pick<QueuedScan, 'scannedAt'>, now: number): boolean {
  return now - Date.parse(scan.scannedAt) >= KEEP_SCAN_MS
}

export const EXPIRED_NOTICE = `该次扫码超过${KEEP_SCAN_HOURS}小时仍未能上传，已无法补登。如确曾到访，请联系场所工作人员`
export const OVERFLOW_NOTICE = `未上传的扫码超过${MAX_QUEUED_SCANS}条，最早的一条已无法补登。请连接网络后打开小程序`

// ---- the line -----------------------------------------------------------------------------------

/** Something happened to a kept scan: a page showing it may change what it shows. */
export type ScanQueueEvent =
  | { kind: 'kept'; scan: QueuedScan }
  | { kind: 'done'; scanId: string; data: Extract<CheckInResponse, { kind: 'entered' }> }
  | { kind: 'dropped'; notice: ScanNotice }
  | { kind: 'dismissed' }

export interface ScanQueueDeps {
  store: ScanQueueStore
  now: () => number
  random: () => number
  upload: (scan: QueuedScan) => Promise<Result<CheckInResponse>>
  /** Run fn after ms; returns how to cancel. */
  schedule: (fn: () => void, ms: number) => () => void
}

export interface NewScan {
  scanId: string
  code: string
  scannedAt: string
  companionIds: string[]
  lastKnown: LastKnownStatus | null
}

export interface ScanQueue {
  /** Keep a scan whose try just failed (`fail`, retryable); the next try is scheduled. */
  keep(scan: NewScan, fail: Fail): QueuedScan
  /** Scans still waiting, oldest first (expired ones are dropped with a notice first). */
  pending(): QueuedScan[]
  notices(): ScanNotice[]
  /** The person has read them (all, or the named scans' notices). */
  dismissNotices(scanIds?: string[]): void
  /**
   * Upload what is due, one at a time. `force`: now, whatever the backoff says (the app came to
   * the foreground, the network returned). While an upload runs, a second call joins it.
   */
  drain(opts?: { force?: boolean }): Promise<void>
  /** Schedule the next try for what was kept earlier (the app started). */
  start(): void
  subscribe(listener: (event: ScanQueueEvent) => void): () => void
  /** Forget every kept scan and notice (the account signed out: its scans are not the next one's). */
  clear(): void
}

const EMPTY: QueueState = { scans: [], notices: [], failures: 0, nextTryAt: 0 }

function readState(store: ScanQueueStore): QueueState {
  try {
    const text = store.get(SCAN_QUEUE_KEY)
    if (!text) return { ...EMPTY }
    const parsed = JSON.parse(text) as Partial<QueueState>
    return {
      scans: Array.isArray(parsed.scans) ? parsed.scans : [],
      notices: Array.isArray(parsed.notices) ? parsed.notices : [],
      failures: typeof parsed.failures === 'number' ? parsed.failures : 0,
      nextTryAt: typeof parsed.nextTryAt === 'number' ? parsed.nextTryAt : 0
    }
  } catch {
    // Unreadable (written by a broken build, storage cleared half-way): start an empty line.
    return { ...EMPTY }
  }
}

export function createScanQueue(deps: ScanQueueDeps): ScanQueue {
  const listeners = new Set<(event: ScanQueueEvent) => void>()
  let running: Promise<void> | null = null
  /** A forced try asked for while a pass ran: that pass may have started before the network came back. */
  let forceAgain = false
  let cancelTimer: (() => void) | null = null

  const emit = (event: ScanQueueEvent) => { for (const l of Array.from(listeners)) l(event) }
  const write = (state: QueueState) => {
    // Storage full or gone: the scans live on in this run; nothing better can be done here.
    try { deps.store.set(SCAN_QUEUE_KEY, JSON.stringify(state)) } catch { /* see above */ }
  }

  /** The stored line with expired scans moved to notices (written back when any were). */
  const load = (): QueueState => {
    const state = readState(deps.store)
    const now = deps.now()
    const expired = state.scans.filter((s) => isExpired(s, now))
    if (!expired.length) return state
    const notices = expired.map((s): ScanNotice => ({ scanId: s.scanId, scannedAt: s.scannedAt, reason: 'expired', code: null, message: EXPIRED_NOTICE }))
    const next = { ...state, scans: state.scans.filter((s) => !isExpired(s, now)), notices: [...state.notices, ...notices] }
    write(next)
    for (const n of notices) emit({ kind: 'dropped', notice: n })
    return next
  }

  const scheduleNext = () => {
    if (cancelTimer) { cancelTimer(); cancelTimer = null }
    const state = load()
    if (!state.scans.length) return
    const wait = Math.max(0, state.nextTryAt - deps.now())
    cancelTimer = deps.schedule(() => { cancelTimer = null; void queue.drain() }, wait)
  }

  const failed = (state: QueueState, retryAfterMs: number | null): QueueState => {
    const failures = state.failures + 1
    return { ...state, failures, nextTryAt: deps.now() + retryDelayMs(failures, retryAfterMs, deps.random) }
  }

  const pass = async (force: boolean): Promise<void> => {
    let state = load()
    if (!force && deps.now() < state.nextTryAt) return
    // Oldest first, one at a time; each answer is written down before the next upload starts.
    while (state.scans.length) {
      const scan = state.scans[0]
      const res = await deps.upload(scan)
      const verdict = uploadVerdict(res)
      state = readState(deps.store)
      const tried = { ...scan, tries: scan.tries + 1 }
      if (verdict.kind === 'keep') {
        write(failed({ ...state, scans: state.scans.map((s) => (s.scanId === scan.scanId ? tried : s)) }, verdict.retryAfterMs))
        return
      }
      const rest = state.scans.filter((s) => s.scanId !== scan.scanId)
      if (verdict.kind === 'done') {
        state = { ...state, scans: rest, failures: 0, nextTryAt: 0 }
        write(state)
        emit({ kind: 'done', scanId: scan.scanId, data: verdict.data })
      } else {
        const notice: ScanNotice = { scanId: scan.scanId, scannedAt: scan.scannedAt, reason: 'refused', code: verdict.code, message: verdict.message }
        // A refusal is an answer: the network works, so the line's backoff starts over.
        state = { ...state, scans: rest, notices: [...state.notices, notice], failures: 0, nextTryAt: 0 }
        write(state)
        emit({ kind: 'dropped', notice })
      }
    }
  }

  const queue: ScanQueue = {
    keep(scan, fail) {
      const state = load()
      const kept: QueuedScan = { ...scan, tries: 1 }
      let scans = [...state.scans.filter((s) => s.scanId !== scan.scanId), kept]
      const notices = [...state.notices]
      const overflow: ScanNotice[] = []
      while (scans.length > MAX_QUEUED_SCANS) {
        const oldest = scans[0]
        scans = scans.slice(1)
        overflow.push({ scanId: oldest.scanId, scannedAt: oldest.scannedAt, reason: 'overflow', code: null, message: OVERFLOW_NOTICE })
      }
      write(failed({ ...state, scans, notices: [...notices, ...overflow] }, fail.retryAfterMs ?? null))
      for (const n of overflow) emit({ kind: 'dropped', notice: n })
      emit({ kind: 'kept', scan: kept })
      scheduleNext()
      return kept
    },
    pending: () => load().scans,
    notices: () => load().notices,
    dismissNotices(scanIds) {
      const state = readState(deps.store)
      write({ ...state, notices: scanIds ? state.notices.filter((x) => !scanIds.includes(x.scanId)) : [] })
      emit({ kind: 'dismissed' })
    },
    drain(opts) {
      if (running) {
        if (opts?.force) forceAgain = true
        return running
      }
      running = (async () => {
        let force = !!opts?.force
        do {
          forceAgain = false
          await pass(force)
          force = true
        } while (forceAgain)
      })().finally(() => {
        running = null
        scheduleNext()
      })
      return running
    },
    start: scheduleNext,
    subscribe(listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    clear() {
      if (cancelTimer) { cancelTimer(); cancelTimer = null }
      write({ ...EMPTY })
    }
  }
  return queue
}
