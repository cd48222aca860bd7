/**
 * The inspector's screen at the gate (场所检测), without Taro: the poller that keeps the list of
 * entries fresh while the page is shown, and how an entry reads at arm's length (who, how, the
 * colour of its highlight, the temperature recorded).
 */
import type { EntryMethod, Fail, GateEntry, Result, TemperatureView } from '../shared/api'
import { formatTemperature, parseTemperature, temperatureError } from '../shared/temperature'
import { formatShanghai } from '../shared/time'
import { retryWaitMs } from './retry-after'

/** How often the screen asks for the latest entries while it is shown. */
export const GATE_POLL_MS = 5000

export interface PollTimer {
  set(run: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export const REAL_TIMER: PollTimer = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

export interface PollerOptions<T> {
  fetch: () => Promise<Result<T>>
  onData: (data: T) => void
  /**
   * A failed poll; the caller keeps what it shows, and the next poll runs as usual, or later when
   * the server said how long to wait (SYSTEM_BUSY under a surge: the scans go first).
   */
  onError: (fail: Fail) => void
  timer?: PollTimer
  intervalMs?: number
  /** For the jitter of a server's wait (retry-after.ts); tests fix it. */
  random?: () => number
}

export interface Poller {
  /** Poll now and every interval after; nothing when already running. */
  start(): void
  /** No more polls, and the answer of one under way is dropped. */
  stop(): void
  /**
   * Poll now, e.g. after the checkpoint changed. A poll under way is never overlapped: its
   * answer (for the old request) is dropped and the new poll starts when it returns.
   */
  refresh(): void
  readonly running: boolean
}

/**
 * Polls one request at a time: the next poll is scheduled when the previous one returned, so
 * a slow network never piles requests up, and a late answer after stop() changes nothing.
 */
export function createPoller<T>({ fetch, onData, onError, timer = REAL_TIMER, intervalMs = GATE_POLL_MS, random = Math.random }: PollerOptions<T>): Poller {
  let running = false
  let inFlight = false
  // A refresh asked for while a poll was under way: that poll's answer is stale.
  let again = false
  let handle: unknown = null
  // Each scheduled run carries its own token, so a run that is no longer the current one
  // (cleared but fired anyway, or fired twice) does nothing.
  let token = 0

  const unschedule = () => {
    if (handle !== null) timer.clear(handle)
    handle = null
    token++
  }

  const schedule = (ms: number) => {
    unschedule()
    const mine = token
    handle = timer.set(() => {
      if (mine !== token) return
      handle = null
      poll()
    }, ms)
  }

  const poll = async () => {
    if (inFlight) { again = true; return }
    inFlight = true
    again = false
    unschedule()
    let res: Result<T>
    try {
      res = await fetch()
    } catch (err) {
      res = { ok: false, code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) }
    }
    inFlight = false
    if (!running) return
    if (again) { poll(); return }
    if (res.ok) onData(res.data)
    else onError(res)
    // The handler may have stopped the polling (a refusal that asking again cannot cure).
    if (running) schedule(Math.max(intervalMs, (!res.ok && retryWaitMs(res, random)) || 0))
  }

  return {
    start() {
      // The page starts on mount and again on its first didShow: one poll, not two.
      if (running) return
      running = true
      poll()
    },
    stop() {
      running = false
      again = false
      unschedule()
    },
    refresh() {
      if (running) poll()
    },
    get running() { return running }
  }
}

/**
 * Refusals that asking again will not change: the inspector was unbound (or the venue is gone),
 * the session ended, the checkpoint was removed, or the account is no official (its appointment
 * ended). Polling stops and the page says why.
 */
export function isLastingFailure(fail: Pick<Fail, 'code'>): boolean {
  return ['NOT_VENUE_STAFF', 'NOT_LOGGED_IN', 'VENUE_NOT_FOUND', 'CHECKPOINT_NOT_FOUND', 'FORBIDDEN', 'NOT_OFFICIAL'].includes(fail.code)
}

/** The list after one entry changed (a temperature recorded): replaced where it stands; the next poll re-sorts. */
export function replaceGateEntry(entries: GateEntry[], updated: GateEntry): GateEntry[] {
  return entries.map((e) => (e.entryId === updated.entryId ? updated : e))
}

export const METHOD_LABELS: Record<EntryMethod, string> = { self: '本人', companion: '同行', assisted: '辅助登记' }

/**
 * The highlight of an entry: red for a red code or a fever (the person is stopped), yellow for a
 * yellow code (checked further), none otherwise.
 */
export function entryAlert(entry: Pick<GateEntry, 'healthStatus' | 'temperature'>): 'red' | 'yellow' | null {
  if (entry.healthStatus === 'red' || entry.temperature?.abnormal) return 'red'
  if (entry.healthStatus === 'yellow') return 'yellow'
  return null
}

/**
 * What an entry's card offers. A stopped person (red or yellow code, or a fever) is not measured
 * for 体温正常: the inspector says the case was dealt with at the door (已处置) or passed to the
 * region's 防控人员 (上报), until someone at the venue has; 'done' shows who did, when. Anyone else
 * gets 体温检测 until a temperature is recorded.
 */
export function gateEntryOffer(entry: Pick<GateEntry, 'healthStatus' | 'temperature' | 'alertIds' | 'handledAt'>): 'temperature' | 'dispose' | 'done' | 'none' {
  if (entryAlert(entry)) {
    if (entry.handledAt) return 'done'
    return entry.alertIds.length ? 'dispose' : 'none'
  }
  return entry.temperature ? 'none' : 'temperature'
}

/** 已处置 · 10:05 on a stopped person's card once someone at the venue dealt with it. */
export function handledText(handledAt: string): string {
  return `已处置 · ${formatShanghai(handledAt, 'HH:mm')}`
}

/** Said after 上报: the alert reached the region's officials when it was raised; 上报 records that the gate passed it on. */
export const REPORTED_NOTICE = '已上报本区域防控人员，请配合其后续处置'

/** A recorded temperature as shown: 体温正常 for the one tap, else the value. */
export function temperatureText(t: TemperatureView): string {
  return t.celsius === null ? '体温正常' : formatTemperature(t.celsius)
}

/** What the inspector typed, as the value to send or the message to show (nothing is sent then). */
export function readTemperature(text: string): { celsius: number } | { error: string } {
  const celsius = parseTemperature(text)
  const error = temperatureError(celsius)
  // temperatureError accepts nothing but a number in range, so no error means a number.
  return error === null ? { celsius: celsius as number } : { error }
}
