import type { HealthStatus, Me, Role } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { decrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import type { Deps } from './deps'

/** Shown for a WeChat user who has not registered a real name. */
export const UNNAMED_USER = '微信用户'

export async function findOrCreateWxUser(db: Queryable, openid: string): Promise<string> {
  // INSERT first so two first calls at once cannot create two users for one openid.
  const inserted = await db.query<{ id: string }>(
    'INSERT INTO users (wx_openid) VALUES ($1) ON CONFLICT (wx_openid) DO NOTHING RETURNING id', [openid])
  if (inserted.length) return inserted[0].id
  const rows = await db.query<{ id: string }>('SELECT id FROM users WHERE wx_openid = $1', [openid])
  return rows[0].id
}

export async function healthStatusOf(db: Queryable, userId: string): Promise<HealthStatus> {
  const rows = await db.query<{ status: HealthStatus }>('SELECT status FROM health_status WHERE user_id = $1', [userId])
  // No record means nobody has flagged this person: the default code is green.
  return rows.length ? rows[0].status : 'green'
}

export async function setHealthStatus(db: Queryable, userId: string, status: HealthStatus): Promise<void> {
  await db.query(
    `INSERT INTO health_status (user_id, status) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`, [userId, status])
}

export async function addRole(db: Queryable, userId: string, role: Role): Promise<void> {
  await db.query(
    'UPDATE users SET roles = array_append(roles, $2::text) WHERE id = $1 AND NOT ($2::text = ANY(roles))', [userId, role])
}

export async function maskedNameOf(deps: Deps, db: Queryable, userId: string): Promise<string> {
  const rows = await db.query<{ name_enc: string | null }>('SELECT name_enc FROM users WHERE id = $1', [userId])
  const enc = rows[0]?.name_enc
  return enc ? maskName(decrypt(deps.config.dataEncryptionKey, enc)) : UNNAMED_USER
}

export async function loadMe(deps: Deps, userId: string): Promise<Me> {
  const rows = await deps.db.query<{ roles: Role[] }>('SELECT roles FROM users WHERE id = $1', [userId])
  if (!rows.length) throw new Error('session refers to a missing user')
  return {
    userId,
    roles: rows[0].roles,
    nameMasked: await maskedNameOf(deps, deps.db, userId),
    healthStatus: await healthStatusOf(deps.db, userId)
  }
}
