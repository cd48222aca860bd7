import type { Queryable } from '../db'

/**
 * A person found by ID number (migration 009). persons is distributed by its id, so a unique key
 * on the ID-number hash cannot live there; person_keys (hash → person, distributed by the hash)
 * answers the look-up on one shard, and then the person is read on theirs.
 */

/** The person of an ID-number hash, or null. */
export async function personIdOf(db: Queryable, idCardHash: string): Promise<string | null> {
  const [row] = await db.query<{ person_id: string }>('SELECT person_id FROM person_keys WHERE id_card_hash = $1', [idCardHash])
  return row?.person_id ?? null
}

/** The people of several ID-number hashes: hash → person id, for those recorded. */
export async function personIdsOf(db: Queryable, hashes: string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ id_card_hash: string; person_id: string }>(
    'SELECT id_card_hash, person_id FROM person_keys WHERE id_card_hash = ANY($1::text[])', [hashes])
  return new Map(rows.map((r) => [r.id_card_hash, r.person_id]))
}

/** Columns of a new person besides its id and hash, as SQL values in order. */
export interface NewPerson {
  hash: string
  idCardEnc: string
  nameEnc: string
  idRegion: string | null
  phoneEnc?: string | null
  phoneHash?: string | null
}

/**
 * Records new people and returns hash → id of those this call created (in hash order, so two
 * callers creating the same people wait for each other in one order). The key is claimed first:
 * two accounts adding the same child at once make one person; the second waits for the first's
 * transaction and then finds the person it made (personIdsOf).
 */
export async function createPeople(tx: Queryable, people: NewPerson[]): Promise<Map<string, string>> {
  if (!people.length) return new Map()
  const sorted = [...people].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
  const claimed = await tx.query<{ id_card_hash: string; person_id: string }>(
    `INSERT INTO person_keys (id_card_hash, person_id)
     SELECT h, gen_random_uuid() FROM unnest($1::text[]) WITH ORDINALITY AS x(h, n) ORDER BY n
     ON CONFLICT (id_card_hash) DO NOTHING RETURNING id_card_hash, person_id`, [sorted.map((p) => p.hash)])
  const ids = new Map(claimed.map((r) => [r.id_card_hash, r.person_id]))
  const fresh = sorted.filter((p) => ids.has(p.hash))
  if (fresh.length) {
    await tx.query(
      `INSERT INTO persons (id, id_card_hash, id_card_enc, name_enc, id_region, phone_enc, phone_hash)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [fresh.map((p) => ids.get(p.hash)), fresh.map((p) => p.hash), fresh.map((p) => p.idCardEnc), fresh.map((p) => p.nameEnc),
        fresh.map((p) => p.idRegion), fresh.map((p) => p.phoneEnc ?? null), fresh.map((p) => p.phoneHash ?? null)])
  }
  return ids
}

/**
 * Remembers that an account writes entries for a person other than its holder (a companion, or
 * someone an inspector registered): 我的扫码记录 and 离场 read the shards of exactly these people
 * and the holder (accountPeople), never every shard. Kept when the companion is removed.
 */
export async function rememberAccountPerson(db: Queryable, accountId: string, personId: string): Promise<void> {
  await db.query('INSERT INTO account_people (account_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [accountId, personId])
}

/** The people whose entries an account may have written or may see: its holder and account_people. */
export async function accountPeople(db: Queryable, accountId: string): Promise<{ holder: string | null; people: string[] }> {
  const [row] = await db.query<{ holder: string | null; people: string[] }>(
    `SELECT u.person_id AS holder,
            ARRAY(SELECT a.person_id FROM account_people a WHERE a.account_id = u.id) AS people
     FROM users u WHERE u.id = $1`, [accountId])
  const people = new Set(row?.people ?? [])
  if (row?.holder) people.add(row.holder)
  return { holder: row?.holder ?? null, people: [...people] }
}

/** Whether the account has written any entry: among its people's (accountPeople), so on their shards only. */
export async function accountHasEntries(db: Queryable, accountId: string): Promise<boolean> {
  const { people } = await accountPeople(db, accountId)
  if (!people.length) return false
  const [row] = await db.query<{ has: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM entries WHERE person_id = ANY($1::uuid[]) AND account_id = $2) AS has', [people, accountId])
  return row.has
}
