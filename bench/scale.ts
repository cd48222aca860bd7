/**
 * The figures docs/scale.md multiplies out, read off an entry log that already exists (PostgreSQL
 * only): bytes per row of entries (table and each index) and of people, venues and checkpoints,
 * and the cost of the look-ups the Citus design routes to one shard (by person) or fans out to
 * every shard (by venue), each next to `SELECT 1` on the same connection in the same run.
 *
 * It generates nothing, so it measures the log the benchmark made: `BENCH_KEEP=1 npm run bench`,
 * then `SCALE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/csm_bench npx tsx bench/scale.ts`
 * (SCALE_DATABASE_SCHEMA for a log in another schema). It only reads.
 */
import { addDays, shanghaiDayStart } from '../src/shared/time'
import { openPgPool } from '../server/db/pg'
import { median } from './median'

const ROUNDS = 50

/** Every relation of a table: its partitions too once it is partitioned, itself either way. */
const tree = (table: string) => `(SELECT relid FROM pg_partition_tree('${table}') UNION SELECT '${table}'::regclass)`

async function main() {
  const url = process.env.SCALE_DATABASE_URL
  if (!url) throw new Error('SCALE_DATABASE_URL names the database whose entries to measure (see the head of bench/scale.ts)')
  const db = await openPgPool(url, process.env.SCALE_DATABASE_SCHEMA)
  const rows: Array<[string, string]> = []
  try {
    for (const table of ['entries', 'persons', 'venues', 'checkpoints']) {
      const [size] = await db.query<{ rows: number; heap: number; total: number; tuple: number }>(
        `SELECT (SELECT count(*) FROM ${table})::float8 AS rows,
                (SELECT sum(pg_relation_size(relid)) FROM ${tree(table)} t)::float8 AS heap,
                (SELECT sum(pg_total_relation_size(relid)) FROM ${tree(table)} t)::float8 AS total,
                (SELECT avg(pg_column_size(x.*)) FROM (SELECT * FROM ${table} LIMIT 100000) x)::float8 AS tuple`)
      const per = (bytes: number) => (bytes / size.rows).toFixed(1)
      rows.push(
        [`${table}: rows`, size.rows.toLocaleString('en')],
        [`${table}: pg_column_size of a row (bytes)`, size.tuple.toFixed(1)],
        [`${table}: table (heap) bytes per row`, per(size.heap)]
      )
      if (table === 'entries') {
        // A partitioned table's indexes are per partition: summed under the parent index's name.
        const indexes = await db.query<{ name: string; bytes: number }>(
          `SELECT coalesce(pi.relname, i.relname) AS name, sum(pg_relation_size(i.oid))::float8 AS bytes
           FROM ${tree(table)} t JOIN pg_index x ON x.indrelid = t.relid JOIN pg_class i ON i.oid = x.indexrelid
           LEFT JOIN pg_inherits h ON h.inhrelid = i.oid LEFT JOIN pg_class pi ON pi.oid = h.inhparent
           GROUP BY 1 ORDER BY 2 DESC`)
        rows.push(...indexes.map((i): [string, string] => [`${table}: index ${i.name} bytes per row`, per(i.bytes)]))
      }
      rows.push([`${table}: table + indexes + TOAST bytes per row`, per(size.total)])
    }

    // The busiest venue-day and a median one, and a person with entries: the work one shard does.
    const venueDays = await db.query<{ venue_id: string; day: string; n: number }>(
      `WITH d AS (
         SELECT venue_id, to_char(checked_in_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS n
         FROM entries GROUP BY 1, 2
       ), ranked AS (SELECT d.*, row_number() OVER (ORDER BY n DESC, venue_id, day) AS r, count(*) OVER () AS total FROM d)
       SELECT venue_id, day, n FROM ranked WHERE r = 1 OR r = total / 2 ORDER BY r`)
    const [someone] = await db.query<{ person_id: string; venue_id: string }>(
      'SELECT person_id, venue_id FROM entries WHERE venue_id = $1 AND person_id IS NOT NULL LIMIT 1', [venueDays[0].venue_id])
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
      rows.push([`by venue: a venue-day of ${v.n} entries, range count (ms)`, (await median(ROUNDS, () => db.query(
        'SELECT count(*) FROM entries WHERE venue_id = $1 AND checked_in_at >= $2 AND checked_in_at < $3', range))).toFixed(3)])
    }
  } finally {
    await db.close()
  }
  console.log('| measure | value |\n| --- | --- |')
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`)
}

main().catch((e) => { console.error(e); process.exit(1) })
