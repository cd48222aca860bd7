/**
 * Admission control of the HTTP runtime: how many requests may be in the functions process at
 * once, who waits, and who is turned away at once.
 *
 * A surge far past capacity must not become a queue nobody leaves (every answer late) nor an
 * error (INTERNAL): the runtime serves what its database can serve and refuses the rest in a few
 * milliseconds with SYSTEM_BUSY and a time to come back. Three kinds of request:
 * - urgent (sign-out, who am I): admitted past the limit by a small reserve, and first in line;
 *   a person signing out or a page finding out who is signed in is never stuck behind a surge.
 * - normal (a check-in and everything a person does): admitted up to the limit, else queued in
 *   arrival order up to `maxQueued`; one still waiting after `queueWaitMs` is refused.
 * - background (the gate's 5-second feed, the statistics, alert lists: polls): admitted only while
 *   the runtime has headroom and nobody waits, never queued, refused with a longer wait, so the
 *   polls give their share to the scans.
 * A queued request holds at most its body (64 KiB, request-body.ts), so the memory a surge can
 * take is bounded by maxQueued × 64 KiB.
 */

export type Priority = 'urgent' | 'normal' | 'background'

export interface AdmissionOptions {
  /** Requests in the functions process at once (urgent ones may go `urgentReserve` beyond). */
  maxInFlight: number
  /** Requests waiting for a place; beyond this, refused at once. */
  maxQueued: number
  /** How long a queued request may wait before it is refused instead. */
  queueWaitMs: number
  /** Places beyond maxInFlight kept for urgent requests (default: a quarter of maxInFlight, at least 2). */
  urgentReserve?: number
  /** Background requests are admitted only below this share of maxInFlight (default 0.5). */
  backgroundShare?: number
  /** What a refused request is told to wait (default 1 s). */
  busyRetryAfterMs?: number
  /** What a refused background request is told to wait (default 15 s: three gate polls). */
  backgroundRetryAfterMs?: number
}

export type RefusalReason = 'full' | 'deadline' | 'background'

export type Ticket =
  | { admitted: true; release(): void }
  | { admitted: false; reason: RefusalReason; retryAfterMs: number }

export interface AdmissionState {
  inFlight: number
  queued: number
  maxInFlight: number
}

export interface Admission {
  /** Resolves when the request may go on (release() when it is answered) or is refused. */
  admit(priority: Priority): Promise<Ticket>
  /**
   * Whether a request of this priority would be refused at once now: the gateway asks before it
   * reads a body, so a surge beyond the queue costs no memory.
   */
  wouldRefuse(priority: Priority): boolean
  /** What a refused request of this priority is told to wait. */
  refusalRetryAfterMs(priority: Priority): number
  state(): AdmissionState
}

export const DEFAULT_BUSY_RETRY_AFTER_MS = 1000
export const DEFAULT_BACKGROUND_RETRY_AFTER_MS = 15_000

interface Waiting {
  priority: Priority
  settle(ticket: Ticket): void
  timer: ReturnType<typeof setTimeout>
  done: boolean
}

