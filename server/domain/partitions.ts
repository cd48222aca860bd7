import type { Queryable } from '../db'

/**
 * Day partitions of the entry log (migration 006). Days are created this far ahead, so a run of
 * the daily job that fails (or a timer that stops) leaves a week to notice before check-ins
 * start landing in the default partition, which still accepts them.
 */
export const PARTITION_DAYS_AHEAD = 7

/** Today's China date in SQL, from the database's clock (the one entries are stamped with). */
const CHINA_TODAY = `((now() AT TIME ZONE 'UTC') + interval '8 hours')::date`

/** Creates the missing day partitions from today to PARTITION_DAYS_AHEAD days ahead; returns how many. */
export async function ensureEntryPartitions(db: Queryable, daysAhead = PARTITION_DAYS_AHEAD): Promise<number> {
  const [row] = await db.query<{ created: number }>(
    `SELECT csm_ensure_entry_partitions(${CHINA_TODAY}, ${CHINA_TODAY} + $1::int) AS created`, [daysAhead])
  return row.created
}

/**
 * Creates the day partitions for China dates `from`..`to` (YYYY-MM-DD), moving rows the default
 * partition caught for them: for loading history (benchmarks, imports) into real day partitions.
 */
export async function ensureEntryPartitionsBetween(db: Queryable, from: string, to: string): Promise<number> {
  const [row] = await db.query<{ created: number }>(
    'SELECT csm_ensure_entry_partitions($1::date, $2::date) AS created', [from, to])
  return row.created
}

/** Drops every day partition that ended at or before `before`; returns partitions and rows dropped. */
export async function dropEntryPartitions(db: Queryable, before: string): Promise<{ partitions: number; entries: number }> {
  const [row] = await db.query<{ dropped_partitions: number; dropped_entries: string }>(
    'SELECT * FROM csm_drop_entry_partitions($1::timestamptz)', [before])
  return { partitions: row.dropped_partitions, entries: Number(row.dropped_entries) }
}

/** The day partitions that exist, oldest first, as China dates (YYYYMMDD). */
export async function entryPartitionDays(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ day: string }>(
    `SELECT substr(c.relname, 9) AS day FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = to_regclass('entries') AND c.relname ~ '^entries_[0-9]{8}$' ORDER BY 1`)
  return rows.map((r) => r.day)
}
