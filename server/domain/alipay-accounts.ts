import type { Queryable } from '../db'

/**
 * The user behind an Alipay account (its user_id, or open_id for apps Alipay gives open ids),
 * created on the account's first sign-in. INSERT first, as for WeChat openids: two first
 * sign-ins at once cannot create two users for one account.
 */
export async function findOrCreateAlipayUser(db: Queryable, alipayUid: string): Promise<string> {
  const inserted = await db.query<{ id: string }>(
    'INSERT INTO users (alipay_uid) VALUES ($1) ON CONFLICT (alipay_uid) DO NOTHING RETURNING id', [alipayUid])
  if (inserted.length) return inserted[0].id
  const rows = await db.query<{ id: string }>('SELECT id FROM users WHERE alipay_uid = $1', [alipayUid])
  return rows[0].id
}
