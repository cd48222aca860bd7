import { randomBytes } from 'crypto'
import { migrate, openDb, type Db } from '../../server/db'
import { MIGRATIONS } from '../../server/db/migrations'
import { countRoundTrips } from '../../server/db/round-trips'
import { testDatabases } from '../support/stack'

/**
 * Every cold start asks whether the schema is current. On a database that is (every start but
 * the first) the answer takes one read; anything missing still goes through the locked transaction.
 */
describe.each(testDatabases())('migrations at a cold start on $label', ({ databaseUrl }) => {
  let db: Db
  const schema = databaseUrl ? `mig_${randomBytes(6).toString('hex')}` : undefined

  beforeAll(async () => {
    db = await openDb({ databaseUrl, databaseSchema: schema, dataDir: ':memory:' })
  })
  afterAll(async () => {
    if (schema) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await db.close()
  })

  it('applies what is missing under the lock, then answers a current database in one round trip', async () => {
    const all = MIGRATIONS.map((m) => m.version).sort((a, b) => a - b)
    const older = MIGRATIONS.filter((m) => m.version < all[all.length - 1])
    expect(await migrate(db, older)).toEqual(all.slice(0, -1))

    const counter = countRoundTrips(db)
    try {
      // The newest migration is missing: the locked transaction applies it.
      expect(await migrate(db)).toEqual(all.slice(-1))
      expect(counter.count).toBeGreaterThan(1)

      counter.reset()
      expect(await migrate(db)).toEqual([])
      expect(counter.count).toBe(1)
    } finally {
      counter.restore()
    }
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')
    expect(row.n).toBe(all.length)
  })
})
