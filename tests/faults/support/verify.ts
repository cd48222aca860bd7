/**
 * What must hold after a fault run, as lists of violations (empty when all is well), so a
 * failure names every check-in or notification that went wrong rather than the first.
 */
import fs from 'fs'
import type { Queryable } from '../../../server/db'
import type { JobResult } from './load'

/**
 * Every check-in answered ok is in the database exactly once, under the entry id it was told;
 * no (person, venue) pair has two rows, whether or not its client was ever told ok.
 */
export async function entryViolations(db: Queryable, results: JobResult[]): Promise<string[]> {
  const rows = await db.query<{ id: string; person_id: string; venue_id: string }>('SELECT id, person_id, venue_id FROM entries')
  const byPair = new Map<string, string[]>()
  for (const r of rows) {
    const key = `${r.person_id}:${r.venue_id}`
    byPair.set(key, [...(byPair.get(key) ?? []), r.id])
  }
  const problems: string[] = []
  const asked = new Set(results.map((r) => r.job.key))
  for (const [key, ids] of byPair) {
    if (ids.length > 1) problems.push(`${key}: ${ids.length} rows (${ids.join(', ')})`)
    if (!asked.has(key)) problems.push(`${key}: a row no client asked for`)
  }
  for (const r of results) {
    const told = new Set(r.attempts.flatMap((a) => (a.kind === 'ok' ? [a.entryId] : [])))
    if (told.size > 1) problems.push(`${r.job.key}: told ${told.size} different entry ids`)
    const stored = byPair.get(r.job.key) ?? []
    for (const id of told) if (!stored.includes(id)) problems.push(`${r.job.key}: answered ok with entry ${id}, which is not in the database`)
  }
  return problems
}

/** How the check-ins went, for the report: answers by kind and retries. */
export function summary(results: JobResult[]): Record<string, number> {
  const count = (f: (r: JobResult) => boolean) => results.filter(f).length
  return {
    checkIns: results.length,
    ok: count((r) => r.final === 'ok'),
    refused: count((r) => r.final === 'refused'),
    gaveUp: count((r) => r.final === 'gave-up'),
    retried: count((r) => r.attempts.length > 1),
    attempts: results.reduce((n, r) => n + r.attempts.length, 0),
    repeatedOnRetry: count((r) => r.attempts.some((a) => a.kind === 'ok' && a.repeated))
  }
}

/** The retryable failures clients met, by kind (connection refused, 500 INTERNAL…), for the report. */
export function failureReasons(results: JobResult[]): Record<string, number> {
  const reasons: Record<string, number> = {}
  for (const r of results) for (const a of r.attempts) if (a.kind === 'retryable') reasons[a.why] = (reasons[a.why] ?? 0) + 1
  return reasons
}

/** The local stack's notification channel: one JSON line per notification sent. */
export function sentNotifications(logFile: string): Array<{ alertId: string; recipient: string }> {
  if (!fs.existsSync(logFile)) return []
  // The file also holds the status messages' lines (status-notification): alerts' only here.
  return fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
    .filter((n: { event?: string }) => n.event === 'alert-notification')
}

interface OutboxRow { id: string; alert_id: string; recipient: string; state: string; claimed_at: Date | null }

/** Outbox rows still to be settled; `crashedBefore`: claims older than this belong to a killed process. */
export async function unsettled(db: Queryable, crashedBefore: Date | null): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notification_outbox
     WHERE state = 'pending' OR (state = 'sending' AND ($1::timestamptz IS NULL OR claimed_at > $1))`, [crashedBefore])
  return row.n
}

/**
 * No notification lost, none sent twice to one recipient. Every abnormal entry answered ok has
 * its one status alert, and that alert its outbox rows (the venue's admin and each of the region's
 * officials); every row is sent, and logged exactly once. The one exception the at-most-once rule
 * makes: a row claimed by a process that was then killed (before `crashedBefore`) may stay
 * 'sending' or 'uncertain', sent at most once.
 */
export async function outboxViolations(db: Queryable, abnormalEntryIds: string[], logFile: string, crashedBefore: Date | null): Promise<string[]> {
  const problems: string[] = []
  // The region's officials: the demo has two since issue 20 (one proposes, one approves), and both are told.
  const alerts = await db.query<{ entry_id: string; id: string; recipients: number; officials: number }>(
    `SELECT a.entry_id, a.id, (SELECT count(*)::int FROM notification_outbox o WHERE o.alert_id = a.id) AS recipients,
            (SELECT count(*)::int FROM officials f JOIN venues v ON v.id = a.venue_id WHERE starts_with(v.town_code, f.region_code)) AS officials
     FROM alerts a WHERE a.kind = 'status' AND a.entry_id = ANY($1::uuid[])`, [abnormalEntryIds])
  const byEntry = new Map<string, number>()
  for (const a of alerts) {
    byEntry.set(a.entry_id, (byEntry.get(a.entry_id) ?? 0) + 1)
    if (a.officials < 1 || a.recipients !== 1 + a.officials) {
      problems.push(`alert ${a.id}: ${a.recipients} outbox rows, expected the venue admin and the region's ${a.officials} officials`)
    }
  }
  for (const id of abnormalEntryIds) {
    if (byEntry.get(id) !== 1) problems.push(`entry ${id}: ${byEntry.get(id) ?? 0} status alerts`)
  }

  const sent = new Map<string, number>()
  for (const n of sentNotifications(logFile)) {
    const key = `${n.alertId}:${n.recipient}`
    sent.set(key, (sent.get(key) ?? 0) + 1)
  }
  for (const [key, times] of sent) if (times > 1) problems.push(`notification ${key} sent ${times} times`)
  const rows = await db.query<OutboxRow>('SELECT id, alert_id, recipient, state, claimed_at FROM notification_outbox')
  for (const row of rows) {
    const times = sent.get(`${row.alert_id}:${row.recipient}`) ?? 0
    const heldByKilled = crashedBefore !== null && row.claimed_at !== null && row.claimed_at <= crashedBefore
    if (row.state === 'sent' && times !== 1) problems.push(`outbox ${row.id} is sent but was logged ${times} times`)
    else if ((row.state === 'sending' || row.state === 'uncertain') && !heldByKilled) problems.push(`outbox ${row.id} left ${row.state} by a process that was not killed`)
    else if (!['sent', 'sending', 'uncertain'].includes(row.state)) problems.push(`outbox ${row.id} ended ${row.state}`)
  }
  return problems
}
