import type { PurgeResponse } from '../../src/shared/api'
import { ACCESS_LOG_DAYS } from './access-log'
import { pruneAccessChains } from './audit-chain'
import type { Deps } from './deps'
import { dropEntryPartitions, ensureEntryPartitions } from './partitions'

/** Rows deleted per statement: short transactions, so check-ins never wait long behind a purge. */
export const PURGE_BATCH = 5000

/**
 * Deletes in batches everything `whereSql` ($1 = the cutoff) selects from `table`, until none
 * is left. Rows another purge holds are skipped, not waited for (SKIP LOCKED): that purge
 * deletes them, so two runs at once never count or delete a row twice.
 */
async function purgeTable(deps: Deps, table: string, whereSql: string, cutoff: string): Promise<number> {
  // On Citus each shard deletes its own rows in parallel, and a multi-shard statement cannot take
  // row locks with SKIP LOCKED: one statement, which a second purge at once simply finds done.
  if (deps.db.distributed) {
    const [row] = await deps.db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM ${table} WHERE ${whereSql} RETURNING 1) SELECT count(*)::int AS n FROM gone`, [cutoff])
    return row.n
  }
  let total = 0
  for (;;) {
    const [row] = await deps.db.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${whereSql} LIMIT ${PURGE_BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`, [cutoff])
    total += row.n
    if (row.n < PURGE_BATCH) return total
  }
}

/**
 * Retention (ENTRY_RETENTION_DAYS): entries go with their whole China day, when the day's
 * partition ends before the cutoff (so an entry is kept the full period and at most a day more),
 * and rows the default partition caught are deleted one by one; alerts (their recipients and outbox rows go with
 * them), 风险提示 and confirmed traces older than the cutoff; access records after
 * ACCESS_LOG_DAYS (from the start of each person's audit chain). One cutoff for the whole run, taken from the database's clock, so a row is
 * either older than it or untouched. Safe to run twice and at the same time.
 */
export async function purgeExpired(deps: Deps): Promise<PurgeResponse> {
  const [{ cutoff, access_cutoff: accessCutoff }] = await deps.db.query<{ cutoff: string; access_cutoff: string }>(
    `SELECT to_char((now() - make_interval(days => $1)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cutoff,
            to_char((now() - make_interval(days => $2)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS access_cutoff`,
    [deps.config.rules.entryRetentionDays, ACCESS_LOG_DAYS])
  // The same daily run keeps the days ahead: the one job a deployment must not lose.
  await ensureEntryPartitions(deps.db)
  const days = await dropEntryPartitions(deps.db, cutoff)
  const entries = days.entries + await purgeTable(deps, 'entries_default', 'checked_in_at < $1::timestamptz', cutoff)
  const alerts = await purgeTable(deps, 'alerts', 'created_at < $1::timestamptz', cutoff)
  const notices = await purgeTable(deps, 'risk_notices', 'created_at < $1::timestamptz', cutoff)
  // Only a trace whose notices and host alerts are all gone: they would go with it (ON DELETE
  // CASCADE), and one confirmed after the cutoff left newer ones.
  await purgeTable(deps, 'traces', `created_at < $1::timestamptz AND coalesce(confirmed_at, created_at) < $1::timestamptz
    AND id NOT IN (SELECT n.trace_id FROM risk_notices n WHERE n.trace_id IS NOT NULL)
    AND id NOT IN (SELECT a.trace_id FROM alerts a WHERE a.trace_id IS NOT NULL)`, cutoff)
  // Access records are chained (migration 012): each person's oldest go, and the chain's anchor
  // moves to the last of them in the same transaction, so the chain still verifies.
  await pruneAccessChains(deps.db, accessCutoff)
  // On Citus venue_log is a copy of its own (a view of entries on one machine): same cutoff.
  if (deps.db.distributed) await purgeTable(deps, 'venue_log', 'checked_in_at < $1::timestamptz', cutoff)
  return { entries, alerts, notices, before: new Date(cutoff).toISOString() }
}
