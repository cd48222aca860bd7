/**
 * How long a client waits when the server said when to come back (SYSTEM_BUSY carries
 * retryAfterMs): that long and up to half as long again at random, so that the gates and screens
 * refused together in a surge do not all return in the same second; never more than a minute, so a
 * wrong or hostile number cannot silence a screen.
 */
import type { Fail } from '../shared/api'

export const MAX_RETRY_WAIT_MS = 60_000
/** The share of the server's wait added at random, at most. */
export const RETRY_JITTER = 0.5

/** The wait before asking again after `fail`, or null when the server named none. */
export function retryWaitMs(fail: Pick<Fail, 'retryAfterMs'>, random: () => number = Math.random): number | null {
  const ms = fail.retryAfterMs
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return null
  return Math.min(MAX_RETRY_WAIT_MS, Math.round(ms * (1 + RETRY_JITTER * random())))
}
