/**
 * A province-sized entry log in PostgreSQL, made by the database itself (generate_series) into
 * the real `entries` table through the real schema: BENCH_ENTRIES entries (default 10 million)
 * over the BENCH_DAYS whole China days before today (default 21) among BENCH_VENUES venues
 * (50,000, every type, one in ten in another city) and BENCH_PEOPLE people (2 million).
 *
 * Popular venues are busier than quiet ones (a square law: the busiest sees a few thousand
 * entries a day, most a handful); a day has its morning, noon and evening peaks; one entry in
 * six is checked out, one in forty withdrawn, one in ten a companion's and one in fifty assisted;
 * one in 53 was yellow at the door, one in eleven had a temperature taken. Multiplicative hashes
 * stand in for randomness, so every run makes the same log (relative to its day).
 */
import { addDays, shanghaiDate, shanghaiDayStart } from '../src/shared/time'
import { ensureEntryPartitionsBetween } from '../server/domain/partitions'
import type { TestStack } from '../tests/support/stack'
import { idOf, seedPeople, seedVenues } from './seed'

export const PERSON_PREFIX = 'b7ace000'
export const VENUE_PREFIX = 'bt'

export interface DatasetSize { entries: number; venues: number; people: number; days: number }

export function datasetSize(): DatasetSize {
  return {
    entries: Number(process.env.BENCH_ENTRIES || 10_000_000),
    venues: Number(process.env.BENCH_VENUES || 50_000),
    people: Number(process.env.BENCH_PEOPLE || 2_000_000),
    days: Number(process.env.BENCH_DAYS || 21)
  }
}

/** Entries per hour of a day in China (relative): quiet nights, peaks at 8, 12 and 18. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 10, 16, 12, 10, 12, 16, 12, 9, 8, 9, 12, 16, 14, 10, 7, 4, 2]

/** Secondary indexes of `entries` (not the primary key or any constraint's), as statements that build them again. */
async function secondaryIndexes(stack: TestStack): Promise<Array<{ name: string; definition: string }>> {
  const rows = await stack.db.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relname = 'entries' AND t.relnamespace = to_regnamespace(current_schema())
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`)
  // A partitioned table's index prints as ON ONLY (parent alone); built again it must reach every partition.
  return rows.map((r) => ({ name: r.name, definition: r.definition.replace(' ON ONLY ', ' ON ') }))
}

/** Fills the log; the seconds it took. `progress` hears of each phase. */
export async function fillDataset(stack: TestStack, size: DatasetSize, progress: (what: string) => void = () => undefined): Promise<number> {
  const started = Date.now()
  const db = stack.db
  const adminId = await stack.userIdOf(await stack.login('venue_admin'))
  await seedVenues(db, adminId, VENUE_PREFIX, size.venues)
  await seedPeople(db, stack.config, PERSON_PREFIX, size.people)
  progress(`${size.venues.toLocaleString('en')} venues and ${size.people.toLocaleString('en')} people in`)

  // Each day its own partition, as the scheduled job would have made them, not the default's catch-all.
  const days = datasetDays(size)
  await ensureEntryPartitionsBetween(db, days[0], days[days.length - 1])
  // Millions of rows go in faster without their secondary indexes, which are then built whole
  // from their own definitions: the same indexes as ever, sorted once instead of grown row by row.
  const indexes = await secondaryIndexes(stack)
  for (const i of indexes) await db.query(`DROP INDEX ${i.name}`)
  const slots = HOUR_WEIGHTS.flatMap((w, hour) => Array<number>(w).fill(hour))
  const today = shanghaiDayStart(shanghaiDate(new Date())).toISOString()
  // Entry i: day 1 + i mod D back from today, an hour drawn from the peaks, a venue drawn with a
  // square law (low numbers busy), a person by a prime stride; its scan id is its own id (one
  // person per scan). In slices, so no statement holds millions of rows.
  const SLICE = 500_000
  const slices: number[] = []
  for (let first = 1; first <= size.entries; first += SLICE) slices.push(first)
  // Two sessions at once: the server then uses two cores, and the slices are independent.
  const worker = async () => {
    for (let first = slices.shift(); first !== undefined; first = slices.shift()) await fillSlice(first)
  }
  const fillSlice = (first: number) =>
    db.transaction(async (tx) => {
      // Every reference is valid by construction: skip checking each of millions, as pg_restore
      // does (a superuser's right; without it, they are checked).
      await tx.query('SAVEPOINT replica')
      try {
        await tx.query('SET LOCAL session_replication_role = replica')
      } catch {
        await tx.query('ROLLBACK TO SAVEPOINT replica')
      }
      await tx.query(
        `INSERT INTO entries (id, person_id, account_id, venue_id, checkpoint_id, checked_in_at, checked_out_at, method, inspector_id,
           scan_id, health_status, withdrawn_at, temperature_celsius, temperature_at, temperature_by)
         SELECT ${idOf('e7ace000', 't.i')}, ${idOf(PERSON_PREFIX, 't.person')}, $1, '${VENUE_PREFIX}' || t.venue, '${VENUE_PREFIX}cp' || t.venue, t.at,
                CASE WHEN t.i % 6 = 0 THEN t.at + make_interval(mins => 10 + (t.i % 110)::int) END,
                CASE WHEN t.i % 10 = 3 THEN 'companion' WHEN t.i % 50 = 7 THEN 'assisted' ELSE 'self' END,
                CASE WHEN t.i % 50 = 7 AND t.i % 10 <> 3 THEN $1::uuid END,
                ${idOf('e7ace000', 't.i')},
                CASE WHEN t.i % 53 = 0 THEN 'yellow' ELSE 'green' END,
                CASE WHEN t.i % 40 = 1 THEN t.at + interval '5 minutes' END,
                CASE WHEN t.i % 11 = 0 THEN 36.0 + (t.i % 18) / 10.0 END,
                CASE WHEN t.i % 11 = 0 THEN t.at + interval '1 minute' END,
                CASE WHEN t.i % 11 = 0 THEN $1::uuid END
         FROM (
           SELECT g.i,
                  1 + (g.i * 48271) % $5::bigint AS person,
                  1 + floor($4::int * power(((g.i * 40503) % 1000003) / 1000003.0, 2))::int AS venue,
                  $6::timestamptz - make_interval(days => 1 + (g.i % $8::int)::int)
                    + make_interval(hours => ($7::int[])[1 + ((g.i * 2654435761) % 4294967296) % cardinality($7::int[])],
                                    secs => ((g.i * 7919) % 3600)::int) AS at
           FROM generate_series($2::bigint, $3::bigint) g(i)
         ) t`,
        [adminId, first, Math.min(size.entries, first + SLICE - 1), size.venues, size.people, today, slots, size.days])
    })
  await Promise.all([worker(), worker()])
  progress(`${size.entries.toLocaleString('en')} entries in; building ${indexes.length} indexes`)
  for (const i of indexes) {
    await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`)
      await tx.query(i.definition)
    })
  }
  progress('indexes built; analysing')
  await db.query('ANALYZE entries')
  await db.query('ANALYZE venues')
  await db.query('ANALYZE persons')
  return (Date.now() - started) / 1000
}

/** The China days the log covers, oldest first. */
export function datasetDays(size: DatasetSize): string[] {
  const today = shanghaiDate(new Date())
  return Array.from({ length: size.days }, (_, d) => addDays(today, d - size.days))
}
