import { addDays, shanghaiDate } from '../../src/shared/time'
import { randomBytes } from 'crypto'
import { DEFAULT_ASSIST_DAILY_CAP } from '../../src/shared/api'
import { venueCodeUrl } from '../../src/shared/venue-code'
import type { Config } from '../../server/config'
import { signVenueCode } from '../../server/crypto/code-signing'
import { encrypt } from '../../server/crypto/personal-data'
import { migrate, openDb, type Db } from '../../server/db'
import { checkIn } from '../../server/domain/check-in'
import { DEFAULT_RULES } from '../../server/domain/public-health-rules'
import { MIGRATIONS } from '../../server/db/migrations'
import type { Deps } from '../../server/domain/deps'
import {
  ensureEntryPartitions, ensureEntryPartitionsBetween, entryPartitionDays, PARTITION_DAYS_AHEAD
} from '../../server/domain/partitions'
import { purgeExpired } from '../../server/domain/retention'
import { getDeps } from '../../server/runtime'
import { createTestStack, randomTestKeys, TEST_BASE_URL, testDatabases, type TestStack } from '../support/stack'
import { count, solo, unwrap } from './fixtures'

/** China date (YYYY-MM-DD) `days` from today. */
const chinaDate = (days: number) => addDays(shanghaiDate(Date.now()), days)
const compact = (date: string) => date.replace(/-/g, '')

/** The entry log by China day (migration 006): created ahead, caught by the default, dropped whole. */
describe.each(testDatabases())('day partitions of the entry log on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let deps: Deps
  let template: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    deps = await getDeps()
    const admin = await stack.login('venue_admin')
    const url = unwrap(await stack.call('myVenues', {}, admin)).venues[0].code.url
    template = solo(await stack.call('checkIn', { code: url }, await stack.login('citizen'))).entryId
  })
  afterAll(async () => { await stack.close() })

  /** Copies the template entry to `n` rows at the given SQL time expressions (g = 1..n). */
  const copyAt = (at: string, n = 1) => stack.db.query<{ id: string }>(
    `INSERT INTO entries (account_id, person_id, venue_id, checkpoint_id, method, health_status, scan_id, checked_in_at)
     SELECT account_id, person_id, venue_id, checkpoint_id, method, health_status, scan_id, ${at}
     FROM entries, generate_series(1, $2) g WHERE id = $1 RETURNING id`, [template, n])
  const partitionOf = async (id: string) => (await stack.db.query<{ p: string }>(
    'SELECT tableoid::regclass::text AS p FROM entries WHERE id = $1', [id]))[0].p

  it('has today and the days ahead from the start, and a check-in lands in today\'s partition', async () => {
    const days = await entryPartitionDays(stack.db)
    for (let d = 0; d <= PARTITION_DAYS_AHEAD; d++) expect(days).toContain(compact(chinaDate(d)))
    expect(await partitionOf(template)).toBe(`entries_${compact(chinaDate(0))}`)
    // Nothing left to create: a second run is a no-op.
    expect(await ensureEntryPartitions(stack.db)).toBe(0)
  })

  it('splits days at midnight China time, not UTC', async () => {
    const today = chinaDate(0)
    const [before] = await copyAt(`'${today}T00:00:00+08:00'::timestamptz - interval '1 microsecond'`)
    const [at] = await copyAt(`'${today}T00:00:00+08:00'::timestamptz`)
    expect(await partitionOf(at.id)).toBe(`entries_${compact(today)}`)
    // The day before has no partition (the stack began today): the default caught it.
    expect(await partitionOf(before.id)).toBe('entries_default')
    await stack.db.query('DELETE FROM entries WHERE id = ANY($1::uuid[])', [[before.id, at.id]])
  })

  it('catches a day nobody created in the default partition, and moves it into its own day when created', async () => {
    const day = chinaDate(-40)
    const rows = await copyAt(`'${day}T12:00:00+08:00'::timestamptz + g * interval '1 minute'`, 30)
    expect(new Set(await Promise.all(rows.map((r) => partitionOf(r.id))))).toEqual(new Set(['entries_default']))
    const total = await count(stack.db, 'entries')
    expect(await ensureEntryPartitionsBetween(stack.db, day, day)).toBe(1)
    expect(new Set(await Promise.all(rows.map((r) => partitionOf(r.id))))).toEqual(new Set([`entries_${compact(day)}`]))
    expect(await count(stack.db, 'entries')).toBe(total)
    expect(await count(stack.db, 'entries_default')).toBe(0)
    // The moved day keeps every index and constraint: a second copy of a row's key is refused.
    await expect(stack.db.query(
      `INSERT INTO entries SELECT * FROM entries WHERE id = $1`, [rows[0].id])).rejects.toThrow(/duplicate key|unique/i)
    await stack.db.query(`DROP TABLE entries_${compact(day)}`)
  })

  it('creates each day once when several runs race', async () => {
    const from = chinaDate(-60)
    const to = chinaDate(-50)
    const created = await Promise.all([1, 2, 3].map(() => ensureEntryPartitionsBetween(stack.db, from, to)))
    expect(created.reduce((a, b) => a + b, 0)).toBe(11)
    const days = await entryPartitionDays(stack.db)
    expect(days.filter((d) => d >= compact(from) && d <= compact(to))).toHaveLength(11)
    for (let d = -60; d <= -50; d++) await stack.db.query(`DROP TABLE entries_${compact(chinaDate(d))}`)
  })

  it('retention drops whole days that ended before the cutoff and keeps the day the cutoff falls in', async () => {
    const keep = stack.config.rules.entryRetentionDays
    // Days keep+3 .. keep-1 ago, 50 rows each at China noon, in their own partitions.
    const ages = [keep + 3, keep + 2, keep + 1, keep, keep - 1]
    await ensureEntryPartitionsBetween(stack.db, chinaDate(-(keep + 3)), chinaDate(-(keep - 1)))
    for (const age of ages) await copyAt(`'${chinaDate(-age)}T12:00:00+08:00'::timestamptz + g * interval '1 second'`, 50)
    // One stray old row in the default partition (its day has no partition) goes row by row.
    await copyAt(`'${chinaDate(-(keep + 10))}T12:00:00+08:00'::timestamptz`)
    const before = await count(stack.db, 'entries')
    const report = await purgeExpired(deps)

    const days = await entryPartitionDays(stack.db)
    const cutoffDay = compact(shanghaiDate(report.before))
    // Every day that ended by the cutoff is gone; the cutoff's own day and later stay whole.
    expect(days.filter((d) => d < cutoffDay)).toEqual([])
    expect(days).toContain(cutoffDay)
    for (const age of ages) {
      const day = compact(chinaDate(-age))
      expect(days.includes(day)).toBe(day >= cutoffDay)
    }
    const gone = ages.filter((age) => compact(chinaDate(-age)) < cutoffDay).length * 50 + 1
    expect(report.entries).toBe(gone)
    expect(await count(stack.db, 'entries')).toBe(before - gone)
    expect(await count(stack.db, 'entries_default')).toBe(0)
    // The run also kept the days ahead.
    expect(days).toContain(compact(chinaDate(PARTITION_DAYS_AHEAD)))
    // Run again: nothing more to drop.
    expect((await purgeExpired(deps)).entries).toBe(0)
  })
})

