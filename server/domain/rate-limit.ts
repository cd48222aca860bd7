import type { Queryable } from '../db'
import { DomainError } from './errors'

/**
 * Failed guesses of a secret (a sign-in, a session token) are counted per key in fixed windows;
 * once a key reaches its limit every further attempt on it is refused until the window ends,
 * right or wrong, so a secret cannot be walked by trying (session tokens excepted, see
 * SESSION_TOKEN_LIMIT). One table, one upsert: the same on
 * PGlite and PostgreSQL, and concurrent failures each count.
 */
export interface GuessLimit {
  /** What is being guessed, e.g. 'signin'; part of the key. */
  scope: string
  /** Failed attempts allowed per window. */
  maxFailures: number
  windowMinutes: number
}

/** Sign-in: per account and per address. */
export const SIGN_IN_LIMIT: GuessLimit = { scope: 'signin', maxFailures: 10, windowMinutes: 15 }
/**
 * Bearer tokens that match no live session: per address. Unlike sign-ins, reaching it refuses only
 * further unknown tokens, never a valid one (sessionUser): an address may be a whole NAT.
 */
export const SESSION_TOKEN_LIMIT: GuessLimit = { scope: 'session', maxFailures: 20, windowMinutes: 15 }

/** Who is guessing: the account being tried and the network address trying; either may be unknown. */
export interface GuessSubject {
  account?: string | null
  address?: string | null
}

function keys(limit: GuessLimit, who: GuessSubject): string[] {
  const out: string[] = []
  if (who.account) out.push(`${limit.scope}:account:${who.account}`)
  if (who.address) out.push(`${limit.scope}:address:${who.address}`)
  return out
}

/**
 * A boolean SQL expression, true when any key of the subject has used up its failures in this
 * window, reading its three values from parameters $n, $n+1, $n+2 (limitParams). It lets a
 * caller fold the check into a statement it runs anyway, so a limit costs no round trip.
 */
export function limitReachedSql(n: number): string {
  return `EXISTS (SELECT 1 FROM rate_limits
    WHERE key = ANY($${n}::text[]) AND hits >= $${n + 1}::int AND window_start > now() - make_interval(mins => $${n + 2}::int))`
}

export function limitParams(limit: GuessLimit, who: GuessSubject): unknown[] {
  return [keys(limit, who), limit.maxFailures, limit.windowMinutes]
}

/** Throws RATE_LIMITED when any key of the subject has used up its failures in this window. */
export async function assertNotLimited(db: Queryable, limit: GuessLimit, who: GuessSubject): Promise<void> {
  if (!keys(limit, who).length) return
  const [row] = await db.query<{ limited: boolean }>(`SELECT ${limitReachedSql(1)} AS limited`, limitParams(limit, who))
  if (row.limited) throw new DomainError('RATE_LIMITED')
}

/** Counts one failed attempt against every key of the subject. */
export async function recordFailure(db: Queryable, limit: GuessLimit, who: GuessSubject): Promise<void> {
  const list = keys(limit, who)
  if (!list.length) return
  // Two statements Citus accepts (no time arithmetic or parameters in DO UPDATE): an expired window
  // starts again at 0, then the upsert counts this failure. Each failure is counted once by the
  // upsert, however many arrive at once.
  await db.query(
    `UPDATE rate_limits SET hits = 0, window_start = now()
     WHERE key = ANY($1::text[]) AND window_start <= now() - make_interval(mins => $2::int)`, [list, limit.windowMinutes])
  await db.query(
    `INSERT INTO rate_limits (key, window_start, hits) SELECT k, now(), 1 FROM unnest($1::text[]) AS k
     ON CONFLICT (key) DO UPDATE SET hits = rate_limits.hits + 1`, [list])
}

/**
 * Wrong 场所申报码: per account and per address. 10 an hour walks a millionth of the 10^6 codes
 * a day per address; the admin also sees every inspector bound and can unbind and regenerate.
 */
export const DECLARATION_CODE_LIMIT: GuessLimit = { scope: 'declaration', maxFailures: 10, windowMinutes: 60 }

/** The longest window any limit uses: counters older than this mean nothing any more. */
export const LONGEST_WINDOW_MINUTES = Math.max(SIGN_IN_LIMIT.windowMinutes, SESSION_TOKEN_LIMIT.windowMinutes, DECLARATION_CODE_LIMIT.windowMinutes)
