import { prepared, type Queryable } from '../db'
import { hashSessionToken, newSessionToken } from './ids'
import { DomainError } from './errors'
import { limitParams, limitReachedSql, LONGEST_WINDOW_MINUTES, recordFailure, SESSION_TOKEN_LIMIT } from './rate-limit'

/** HTTP sessions (H5, Alipay, self-hosting). WeChat needs none: WeChat vouches for OPENID. */
export const SESSION_DAYS = 30
/** Expired rows removed per sign-in: bounded, so a sign-in never waits on a large purge. */
const PURGE_BATCH = 200

// One round trip on every signed-in call, prepared once per connection: the look-up and the
// limit check together.
const SESSION_USER = prepared('csm_session_user',
  `SELECT (SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > now()) AS user_id,
          ${limitReachedSql(2)} AS limited`)

export async function createSession(db: Queryable, userId: string): Promise<string> {
  const token = newSessionToken()
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(days => $3::int))`,
    [hashSessionToken(token), userId, SESSION_DAYS])
  await purgeExpired(db, PURGE_BATCH)
  return token
}

/**
 * The user a bearer token belongs to, or null when it is unknown, expired or signed out. A
 * token that matches nothing is a failed guess from its address; once the address has used up
 * its guesses, further unknown tokens from it are refused (RATE_LIMITED) and no longer counted.
 * A valid token is never refused: one guessing client behind a venue's Wi-Fi or a carrier NAT
 * must not sign out everybody else behind it. Guessing itself is hopeless either way (256-bit
 * tokens); the limit keeps a scanner from making the database count every guess.
 */
export async function sessionUser(db: Queryable, token: string, address: string | null): Promise<string | null> {
  const [row] = await db.query<{ user_id: string | null; limited: boolean }>(
    SESSION_USER, [hashSessionToken(token), ...limitParams(SESSION_TOKEN_LIMIT, { address })])
  if (row.user_id) return row.user_id
  if (row.limited) throw new DomainError('RATE_LIMITED')
  await recordFailure(db, SESSION_TOKEN_LIMIT, { address })
  return null
}

/** Sign-out: the token stops working everywhere at once, not only on the device. */
export async function revokeSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashSessionToken(token)])
}

/**
 * Removes expired sessions and rate-limit counters whose window has passed, at most `batch` of
 * each, so the sign-in that runs it never waits on a large purge; every sign-in takes the next batch.
 */
export async function purgeExpired(db: Queryable, batch: number): Promise<void> {
  const limit = `LIMIT ${Math.floor(batch)}`
  await db.query(
    `DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at <= now() ${limit})`)
  await db.query(
    `DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits
       WHERE window_start <= now() - make_interval(mins => $1::int) ${limit})`, [LONGEST_WINDOW_MINUTES])
}
