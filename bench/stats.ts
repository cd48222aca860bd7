/**
 * 检测统计 among many entries: one venue's day against one indexed single-row look-up, both on
 * the same database in the same run. The entries are generated in the database itself
 * (generate_series), spread over 30 days and BENCH_STATS_VENUES venues.
 */
import { addDays, shanghaiDate } from '../src/shared/time'
import { venueStats } from '../server/domain/venue-stats'
import type { TestStack } from '../tests/support/stack'
import { median } from './median'

const ENTRIES = Number(process.env.BENCH_STATS_ENTRIES || 1_000_000)
const VENUES = Number(process.env.BENCH_STATS_VENUES || 200)
const PEOPLE = 20_000
const ROUNDS = Number(process.env.BENCH_STATS_ROUNDS || 50)

export async function benchStats(stack: TestStack, adminId: string): Promise<Array<[string, string]>> {
  const db = stack.db
  const fill = Date.now()
  await db.query(
    `INSERT INTO venues (id, admin_user_id, name, type, province_code, province_name, city_code, city_name, county_code, county_name,
       town_code, town_name, address, credit_code_enc, credit_code_hash, admin_name_enc, admin_mobile_enc, declaration_code)
     SELECT 'bench' || i, $1, '基准场所' || i, 'restaurant', '370000', '山东省', '370100', '济南市', '370102', '历下区',
            '370102004', '泉城路街道', '泉城路' || i || '号', 'x', 'bench' || i, 'x', 'x', lpad((800000 + i)::text, 6, '0')
     FROM generate_series(1, $2::int) i ON CONFLICT DO NOTHING`, [adminId, VENUES])
  await db.query(`INSERT INTO checkpoints (id, venue_id, name) SELECT 'benchcp' || i, 'bench' || i, '主入口' FROM generate_series(1, $1::int) i
                  WHERE EXISTS (SELECT 1 FROM venues WHERE id = 'bench' || i)`, [VENUES])
  await db.query(`INSERT INTO persons (id_card_hash, id_card_enc, name_enc) SELECT 'bench' || i, 'x', 'x' FROM generate_series(1, $1::int) i`, [PEOPLE])
  const [{ n: venues }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM checkpoints WHERE id LIKE 'benchcp%'")
  // Entry i: venue i mod V, a person, a time in the last 30 days; about one in 23 withdrawn, one in 11
  // temperature-checked (prime strides, so no venue gets all or none of them).
  await db.query(
    `WITH ps AS (SELECT array_agg(id ORDER BY id) AS ids FROM persons WHERE id_card_hash LIKE 'bench%'),
          cps AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(venue_id ORDER BY id) AS venues FROM checkpoints WHERE id LIKE 'benchcp%')
     INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, checked_in_at, method, scan_id, health_status,
       withdrawn_at, temperature_celsius, temperature_at, temperature_by)
     SELECT ps.ids[1 + g.i % ${PEOPLE}], $1, cps.venues[1 + g.i % $3::int], cps.ids[1 + g.i % $3::int],
            now() - ((g.i::bigint * 7919) % 43200) * interval '1 minute', 'self', gen_random_uuid(),
            CASE WHEN g.i % 53 = 0 THEN 'yellow' ELSE 'green' END,
            CASE WHEN g.i % 23 = 0 THEN now() END,
            CASE WHEN g.i % 11 = 0 THEN 36.5 + (g.i % 12) / 10.0 END,
            CASE WHEN g.i % 11 = 0 THEN now() END,
            CASE WHEN g.i % 11 = 0 THEN $1::uuid END
     FROM generate_series(1, $2::int) g(i), ps, cps`,
    [adminId, ENTRIES, venues])
  await db.query('ANALYZE entries')
  const fillSeconds = (Date.now() - fill) / 1000
  const [{ id: someEntry }] = await db.query<{ id: string }>('SELECT id FROM entries ORDER BY id LIMIT 1')
  // Yesterday: a whole day, whatever the hour of the run.
  const day = addDays(shanghaiDate(new Date()), -1)
  const deps = { db, config: stack.config }

  // Interleaved, so both sides see the same machine.
  const lookups: number[] = []
  const stats: number[] = []
  for (let r = 0; r < 5; r++) {
    lookups.push(await median(ROUNDS, () => db.query('SELECT * FROM entries WHERE id = $1', [someEntry])))
    stats.push(await median(Math.ceil(ROUNDS / 5), () => venueStats(deps, `bench${1 + r}`, day)))
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[2]
  const sample = await venueStats(deps, 'bench1', day)
  return [
    [`stats bench: ${ENTRIES.toLocaleString('en')} entries, ${venues} venues, 30 days (filled in s)`, fillSeconds.toFixed(0)],
    ['baseline: one entry by primary key (ms)', mid(lookups).toFixed(3)],
    [`venue stats for one day (${sample.totals.entries} entries that day) / baseline`, (mid(stats) / mid(lookups)).toFixed(1) + '×']
  ]
}
