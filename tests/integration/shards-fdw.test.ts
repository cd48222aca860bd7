import { addDays, shanghaiDate, shanghaiDayStart } from '../../src/shared/time'
import { SHARD_DATABASES, shardEntries, type ShardedEntries } from '../support/fdw-shards'
import { describeOnPostgres } from '../support/postgres-only'
import { normalise, scenario, type Run } from '../support/scale-scenario'
import { createTestStack, type TestStack } from '../support/stack'

/**
 * The distribution key, proven on one machine (docs/scale.md): the same scenario through the real
 * functions — check-ins (alone, with companions, a repeated scan, an assisted entry), a venue's day
 * statistics, the gate feed, my entries, alerts, and an official's trace of two cases — once on one
 * database and once with entries split by hash(person_id) into postgres_fdw foreign partitions in
 * two other databases (tests/support/fdw-shards.ts). The answers must be the same, and the rows
 * must really live in the shards: each person on one node, both nodes used, nothing stored on the
 * coordinator; and a look-up by person must reach one shard where one by venue reaches all.
 *
 * Answers are compared after normalising what legitimately differs between two runs: generated
 * ids become the names the scenario gave them, live timestamps become their rank, and lists are
 * compared as multisets (several lists break ties on random ids, e.g. people who came in the same
 * instant). Their order on one database is what the other integration tests check.
 */

describeOnPostgres(__filename, 'entries in two postgres_fdw shards by person_id answer as one database', (databaseUrl) => {
  let plain: Run
  let sharded: Run
  let shards: ShardedEntries | undefined
  let stack: TestStack | undefined

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    plain = await scenario(stack)
    await stack.close()
    stack = await createTestStack({ databaseUrl })
    shards = await shardEntries(stack.db, databaseUrl, stack.config.databaseSchema!)
    sharded = await scenario(stack)
  })
  afterAll(async () => {
    await shards?.drop()
    await stack?.close()
  })

  it('runs a scenario worth comparing on one database', () => {
    const a = plain.answers as {
      checkIns: Array<{ kind: string; people?: Array<{ repeated: boolean }> }>
      traceOnD: { contactCount: number; stays: unknown[] }
      traceToday: { contactCount: number }
      statsOnD: { totals: { entries: number } }
      statsToday: { totals: { entries: number; people: number; assisted: number; yellow: number } }
      alerts: { alerts: unknown[] }
    }
    expect(a.checkIns.map((c) => c.kind)).toEqual(['entered', 'choose', 'entered', 'entered', 'entered', 'entered', 'entered', undefined])
    expect(a.checkIns.flatMap((c) => (c.people ?? []).map((p) => p.repeated))).toEqual([false, false, false, false, true, true, true, false, false])
    // near, before and leaver at the restaurant; elsewhere at the park in the afternoon.
    expect(a.traceOnD).toMatchObject({ contactCount: 4 })
    expect(a.traceOnD.stays).toHaveLength(2)
    // walker's restaurant visit: holder, child, grandpa (south gate), yellow and the assisted person.
    expect(a.traceToday.contactCount).toBe(5)
    expect(a.statsOnD.totals.entries).toBe(4)
    expect(a.statsToday.totals).toMatchObject({ entries: 6, people: 6, assisted: 1, yellow: 1 })
    expect(a.alerts.alerts).toHaveLength(1)
  })

  it('gives the same answers with entries in the shards', () => {
    expect(normalise(sharded)).toEqual(normalise(plain))
  })

  it('keeps every person on one shard, uses both nodes, and stores nothing on the coordinator', async () => {
    const rows = await shards!.rowsByPerson()
    const [{ n }] = await stack!.db.query<{ n: number }>('SELECT count(*)::int AS n FROM entries')
    expect(rows.reduce((sum, r) => sum + r.rows, 0)).toBe(n)
    expect(n).toBeGreaterThanOrEqual(Object.keys(sharded.personIds).length)

    const homes = new Map<string, Set<string>>()
    for (const r of rows) {
      const key = r.personId ?? 'no person'
      homes.set(key, (homes.get(key) ?? new Set()).add(`${r.database}#${r.bucket}`))
    }
    for (const [person, places] of homes) expect({ person, places: [...places] }).toEqual({ person, places: [expect.any(String)] })
    for (const id of Object.values(sharded.personIds)) expect(homes.has(id)).toBe(true)
    expect(new Set(rows.map((r) => r.database))).toEqual(new Set(SHARD_DATABASES))

    const tree = await shards!.coordinatorTree()
    const leaves = tree.filter((t) => t.leaf)
    expect(leaves.length).toBe(shards!.tables.length)
    expect(leaves.every((t) => t.kind === 'f')).toBe(true)
    expect(tree.reduce((sum, t) => sum + t.bytes, 0)).toBe(0)
  })

  it('routes a look-up by person to one shard and fans a look-up by venue out to every shard', async () => {
    /** Foreign scans in the plan: the shards a statement reaches (EXPLAIN prunes partitions it can rule out). */
    const shardsReached = async (where: string) => {
      const [row] = await stack!.db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) SELECT * FROM entries WHERE ${where}`)
      return (JSON.stringify(row['QUERY PLAN']).match(/"Node Type":"Foreign Scan"/g) ?? []).length
    }
    const idOf = (label: string) => [...sharded.names].find(([, n]) => n === label)![0]
    // One shard table per day partition (one in all when entries is not partitioned by day).
    const partitions = new Set(shards!.tables.map((t) => t.partition)).size
    expect(await shardsReached(`person_id = '${idOf('holder')}'`)).toBe(partitions)
    // A day and a person: one shard table, whichever way entries is partitioned.
    const today = shanghaiDate(new Date())
    expect(await shardsReached(`person_id = '${idOf('holder')}' AND checked_in_at >= '${shanghaiDayStart(today).toISOString()}'
      AND checked_in_at < '${shanghaiDayStart(addDays(today, 1)).toISOString()}'`)).toBe(1)
    expect(await shardsReached(`venue_id = '${idOf('restaurant')}'`)).toBe(shards!.tables.length)
  })
})
