import { Client } from 'pg'
import { addDays, shanghaiDate, shanghaiDayStart } from '../../src/shared/time'
import { CITUS_TABLES, setUpCitus } from '../../server/db/citus'
import { ensureEntryPartitionsBetween, entryPartitionDays } from '../../server/domain/partitions'
import { purgeExpired } from '../../server/domain/retention'
import { describeWhenSet } from '../support/postgres-only'
import { normalise, scenario, type Run } from '../support/scale-scenario'
import { createTestStack, type TestStack } from '../support/stack'
import { makeIdCard, unwrap } from './fixtures'

/**
 * The design of docs/scale.md §3 on a real Citus cluster (CITUS_TEST_URL: a coordinator with its
 * workers added). The scenario of the fdw imitation, extended, runs through the real functions on
 * plain PostgreSQL (TEST_DATABASE_URL, else the coordinator itself with the schema left local)
 * and on a schema set up as `npm run citus:setup` does; the answers must be equal. Then the cluster
 * is read directly: every table in its role, each person's rows on one worker, both workers used,
 * nothing stored on the coordinator, the hot paths on one shard (the check-in delegated to the
 * person's worker), retention dropping whole partitions on the workers.
 *
 * Citus does not install from Debian or npm, so CI skips this file and says so; docs/scale.md §5
 * says how to build a cluster to run it.
 */
