/**
 * The figures docs/scale.md multiplies out (`npx tsx bench/scale.ts`, PostgreSQL only): bytes per
 * entry on disk, table and each index, on entries generated as the trace benchmark generates them
 * (bench/trace.ts: its fill, its trace timing); and the cost of the queries the design routes to
 * one shard or fans out to all, each against `SELECT 1` on the same pool in the same run.
 *
 * Sizes: BENCH_TRACE_ENTRIES (default here 2,000,000), BENCH_TRACE_VENUES (5,000).
 * Database: SCALE_DATABASE_URL, else TEST_DATABASE_URL, else the local server's `test`; the run
 * lives in its own schema, dropped at the end.
 */
import { addDays, shanghaiDayStart } from '../src/shared/time'
import { venueStats } from '../server/domain/venue-stats'
import { createTestStack } from '../tests/support/stack'
import { median } from './median'

// bench/trace.ts reads its sizes when it loads: set ours first, then load it (in main).
process.env.BENCH_TRACE_ENTRIES ||= '2000000'
process.env.BENCH_TRACE_VENUES ||= '5000'

const ROUNDS = 50
const databaseUrl = process.env.SCALE_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test'

async function main() {
  const stack = await createTestStack({ databaseUrl })
  const rows: Array<[string, string]> = []
  try {
    const db = stack.db
    const adminId = await stack.userIdOf(await stack.login('venue_admin'))
    const { benchTrace } = await import('./trace')
    rows.push(...await benchTrace(stack, adminId))

    // pg_partition_tree names nothing for a table that is not partitioned (before migration 006).
    const tree = `(SELECT relid FROM pg_partition_tree('entries') UNION SELECT 'entries'::regclass)`
    const [size] = await db.query<{ rows: number; heap: number; total: number; tuple: number }>(
      `SELECT (SELECT count(*) FROM entries)::float8 AS rows,
              (SELECT sum(pg_relation_size(relid)) FROM ${tree} t)::float8 AS heap,
              (SELECT sum(pg_total_relation_size(relid)) FROM ${tree} t)::float8 AS total,
              (SELECT avg(pg_column_size(e.*)) FROM (SELECT * FROM entries TABLESAMPLE SYSTEM (1)) e)::float8 AS tuple`)
    // Indexes of a partitioned entries are per partition: summed under the parent index's name.
    const indexes = await db.query<{ name: string; bytes: number }>(
      `SELECT coalesce(pi.relname, i.relname) AS name, sum(pg_relation_size(i.oid))::float8 AS bytes
       FROM ${tree} t JOIN pg_index x ON x.indrelid = t.relid JOIN pg_class i ON i.oid = x.indexrelid
       LEFT JOIN pg_inherits h ON h.inhrelid = i.oid LEFT JOIN pg_class pi ON pi.oid = h.inhparent
       GROUP BY 1 ORDER BY 2 DESC`)
    const per = (bytes: number) => (bytes / size.rows).toFixed(1)
    rows.push(
      ['entries measured', size.rows.toLocaleString('en')],
      ['row as stored, pg_column_size (bytes, 1% sample)', size.tuple.toFixed(1)],
      ['table (heap) bytes per entry', per(size.heap)],
      ...indexes.map((i): [string, string] => [`index ${i.name} bytes per entry`, per(i.bytes)]),
      ['table + indexes + TOAST bytes per entry', per(size.total)]
    )

    // The busiest venue-day and a middling one (venues are drawn with a square law), and a person
    // with entries: the work one shard does for each kind of query.
    const venueDays = await db.query<{ venue_id: string; day: string; n: number }>(
      `WITH d AS (
         SELECT venue_id, to_char(checked_in_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS n
         FROM entries WHERE venue_id IN ('bt1', 'bt' || ($1::int / 2)) GROUP BY 1, 2
       )
       (SELECT * FROM d WHERE venue_id = 'bt1' ORDER BY n DESC LIMIT 1)
       UNION ALL (SELECT * FROM d WHERE venue_id <> 'bt1' ORDER BY n DESC LIMIT 1)`, [Number(process.env.BENCH_TRACE_VENUES)])
    const [someone] = await db.query<{ person_id: string; venue_id: string }>(
      'SELECT person_id, venue_id FROM entries WHERE venue_id = $1 LIMIT 1', [venueDays[0].venue_id])
    const deps = { db, config: stack.config }
    rows.push(
      ['baseline SELECT 1 (ms)', (await median(ROUNDS, () => db.query('SELECT 1'))).toFixed(3)],
      ['by person: idempotency look-up (ms)', (await median(ROUNDS, () => db.query(
        `SELECT id FROM entries WHERE person_id = $1 AND venue_id = $2 AND withdrawn_at IS NULL
         AND checked_in_at > now() - interval '5 minutes'`, [someone.person_id, someone.venue_id]))).toFixed(3)],
      ["by person: one person's 28 days (ms)", (await median(ROUNDS, () => db.query(
        `SELECT id, venue_id, checked_in_at FROM entries WHERE person_id = $1 AND checked_in_at > now() - interval '28 days'`,
        [someone.person_id]))).toFixed(3)]
    )
    for (const v of venueDays) {
      const range = [v.venue_id, shanghaiDayStart(v.day).toISOString(), shanghaiDayStart(addDays(v.day, 1)).toISOString()]
      rows.push(
        [`by venue: venue-day of ${v.n} entries, range count (ms)`, (await median(ROUNDS, () => db.query(
          'SELECT count(*) FROM entries WHERE venue_id = $1 AND checked_in_at >= $2 AND checked_in_at < $3', range))).toFixed(3)],
        [`by venue: venue-day of ${v.n} entries, venueStats whole call (ms)`, (await median(ROUNDS, () => venueStats(deps, v.venue_id, v.day))).toFixed(3)]
      )
    }
  } finally {
    await stack.close()
  }
  console.log('| measure | value |\n| --- | --- |')
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`)
}

main().catch((e) => { console.error(e); process.exit(1) })