/** Checks the options once, in Chinese: they come from environment variables of the local stack. */
export function checkAdmissionOptions(o: AdmissionOptions): void {
  const whole = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} 应为不小于 ${min} 的整数，当前为 ${v}`)
  }
  whole('同时处理的请求数上限', o.maxInFlight, 1)
  whole('排队请求数上限', o.maxQueued, 0)
  whole('排队等待时间（毫秒）', o.queueWaitMs, 1)
  if (o.urgentReserve !== undefined) whole('紧急请求预留数', o.urgentReserve, 0)
  if (o.backgroundShare !== undefined && !(o.backgroundShare > 0 && o.backgroundShare <= 1)) {
    throw new Error(`后台请求占比应在 0 到 1 之间，当前为 ${o.backgroundShare}`)
  }
}

export function createAdmission(options: AdmissionOptions): Admission {
  checkAdmissionOptions(options)
  const { maxInFlight, maxQueued, queueWaitMs } = options
  const reserve = options.urgentReserve ?? Math.max(2, Math.ceil(maxInFlight / 4))
  const backgroundLimit = Math.max(1, Math.floor(maxInFlight * (options.backgroundShare ?? 0.5)))
  const busyMs = options.busyRetryAfterMs ?? DEFAULT_BUSY_RETRY_AFTER_MS
  const backgroundMs = options.backgroundRetryAfterMs ?? DEFAULT_BACKGROUND_RETRY_AFTER_MS

  let inFlight = 0
  // Urgent requests wait in a line of their own, served before the normal one.
  const urgent: Waiting[] = []
  const normal: Waiting[] = []
  let queued = 0

  const refused = (reason: RefusalReason): Ticket =>
    ({ admitted: false, reason, retryAfterMs: reason === 'background' ? backgroundMs : busyMs })

  const admitted = (): Ticket => {
    inFlight++
    let released = false
    return {
      admitted: true,
      release() {
        // Twice (an error path and a finally) must not free two places.
        if (released) return
        released = true
        inFlight--
        pump()
      }
    }
  }

  const limitOf = (p: Priority) => (p === 'urgent' ? maxInFlight + reserve : p === 'background' ? backgroundLimit : maxInFlight)

  /** The first live entry of a line, dropping those already refused by their deadline. */
  const head = (line: Waiting[]): Waiting | undefined => {
    while (line.length && line[0].done) line.shift()
    return line[0]
  }

  function pump(): void {
    for (;;) {
      const next = head(urgent) ?? head(normal)
      if (!next || inFlight >= limitOf(next.priority)) return
      (next.priority === 'urgent' ? urgent : normal).shift()
      next.done = true
      queued--
      clearTimeout(next.timer)
      next.settle(admitted())
    }
  }

  const wouldRefuse = (priority: Priority): boolean => {
    if (priority === 'background') return queued > 0 || inFlight >= backgroundLimit
    if (inFlight < limitOf(priority) && (priority === 'urgent' ? !head(urgent) : queued === 0)) return false
    return queued >= maxQueued + (priority === 'urgent' ? reserve : 0)
  }

  return {
    admit(priority) {
      if (priority === 'background') return Promise.resolve(wouldRefuse('background') ? refused('background') : admitted())
      // Nobody ahead in this request's line (urgent overtakes normal) and a place free: go on.
      const ahead = priority === 'urgent' ? head(urgent) : (head(urgent) ?? head(normal))
      if (!ahead && inFlight < limitOf(priority)) return Promise.resolve(admitted())
      if (wouldRefuse(priority)) return Promise.resolve(refused('full'))
      return new Promise<Ticket>((resolve) => {
        const entry: Waiting = {
          priority,
          settle: resolve,
          done: false,
          timer: setTimeout(() => {
            if (entry.done) return
            entry.done = true
            queued--
            resolve(refused('deadline'))
          }, queueWaitMs)
        }
        queued++
        ;(priority === 'urgent' ? urgent : normal).push(entry)
      })
    },
    wouldRefuse,
    refusalRetryAfterMs: (priority) => (priority === 'background' ? backgroundMs : busyMs),
    state: () => ({ inFlight, queued, maxInFlight })
  }
}

/**
 * Which kind a request is, by function and action. Polls repeat on their own every few seconds
 * (the gate's feed, 异常提醒, the official console) and the statistics are a report: background.
 */
const BACKGROUND: Record<string, readonly string[]> = {
  inspector: ['feed'],
  venue: ['stats'],
  alert: ['list']
}
const URGENT = new Set(['signOut', 'whoAmI'])

export function priorityOf(name: string, action?: unknown): Priority {
  if (URGENT.has(name)) return 'urgent'
  if (typeof action === 'string' && BACKGROUND[name]?.includes(action)) return 'background'
  return 'normal'
}

/**
 * The kind of every request to this function, known before its body is read; null when the action
 * decides (a poll and a person's change share a function), known only once the body is read.
 */
export function priorityBeforeBody(name: string): Priority | null {
  if (BACKGROUND[name]) return null
  return priorityOf(name)
}