describeWhenSet(__filename, 'CITUS_TEST_URL', 'a Citus coordinator; see docs/scale.md §5', 'the schema on a real Citus cluster', (url) => {
  let plain: Run
  let dist: Run
  let stack: TestStack
  let schema: string

  beforeAll(async () => {
    const plainStack = await createTestStack({ databaseUrl: process.env.TEST_DATABASE_URL ?? url, citus: false })
    plain = await scenario(plainStack, { extended: true })
    await plainStack.close()
    stack = await createTestStack({ databaseUrl: url, citus: true })
    schema = stack.config.databaseSchema!
    dist = await scenario(stack, { extended: true })
  })
  afterAll(async () => { await stack?.close() })

  /** One statement on a connection of its own in the stack's schema, with the notices it raised. */
  async function withNotices<T>(sql: string, params: unknown[], setup: string[] = []): Promise<{ rows: T[]; notices: string[] }> {
    const client = new Client({ connectionString: url })
    const notices: string[] = []
    client.on('notice', (n) => notices.push(n.message ?? ''))
    await client.connect()
    try {
      await client.query(`SET search_path = ${schema}`)
      for (const s of setup) await client.query(s)
      const res = await client.query(sql, params)
      return { rows: res.rows as T[], notices }
    } finally {
      await client.end()
    }
  }

  /** How many shard tasks Citus plans for a statement (EXPLAIN's Task Count). */
  async function tasks(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await withNotices<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params, ['SET plan_cache_mode = force_custom_plan'])
    const counts = [...JSON.stringify(rows[0]['QUERY PLAN']).matchAll(/"Task Count":(\d+)/g)].map((m) => Number(m[1]))
    expect(counts.length).toBeGreaterThan(0)
    return counts.reduce((a, b) => a + b, 0)
  }

  const idOf = (run: Run, label: string) => [...run.names].find(([, n]) => n === label)![0]

  it('runs a scenario worth comparing', () => {
    const a = dist.answers as {
      checkIns: Array<{ kind: string }>
      traceOnD: { contactCount: number }
      statsToday: { totals: { entries: number } }
      confirmTrace: { trace: { confirmedAt: string | null; contactCount: number }; proposal: { state: string } }
      risksOfNear: { notices: unknown[] }
      alerts: { alerts: unknown[] }
    }
    expect(a.checkIns.map((c) => c.kind)).toEqual(['entered', 'choose', 'entered', 'entered', 'entered', 'entered', 'entered', undefined, 'entered'])
    expect(a.traceOnD.contactCount).toBe(4)
    expect(a.statsToday.totals.entries).toBeGreaterThanOrEqual(6)
    // Confirmed by two officials: the contacts told.
    expect(a.confirmTrace.proposal.state).toBe('approved')
    expect(a.confirmTrace.trace.confirmedAt).not.toBeNull()
    expect(a.risksOfNear.notices.length).toBeGreaterThan(0)
    // The yellow and the red person's alerts.
    expect(a.alerts.alerts).toHaveLength(2)
  })

  it('answers exactly as plain PostgreSQL', () => {
    expect(normalise(dist)).toEqual(normalise(plain))
  })

  it('gives every table its role: by person, by ID number, by venue, reference or on the coordinator', async () => {
    const rows = await stack.db.query<{ table_name: string; citus_table_type: string; distribution_column: string; colocation_id: number }>(
      `SELECT c.relname AS table_name, t.citus_table_type, t.distribution_column, t.colocation_id
       FROM public.citus_tables t JOIN pg_class c ON c.oid = t.table_name::oid WHERE c.relnamespace = $1::regnamespace`, [schema])
    const byName = new Map(rows.map((r) => [r.table_name, r]))
    const colocation = (t: string) => byName.get(t)!.colocation_id
    for (const t of CITUS_TABLES) {
      const r = byName.get(t.table)
      expect({ table: t.table, found: Boolean(r) }).toEqual({ table: t.table, found: true })
      const type = { person: 'distributed', 'id-card': 'distributed', venue: 'distributed', reference: 'reference', coordinator: 'local' }[t.role]
      expect({ table: t.table, type: r!.citus_table_type }).toEqual({ table: t.table, type })
      if (t.column) expect({ table: t.table, column: r!.distribution_column }).toEqual({ table: t.table, column: t.column })
      if (t.colocateWith) expect({ table: t.table, with: colocation(t.table) }).toEqual({ table: t.table, with: colocation(t.colocateWith) })
    }
    expect(colocation('persons')).not.toBe(colocation('venue_log'))
    // Each day partition of entries is distributed alongside the person tables.
    for (const day of await entryPartitionDays(stack.db)) expect(colocation(`entries_${day}`)).toBe(colocation('persons'))
  })

  it('keeps each person on one worker, uses both, and stores no entry on the coordinator', async () => {
    const leaves = await stack.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'entries'::regclass`)
    const homes = new Map<string, Set<string>>()
    let stored = 0
    for (const { name } of leaves) {
      const shards = await stack.db.query<{ shardid: string; result: string; node: string }>(
        `SELECT r.shardid::text, r.result, s.nodename || ':' || s.nodeport AS node
         FROM run_command_on_shards($1, 'SELECT coalesce(json_agg(person_id), ''[]'') FROM %s') r
         JOIN citus_shards s ON s.shardid = r.shardid`, [`${schema}.${name}`])
      for (const s of shards) {
        const people = JSON.parse(s.result) as string[]
        stored += people.length
        for (const p of people) homes.set(p, (homes.get(p) ?? new Set()).add(s.node))
      }
    }
    const [{ n }] = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM entries')
    expect(stored).toBe(n)
    for (const [person, nodes] of homes) expect({ person, nodes: nodes.size }).toEqual({ person, nodes: 1 })
    for (const id of Object.values(dist.personIds)) expect(homes.has(id)).toBe(true)
    // The person's row lives on the same worker as their entries (co-location).
    for (const [person, nodes] of homes) {
      const [home] = await stack.db.query<{ node: string }>(
        `SELECT nodename || ':' || nodeport AS node FROM citus_shards
         WHERE shardid = get_shard_id_for_distribution_column($1, $2::uuid)`, [`${schema}.persons`, person])
      expect({ person, node: home.node }).toEqual({ person, node: [...nodes][0] })
    }
    const workers = await stack.db.query<{ node: string }>(`SELECT node_name || ':' || node_port AS node FROM citus_get_active_worker_nodes()`)
    expect(new Set([...homes.values()].flatMap((s) => [...s]))).toEqual(new Set(workers.map((w) => w.node)))
    // The coordinator holds no placement of entries, and its shell tables no bytes.
    const [{ placed }] = await stack.db.query<{ placed: number }>(
      `SELECT count(*)::int AS placed FROM pg_dist_placement p JOIN pg_dist_shard s USING (shardid)
       WHERE p.groupid = 0 AND (s.logicalrelid = 'entries'::regclass
         OR s.logicalrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'entries'::regclass))`)
    expect(placed).toBe(0)
    const [{ bytes }] = await stack.db.query<{ bytes: string }>(
      `SELECT coalesce(sum(pg_relation_size(inhrelid)), 0)::text AS bytes FROM pg_inherits WHERE inhparent = 'entries'::regclass`)
    expect(Number(bytes)).toBe(0)
  })

  it('runs the check-in on the worker that holds the person, in one call', async () => {
    const account = await stack.verifiedAccount({ name: '冯远', idCard: makeIdCard('19880202') })
    const userId = await stack.userIdOf(account)
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [userId])
    const venueId = idOf(dist, 'park')
    const checkpointId = idOf(dist, 'park.main')
    const { rows, notices } = await withNotices<{ outcome: string; o_person_id: string }>(
      'SELECT * FROM csm_check_in_alone($1, $2, $3, $4, 1, true, 5, NULL, NULL, 24)', [u.person_id, userId, venueId, checkpointId],
      ['SET citus.log_remote_commands = on', 'SET client_min_messages = log'])
    expect(rows).toEqual([expect.objectContaining({ outcome: 'entered', o_person_id: u.person_id })])
    const remote = notices.filter((m) => m.startsWith('issuing'))
    // The call itself is what travels: one command, to one worker, naming the function.
    expect(remote).toHaveLength(1)
    expect(remote[0]).toContain('csm_check_in_alone')
    // And the entry it made is on the worker that holds the person (run_command_on_placements asks each).
    const placed = await stack.db.query<{ nodeport: number; result: string }>(
      `SELECT nodeport, result FROM run_command_on_placements($1, $2)
       WHERE shardid = get_shard_id_for_distribution_column($1, $3::uuid)`,
      [`${schema}.entries_${shanghaiDate(new Date()).replace(/-/g, '')}`, `SELECT count(*) FROM %s WHERE person_id = '${u.person_id}'`, u.person_id])
    expect(placed.map((p) => p.result)).toEqual(['1'])
  })

  it('plans the hot reads on one shard, and the costed fan-outs as such', async () => {
    const holder = idOf(dist, 'holder')
    const today = shanghaiDate(new Date())
    const day = [shanghaiDayStart(today).toISOString(), shanghaiDayStart(addDays(today, 1)).toISOString()]
    // 我的扫码记录 of one person, and the idempotency look-up.
    expect(await tasks('SELECT * FROM entries WHERE person_id = ANY($1::uuid[]) AND checked_in_at >= $2 AND checked_in_at < $3',
      [[holder], ...day])).toBe(1)
    expect(await tasks('SELECT * FROM entries WHERE person_id = $1 AND venue_id = $2 AND checked_in_at > now() - interval \'5 minutes\'',
      [holder, idOf(dist, 'restaurant')])).toBe(1)
    // 检测统计 and the gate: one venue's log.
    expect(await tasks('SELECT count(*) FROM venue_log WHERE venue_id = $1 AND checked_in_at >= $2 AND checked_in_at < $3',
      [idOf(dist, 'restaurant'), ...day])).toBe(1)
    // A person by ID number: the key, then the person.
    expect(await tasks('SELECT person_id FROM person_keys WHERE id_card_hash = $1', ['x'])).toBe(1)
    expect(await tasks('SELECT * FROM persons WHERE id = $1', [holder])).toBe(1)
    // A trace's contacts by venue and time: every shard of today's partition, once for all stays.
    const [{ shards }] = await stack.db.query<{ shards: number }>(
      `SELECT shard_count AS shards FROM public.citus_tables WHERE table_name = $1::regclass`, [`${schema}.entries_${today.replace(/-/g, '')}`])
    expect(await tasks('SELECT * FROM entries WHERE venue_id = $1 AND checked_in_at >= $2 AND checked_in_at < $3',
      [idOf(dist, 'restaurant'), ...day])).toBe(Number(shards))
  })

  it('drops whole day partitions on the workers for retention', async () => {
    const old = addDays(shanghaiDate(new Date()), -40)
    await ensureEntryPartitionsBetween(stack.db, old, old)
    const [p] = await stack.db.query<{ person_id: string; account_id: string; venue_id: string; checkpoint_id: string }>(
      'SELECT person_id, account_id, venue_id, checkpoint_id FROM entries LIMIT 1')
    await stack.db.query(
      `INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, checked_in_at, method, scan_id, health_status)
       VALUES ($1, $2, $3, $4, $5, 'self', gen_random_uuid(), 'green')`,
      [p.person_id, p.account_id, p.venue_id, p.checkpoint_id, new Date(shanghaiDayStart(old).getTime() + 3600e3).toISOString()])
    const name = `entries_${old.replace(/-/g, '')}`
    const shardsBefore = await stack.db.query('SELECT 1 FROM citus_shards WHERE table_name = $1::regclass', [`${schema}.${name}`])
    expect(shardsBefore.length).toBeGreaterThan(0)
    const purged = await purgeExpired({ db: stack.db, config: stack.config })
    expect(purged.entries).toBeGreaterThanOrEqual(1)
    expect(await entryPartitionDays(stack.db)).not.toContain(old.replace(/-/g, ''))
    // Gone from every worker too: no table of that day is left in the schema.
    const left = await stack.db.query<{ result: string }>(`SELECT result FROM run_command_on_workers($1)`,
      [`SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${schema}' AND c.relname LIKE '${name}%'`])
    expect(left.map((w) => w.result)).toEqual(['0', '0'])
    const shardsAfter = await stack.db.query(`SELECT 1 FROM pg_dist_shard WHERE logicalrelid::text = $1`, [`${schema}.${name}`])
    expect(shardsAfter).toHaveLength(0)
    // The log still answers.
    expect(unwrap(await stack.act('entries', 'list', {}, await stack.login('citizen'))).days).toBe(28)
  })

  it('sets up idempotently: a second run changes nothing', async () => {
    const again = await setUpCitus(stack.db, schema)
    expect(again).toMatchObject({ distributed: [], reference: [], local: [], functions: [] })
    expect(again.workers).toBeGreaterThanOrEqual(2)
  })
})
