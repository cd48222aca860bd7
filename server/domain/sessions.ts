import type { Relation } from '../../src/shared/api'
import { LINK_IN_FORCE } from '../db/migrations/007_identity'
import { prepared, type Queryable } from '../db'
import { hashSessionToken, newSessionToken } from './ids'
import { DomainError } from './errors'
import { limitParams, limitReachedSql, LONGEST_WINDOW_MINUTES, recordFailure, SESSION_TOKEN_LIMIT } from './rate-limit'

/** HTTP sessions (H5, Alipay, self-hosting). WeChat needs none: WeChat vouches for OPENID. */
export const SESSION_DAYS = 30
/** Expired rows removed per sign-in: bounded, so a sign-in never waits on a large purge. */
const PURGE_BATCH = 200

/**
 * The signed-in account as every call starts with it: its id, the person it holds, whether it is
 * verified, and its companion links in force (in the order they were listed). The check-in passes
 * the person to the worker that holds them (docs/scale.md §3), so the session carries it.
 */
export interface SignedIn {
  userId: string
  personId: string | null
  verified: boolean
  companions: Array<{ personId: string; relation: Relation }>
}

/** The account columns of SignedIn, for an account row `u` (all of it on the coordinator). */
const ACCOUNT_COLUMNS = `u.id AS user_id, u.person_id, u.verified_at IS NOT NULL AS verified,
  coalesce((SELECT json_agg(json_build_object('personId', c.person_id, 'relation', c.relation) ORDER BY c.created_at, c.person_id)
            FROM companions c WHERE c.account_id = u.id AND ${LINK_IN_FORCE('c')}), '[]'::json) AS companions`

interface AccountRow { user_id: string; person_id: string | null; verified: boolean; companions: SignedIn['companions'] }
const signedIn = (r: AccountRow): SignedIn => ({ userId: r.user_id, personId: r.person_id, verified: r.verified, companions: r.companions })

// One round trip on every signed-in call, prepared once per connection: the look-up and the
// limit check together.
const SESSION_USER = prepared('csm_session_account',
  `SELECT a.*, ${limitReachedSql(2)} AS limited
   FROM (SELECT 1) one LEFT JOIN LATERAL (
     SELECT ${ACCOUNT_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()) a ON true`)

/** The account of a user id (WeChat's OPENID path, which has no session row). */
export async function accountOf(db: Queryable, userId: string): Promise<SignedIn> {
  const [row] = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM users u WHERE u.id = $1`, [userId])
  return signedIn(row)
}

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
export async function sessionUser(db: Queryable, token: string, address: string | null): Promise<SignedIn | null> {
  const [row] = await db.query<AccountRow & { limited: boolean }>(
    SESSION_USER, [hashSessionToken(token), ...limitParams(SESSION_TOKEN_LIMIT, { address })])
  if (row.user_id) return signedIn(row)
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