/** Migration 006 moves an existing, unpartitioned log into day partitions without losing a row. */
/**
 * A database in the shape of migration 005 with 20 days of history, migrated to the current
 * schema: 006 moves every row into its day, 009 re-keys them by person (docs/scale.md §3).
 */
describe.each(testDatabases())('migrating an existing entry log into day partitions on $label', ({ databaseUrl }) => {
  let db: Db
  const schema = databaseUrl ? `mig_${randomBytes(6).toString('hex')}` : undefined
  const config: Config = {
    ...randomTestKeys(), databaseUrl, databaseSchema: schema, dataDir: ':memory:',
    publicBaseUrl: TEST_BASE_URL, codeLinkBases: [TEST_BASE_URL], demoLogin: false, localStack: false, rules: DEFAULT_RULES,
    assistDailyCap: DEFAULT_ASSIST_DAILY_CAP
  }
  beforeAll(async () => { db = await openDb(config) })
  afterAll(async () => {
    if (schema) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await db.close()
  })

  it('keeps every row, id and column, each in its day', async () => {
    expect(await migrate(db, MIGRATIONS.filter((m) => m.version <= 5))).toEqual([1, 2, 3, 4, 5])
    const k = config.dataKeys
    const [person] = await db.query<{ id: string }>(
      `INSERT INTO persons (id_card_hash, id_card_enc, name_enc) VALUES ('h1', $1, $2) RETURNING id`,
      [encrypt(k, '370102199001011231'), encrypt(k, '张三')])
    const [account] = await db.query<{ id: string }>('INSERT INTO users (person_id) VALUES ($1) RETURNING id', [person.id])
    await db.query(
      `INSERT INTO venues (id, admin_user_id, name, type, province_code, province_name, city_code, city_name, county_code, county_name,
         town_code, town_name, address, credit_code_enc, credit_code_hash, admin_name_enc, admin_mobile_enc, declaration_code)
       VALUES ('v1', $1, '泉城广场', 'scenic', '37', '山东省', '3701', '济南市', '370102', '历下区', '370102004', '泉城路街道',
         '泉城路1号', $2, 'c', $2, $2, '123456')`, [account.id, encrypt(k, 'x')])
    await db.query(`INSERT INTO checkpoints (id, venue_id) VALUES ('c1', 'v1')`)
    const columns = `account_id, person_id, venue_id, checkpoint_id, method, health_status, scan_id, checked_in_at, withdrawn_at, checked_out_at`
    await db.query(`INSERT INTO entries (${columns})
      SELECT $1, $2, 'v1', 'c1', 'self', 'green', gen_random_uuid(),
             now() - g * interval '1 day' - interval '1 hour', CASE WHEN g % 3 = 0 THEN now() - g * interval '1 day' END,
             CASE WHEN g % 4 = 0 THEN now() - g * interval '1 day' - interval '30 minutes' END
      FROM generate_series(0, 20) g`, [account.id, person.id])
    const before = await db.query(`SELECT id, ${columns} FROM entries ORDER BY id`)

    expect(await migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version > 5).map((m) => m.version))
    const after = await db.query(`SELECT id, ${columns} FROM entries ORDER BY id`)
    expect(after).toEqual(before)
    expect(await count(db, 'entries_default')).toBe(0)
    const days = await entryPartitionDays(db)
    expect(days).toContain(compact(chinaDate(-20)))
    expect(days).toContain(compact(chinaDate(7)))
    // The log keeps working after the move: a check-in lands in today's partition.
    const code = venueCodeUrl(TEST_BASE_URL, signVenueCode({ keys: config.codeSigningKeys, currentKid: config.codeSigningKid },
      { venueId: 'v1', checkpointId: 'c1', codeVersion: 1 }))
    const res = await checkIn({ db, config }, { userId: account.id, personId: person.id, verified: true, companions: [] }, code)
    expect(res).toMatchObject({ kind: 'entered', people: [{ personId: person.id, repeated: false, healthStatus: 'green' }] })
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM entries_${compact(chinaDate(0))}`)
    expect(n).toBeGreaterThanOrEqual(2)
  })
})
