/**
 * Bulk rows for the benchmarks, made in the database (generate_series), not through the
 * functions: venues with their main checkpoint, people, accounts that hold them, and real
 * session tokens for those accounts. Ids follow from a number, so the benchmark can name row n
 * without looking it up.
 */
import { encrypt } from '../server/crypto/personal-data'
import type { Config } from '../server/config'
import type { Db } from '../server/db'
import { hashSessionToken, newSessionToken } from '../server/domain/ids'
import { SESSION_DAYS } from '../server/domain/sessions'
import { VENUE_TYPE_IDS } from '../src/shared/venue-types'

/** SQL for the uuid of number `n` (an SQL expression) in a family of ids named by 8 hex digits. */
export const idOf = (prefix: string, n: string): string => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`
/** The same uuid in TypeScript. */
export const uuidOf = (prefix: string, n: number): string => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`

/**
 * `count` venues `<prefix>1…` with checkpoints `<prefix>cp1…` (code version 1), of every type;
 * one in ten in 青岛 (another city), the rest in 济南. 场所申报码 are unique: they take codes
 * nobody holds.
 */
export async function seedVenues(db: Db, adminId: string, prefix: string, count: number): Promise<void> {
  await db.query(
    `WITH free AS (
       SELECT lpad(c::text, 6, '0') AS code, row_number() OVER (ORDER BY c) AS n FROM generate_series(100000, 999999) c
       WHERE NOT EXISTS (SELECT 1 FROM venues WHERE declaration_code = lpad(c::text, 6, '0'))
     )
     INSERT INTO venues (id, admin_user_id, name, type, province_code, province_name, city_code, city_name, county_code, county_name,
       town_code, town_name, address, credit_code_enc, credit_code_hash, admin_name_enc, admin_mobile_enc, declaration_code)
     SELECT $4 || i, $1, '基准场所' || $4 || i, ($3::text[])[1 + i % cardinality($3::text[])], '370000', '山东省',
            CASE WHEN i % 10 = 0 THEN '370200' ELSE '370100' END, CASE WHEN i % 10 = 0 THEN '青岛市' ELSE '济南市' END,
            CASE WHEN i % 10 = 0 THEN '370202' ELSE '370102' END, CASE WHEN i % 10 = 0 THEN '市南区' ELSE '历下区' END,
            CASE WHEN i % 10 = 0 THEN '370202001' ELSE '370102004' END, CASE WHEN i % 10 = 0 THEN '香港中路街道' ELSE '泉城路街道' END,
            '基准路' || i || '号', 'x', $4 || i, 'x', 'x', free.code
     FROM generate_series(1, $2::int) i JOIN free ON free.n = i`, [adminId, count, VENUE_TYPE_IDS, prefix])
  await db.query(`INSERT INTO checkpoints (id, venue_id, name) SELECT $2 || 'cp' || i, $2 || i, '主入口' FROM generate_series(1, $1::int) i`,
    [count, prefix])
}

/**
 * `count` people (ids `uuidOf(prefix, 1…)`) and, with `accounts`, one signed-in account each
 * holding that person (the same ids in the users table). Everyone shares one ciphertext per
 * field: check-ins and traces decrypt names, and encrypting each would time the fill.
 */
export async function seedPeople(db: Db, config: Config, prefix: string, count: number, accounts = false): Promise<void> {
  const keys = config.dataKeys
  await db.query(
    `INSERT INTO persons (id, id_card_hash, id_card_enc, name_enc, phone_enc, id_region)
     SELECT ${idOf(prefix, 'i')}, $5 || i, $2, $3, $4, '370102' FROM generate_series(1, $1::int) i`,
    [count, encrypt(keys, '370102199001011231'), encrypt(keys, '基准人'), encrypt(keys, '13800000000'), prefix])
  await db.query(`INSERT INTO person_keys (id_card_hash, person_id) SELECT $2 || i, ${idOf(prefix, 'i')} FROM generate_series(1, $1::int) i`,
    [count, prefix])
  if (accounts) {
    await db.query(`INSERT INTO users (id, person_id, verified_at, verified_via) SELECT ${idOf(prefix, 'i')}, ${idOf(prefix, 'i')}, now(), 'demo' FROM generate_series(1, $1::int) i`, [count])
  }
}

/** A real session token for each of the accounts `uuidOf(prefix, 1…count)`, as a sign-in makes (only the hash is stored). */
export async function seedSessions(db: Db, prefix: string, count: number): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => newSessionToken())
  const CHUNK = 50_000
  for (let first = 0; first < count; first += CHUNK) {
    const part = tokens.slice(first, first + CHUNK)
    await db.query(
      `INSERT INTO sessions (token_hash, user_id, expires_at)
       SELECT h, ${idOf(prefix, `($2::int + n)`)}, now() + make_interval(days => $3::int)
       FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n)`,
      [part.map(hashSessionToken), first, SESSION_DAYS])
  }
  return tokens
}
