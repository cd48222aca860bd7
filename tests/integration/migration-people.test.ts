import { DEFAULT_ASSIST_DAILY_CAP } from '../../src/shared/api'
import { randomBytes } from 'crypto'
import type { Config } from '../../server/config'
import { encrypt, lookupHash, type DataKeys } from '../../server/crypto/personal-data'
import { migrate, openDb, type Db } from '../../server/db'
import { MIGRATIONS } from '../../server/db/migrations'
import type { Deps } from '../../server/domain/deps'
import { getProfile, saveProfile } from '../../server/domain/people'
import { loadMe } from '../../server/domain/users'
import { listMyEntries } from '../../server/domain/my-entries'
import { DEFAULT_RULES } from '../../server/domain/public-health-rules'
import { randomTestKeys, TEST_BASE_URL, testDatabases } from '../support/stack'

/**
 * Migration 003 on a database that holds data in the shape of migrations 001–002: accounts with
 * personal data, statuses and entries by account. Values were then stored without a key id.
 */
describe.each(testDatabases())('migration 003 (people) on $label', ({ databaseUrl }) => {
  let db: Db
  const schema = databaseUrl ? `mig_${randomBytes(6).toString('hex')}` : undefined
  const key = randomBytes(32)
  const dataKeys: DataKeys = { keys: { k1: key }, currentKid: 'k1' }
  const config: Config = {
    ...randomTestKeys(), dataKeys, databaseUrl, databaseSchema: schema, dataDir: ':memory:',
    publicBaseUrl: TEST_BASE_URL, codeLinkBases: [TEST_BASE_URL], demoLogin: false, localStack: false, rules: DEFAULT_RULES,
    assistDailyCap: DEFAULT_ASSIST_DAILY_CAP
  }
  const deps = (): Deps => ({ db, config })
  /** The stored form before key ids: base64(iv ‖ tag ‖ ciphertext). */
  const oldEncrypt = (text: string) => encrypt(dataKeys, text).slice('k1:'.length)
  const hash = (v: string) => lookupHash(config.lookupHashKey, v)

  beforeAll(async () => { db = await openDb(config) })
  afterAll(async () => {
    if (schema) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await db.close()
  })

  it('moves people, statuses and entries to persons, keeping everything readable', async () => {
    expect(await migrate(db, MIGRATIONS.filter((m) => m.version <= 2))).toEqual([1, 2])
    const person = (name: string, idCard: string, phone: string) =>
      [oldEncrypt(name), oldEncrypt(idCard), hash(idCard), oldEncrypt(phone), hash(phone)]
    const insertUser = async (col: string, id: string, p: unknown[] | null) => (await db.query<{ id: string }>(
      `INSERT INTO users (${col}, name_enc, id_card_enc, id_card_hash, phone_enc, phone_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [id, ...(p ?? [null, null, null, null, null])]))[0].id
    // One person with two accounts (WeChat and Alipay), one other person, one account with no name.
    const wx = await insertUser('wx_openid', 'o_1', person('张三', '370102199001011231', '13800000001'))
    const ali = await insertUser('alipay_uid', '2088001', person('张三', '370102199001011231', '13800000009'))
    const other = await insertUser('demo_account', 'citizen_red', person('孙八', '370102199203157896', '13800000003'))
    const anonymous = await insertUser('wx_openid', 'o_2', null)
    await db.query(`INSERT INTO health_status (user_id, status, updated_at) VALUES
      ($1, 'green', now() - interval '2 days'), ($2, 'yellow', now() - interval '1 day'), ($3, 'red', now())`, [wx, ali, other])
    await db.query(
      `INSERT INTO venues (id, admin_user_id, name, type, province_code, province_name, city_code, city_name, county_code, county_name,
         town_code, town_name, address, credit_code_enc, credit_code_hash, admin_name_enc, admin_mobile_enc, declaration_code)
       VALUES ('v1', $1, '泉城广场', 'scenic', '37', '山东省', '3701', '济南市', '370102', '历下区', '370102004', '泉城路街道',
         '泉城路1号', $2, $3, $4, $5, '123456')`,
      [other, oldEncrypt('91370102MA3C0QCP0L'), hash('91370102MA3C0QCP0L'), oldEncrypt('李四'), oldEncrypt('13800000004')])
    await db.query(`INSERT INTO checkpoints (id, venue_id) VALUES ('c1', 'v1')`)
    await db.query(`INSERT INTO entries (user_id, venue_id, checkpoint_id, checked_in_at) VALUES
      ($1, 'v1', 'c1', now() - interval '3 days'), ($2, 'v1', 'c1', now() - interval '2 days'),
      ($3, 'v1', 'c1', now() - interval '1 day'), ($4, 'v1', 'c1', now() - interval '1 hour')`, [wx, ali, other, anonymous])

    expect(await migrate(db, MIGRATIONS.filter((m) => m.version <= 3))).toEqual([3])
    // Up to migration 008 the entry of the account without a name keeps no person.
    expect(await migrate(db, MIGRATIONS.filter((m) => m.version <= 8))).toEqual([4, 5, 6, 7, 8])
    const before009 = await db.query<{ account_id: string; person_id: string | null }>('SELECT account_id, person_id FROM entries ORDER BY checked_in_at')
    expect(before009.map((e) => e.person_id === null)).toEqual([false, false, false, true])
    // And on to the current schema, which must carry the same data forward.
    expect(await migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version > 8).map((m) => m.version))

    const persons = await db.query<{ id: string }>('SELECT id FROM persons')
    expect(persons).toHaveLength(2)
    const users = await db.query<{ id: string; person_id: string | null }>('SELECT id, person_id FROM users')
    const personOf = new Map(users.map((u) => [u.id, u.person_id]))
    expect(personOf.get(wx)).toBe(personOf.get(ali))
    expect(personOf.get(anonymous)).toBeNull()
    // The latest status of the person's accounts wins.
    // Carried over as typed, not verified (migration 007): the colour shows after 实名核验.
    expect(await loadMe(deps(), wx)).toMatchObject({ nameMasked: '张*', hasProfile: true, healthStatus: null, identity: 'unverified' })
    expect(await loadMe(deps(), other)).toMatchObject({ nameMasked: '孙*', healthStatus: null })
    const [status] = await db.query<{ status: string }>('SELECT h.status FROM health_status h JOIN users u ON u.person_id = h.person_id WHERE u.id = $1', [wx])
    expect(status).toEqual({ status: 'yellow' })
    expect(await loadMe(deps(), anonymous)).toMatchObject({ nameMasked: '未实名用户', hasProfile: false, healthStatus: null })
    expect(await getProfile(deps(), wx)).toMatchObject({ idCardMasked: '3701**********1231', hasEntries: true })

    const entries = await db.query<{ account_id: string; person_id: string | null; method: string; inspector_id: string | null; scan_id: string }>(
      'SELECT account_id, person_id, method, inspector_id, scan_id FROM entries ORDER BY checked_in_at')
    // Migration 009 removed the entry without a person: on Citus the person is the distribution
    // column, which cannot be NULL (on a running deployment retention took such entries long ago).
    expect(entries.map((e) => [e.account_id, e.person_id, e.method, e.inspector_id])).toEqual([
      [wx, personOf.get(wx), 'self', null],
      [ali, personOf.get(wx), 'self', null],
      [other, personOf.get(other), 'self', null]
    ])
    expect(new Set(entries.map((e) => e.scan_id)).size).toBe(3)
    // person_keys finds each person by ID number (migration 009).
    expect(await db.query('SELECT person_id FROM person_keys ORDER BY person_id')).toEqual(
      [...new Set([personOf.get(wx), personOf.get(other)])].sort().map((id) => ({ person_id: id })))
    // Venue data carries the key id now and still decrypts.
    const [v] = await db.query<{ credit_code_enc: string }>('SELECT credit_code_enc FROM venues')
    expect(v.credit_code_enc.startsWith('k1:')).toBe(true)
    // Unverified, the account sees the entries it made itself; the other account's (same person)
    // come with verification.
    expect((await listMyEntries(deps(), wx)).entries.map((e) => e.venueName)).toEqual(['泉城广场'])
    await db.query(`UPDATE users SET verified_at = now(), verified_via = 'wechat' WHERE id = $1`, [wx])
    expect((await listMyEntries(deps(), wx)).entries.map((e) => e.venueName)).toEqual(['泉城广场', '泉城广场'])

    // The account that checked in before names were required records one now, and starts afresh.
    await saveProfile(deps(), anonymous, { name: '韩梅梅', idCard: '11010519491231002X', phone: '13700001111' })
    expect((await listMyEntries(deps(), anonymous)).entries).toEqual([])
  })
})
