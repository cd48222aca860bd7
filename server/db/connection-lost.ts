/**
 * Whether an error means the database could not be reached (or dropped the connection), rather
 * than that a statement went wrong: the server is down or restarting, an administrator ended the
 * connections, the network failed, or every pooled connection was busy past the pool's wait.
 * Such a request is answered SYSTEM_BUSY (try again shortly), not INTERNAL: the pool reconnects
 * on its own, and nothing was written that a retry could duplicate (check-ins are idempotent).
 */

/** Node's socket errors on the way to the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])

/**
 * PostgreSQL's SQLSTATEs for the same: class 08 (connection exception), 57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, or in recovery), 53300
 * too_many_connections.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300'])

/** What node-postgres says when a connection ends under it, or the pool's connect wait runs out. */
const MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Connection refused/i
]

export function isConnectionLost(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  const code = typeof e.code === 'string' ? e.code : ''
  if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true
  // Node reports a refused connection to several addresses as an AggregateError of them.
  if (Array.isArray(e.errors) && e.errors.length && e.errors.every((inner) => isConnectionLost(inner, depth + 1))) return true
  return isConnectionLost(e.cause, depth + 1)
}
