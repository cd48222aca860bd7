import type { HealthStatus, Me, Role } from '../../src/shared/api'
import { providerKindFor } from '../identity/provider-kind'
import { toIso } from './ids'
import { maskName } from '../../src/shared/mask'
import { decrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import type { Deps } from './deps'

/** Shown for an account (WeChat, Alipay or demo) that has not recorded its holder's 实名信息. */
export const UNNAMED_USER = '未实名用户'

export async function findOrCreateWxUser(db: Queryable, openid: string): Promise<string> {
  // INSERT first so two first calls at once cannot create two users for one openid.
  const inserted = await db.query<{ id: string }>(
    'INSERT INTO users (wx_openid) VALUES ($1) ON CONFLICT (wx_openid) DO NOTHING RETURNING id', [openid])
  if (inserted.length) return inserted[0].id
  const rows = await db.query<{ id: string }>('SELECT id FROM users WHERE wx_openid = $1', [openid])
  return rows[0].id
}

/** Status belongs to the person (DESIGN §4); officials set it, the demo seed sets its first value. */
export async function setHealthStatus(db: Queryable, personId: string, status: HealthStatus): Promise<void> {
  await db.query(
    `INSERT INTO health_status (person_id, status) VALUES ($1, $2)
     ON CONFLICT (person_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at`, [personId, status])
}

export async function loadMe(deps: Deps, userId: string): Promise<Me> {
  const rows = await deps.db.query<{ roles: Role[]; name_enc: string | null; status: HealthStatus | null; person_id: string | null; admin: boolean; inspector: boolean; official: boolean
    verified: boolean; identity_moved_at: Date | null; wx_openid: string | null; alipay_uid: string | null }>(
    `SELECT u.roles, u.person_id, p.name_enc, h.status, u.verified_at IS NOT NULL AS verified, u.identity_moved_at,
            u.wx_openid, u.alipay_uid,
            EXISTS (SELECT 1 FROM venues v WHERE v.admin_user_id = u.id) AS admin,
            EXISTS (SELECT 1 FROM venue_inspectors i WHERE i.user_id = u.id) AS inspector,
            EXISTS (SELECT 1 FROM officials o WHERE o.user_id = u.id) AS official
     FROM users u LEFT JOIN persons p ON p.id = u.person_id LEFT JOIN health_status h ON h.person_id = u.person_id
     WHERE u.id = $1`, [userId])
  if (!rows.length) throw new Error('session refers to a missing user')
  const r = rows[0]
  return {
    userId,
    // Venue roles follow from the venues themselves (migration 004) and the official's from the
    // appointment (005), never from a stored copy: revoking one leaves no stale role behind.
    roles: [
      ...r.roles.filter((x) => x !== 'venue_admin' && x !== 'inspector' && x !== 'official'),
      ...(r.admin ? ['venue_admin' as const] : []), ...(r.inspector ? ['inspector' as const] : []), ...(r.official ? ['official' as const] : [])
    ],
    nameMasked: r.name_enc ? maskName(decrypt(deps.config.dataKeys, r.name_enc)) : UNNAMED_USER,
    hasProfile: r.person_id !== null,
    // No record means nobody has flagged this person: the default code is green. A typed name
    // and ID number show nobody's colour.
    healthStatus: r.verified ? r.status ?? 'green' : null,
    identity: r.verified ? 'verified' : r.person_id ? 'unverified' : 'none',
    identityProvider: providerKindFor(deps.config, r),
    identityMovedAt: r.identity_moved_at ? toIso(r.identity_moved_at) : null
  }
}

/**
 * The encrypted names of the people some accounts hold (null for an account without one), in two
 * look-ups: the accounts on the coordinator, then their people on their shards (docs/scale.md §3).
 */
export async function accountNames(db: Queryable, userIds: string[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(userIds)]
  if (!ids.length) return new Map()
  const users = await db.query<{ id: string; person_id: string | null }>('SELECT id, person_id FROM users WHERE id = ANY($1::uuid[])', [ids])
  const personIds = users.flatMap((u) => (u.person_id ? [u.person_id] : []))
  const people = personIds.length
    ? await db.query<{ id: string; name_enc: string }>('SELECT id, name_enc FROM persons WHERE id = ANY($1::uuid[])', [personIds])
    : []
  const names = new Map(people.map((p) => [p.id, p.name_enc]))
  return new Map(users.map((u) => [u.id, u.person_id ? names.get(u.person_id) ?? null : null]))
}
