import { randomBytes } from 'crypto'

/** Marks the log lines of unexpected errors, so a log collector can pick them out of any output. */
export const ERROR_LOG_TAG = 'csm-error'
/** Marks the periodic count of expected refusals (busy, database unreachable): not errors. */
export const OVERLOAD_LOG_TAG = 'csm-overload'
/** How often refusals are summed up in one line: a surge writes a line per interval, not per request. */
export const OVERLOAD_LOG_INTERVAL_MS = 10_000

/**
 * One JSON line per unexpected error on standard error: the platform's log on WeChat cloud, the
 * terminal and .data/logs/errors.log on the local stack. Written directly, because a runtime
 * may redirect console. The request id is what the client was told.
 */
export function logUnexpected(where: string, err: unknown, requestId?: string): void {
  process.stderr.write(errorLogLine(where, err, requestId))
}

export function errorLogLine(where: string, err: unknown, requestId?: string): string {
  const line = {
    tag: ERROR_LOG_TAG,
    time: new Date().toISOString(),
    requestId: requestId ?? null,
    function: where,
    error: err instanceof Error ? err.stack || err.message : String(err)
  }
  return JSON.stringify(line) + '\n'
}

/** The id a request is known by in answers and log lines: 16 hex characters. */
export function newRequestId(): string {
  return randomBytes(8).toString('hex')
}

/**
 * One JSON line on standard output for something that happened (a notification on the local
 * stack's log channel). Callers pass nothing personal beyond masked names.
 */
export function logEvent(event: string, fields: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ event, time: new Date().toISOString(), ...fields }) + '\n')
}

/** Counts by code, then by function: `{ SYSTEM_BUSY: { checkIn: 1200 } }`. */
export type RefusalCounts = Record<string, Record<string, number>>

export interface OverloadCounter {
  /** One expected refusal of `fn` with `code`; written out with the others at the end of the interval. */
  refused(code: string, fn: string): void
  /** One request let through (the gateway's count); only written in a line that has refusals. */
  admitted(): void
  /** Writes what was counted now (on shutdown, or in a test) and starts a new interval. */
  flush(): void
}

/**
 * Expected refusals summed up: at most one line per interval, `{ tag: 'csm-overload', refused,
 * admitted, ... }`, and nothing at all while there are none. `extra` adds the moment's state
 * (requests in flight and queued). The timer does not keep a process alive.
 */
export function createOverloadCounter(write: (line: string) => void, intervalMs = OVERLOAD_LOG_INTERVAL_MS,
  extra: () => Record<string, unknown> = () => ({})): OverloadCounter {
  let refused: RefusalCounts = {}
  let admitted = 0
  let any = false
  let started = Date.now()
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (any) {
      write(JSON.stringify({
        tag: OVERLOAD_LOG_TAG, time: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), refused, admitted, ...extra()
      }) + '\n')
    }
    refused = {}
    admitted = 0
    any = false
  }
  return {
    refused(code, fn) {
      if (!any) started = Date.now()
      const byFn = (refused[code] ??= {})
      byFn[fn] = (byFn[fn] ?? 0) + 1
      any = true
      if (!timer) {
        timer = setTimeout(flush, intervalMs)
        timer.unref?.()
      }
    },
    admitted() { admitted++ },
    flush
  }
}

/** The functions process's own count (a lost database connection), on standard error like the error lines. */
export const processOverload = createOverloadCounter((line) => { process.stderr.write(line) })
