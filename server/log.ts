import { randomBytes } from 'crypto'

/** Marks the log lines of unexpected errors, so a log collector can pick them out of any output. */
export const ERROR_LOG_TAG = 'csm-error'

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
