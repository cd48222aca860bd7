import { appendFileSync } from 'fs'
import { ALERT_KIND_LABELS, type AlertKind, type HealthStatus } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { decrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import { logEvent } from '../log'
import type { Deps } from './deps'
import { toIso } from './ids'

/**
 * The notification outbox (DESIGN §6): every notification of an alert is a row, unique per
 * alert, recipient and channel, written in the alert's own statement. Delivery is at most once:
 * a row is claimed ('sending') and committed before the send, and marked after it; a claim
 * whose worker died in between is never sent again ('uncertain'), because WeChat may already
 * have accepted the message.
 */
export type Channel = 'wechat' | 'log'

/** What a sender needs to say; the person only masked, and only on status/temperature alerts. */
export interface Notification {
  outboxId: string
  alertId: string
  channel: Channel
  kind: AlertKind
  venueName: string
  checkpointName: string | null
  personNameMasked: string | null
  healthStatus: HealthStatus | null
  temperatureCelsius: number | null
  createdAt: string
  /** When the person was at the venue: later than createdAt never, earlier for a scan uploaded late. */
  enteredAt: string
  recipientId: string
  /** The recipient's WeChat openid, for the wechat channel. */
  openid: string | null
  /** The subscription-message template (config.alertTemplateId). */
  templateId: string | null
  attempt: number
}

/**
 * sent: delivered. retry: not delivered, worth another try later (busy, network). failed: will
 * never work (bad request). skipped: the recipient cannot receive it (no grant, refused).
 */
export type SendOutcome =
  | { kind: 'sent' }
  | { kind: 'retry'; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'skipped'; error: string }

export type Sender = (n: Notification) => Promise<SendOutcome>
export type Senders = Partial<Record<Channel, Sender>>

export interface DeliverOptions {
  /** Rows claimed per round. */
  batchSize?: number
  /** A claim older than this without a mark is taken for a crashed worker. */
  leaseSeconds?: number
  maxAttempts?: number
  /** Rounds per call at most, so one call cannot run forever behind a flood. */
  maxRounds?: number
  /**
   * No new round starts after this many milliseconds: a cloud function killed at its time limit
   * mid-send would leave its claims uncertain, and those notifications would never go out.
   */
  budgetMs?: number
  /**
   * Runs after a send returned and before its mark: tests throw here to stand for a worker
   * that died between the two.
   */
  afterSend?: (n: Notification, outcome: SendOutcome) => void | Promise<void>
}

export interface DeliverReport { claimed: number; sent: number; retried: number; failed: number; skipped: number; uncertain: number }

export const DEFAULT_LEASE_SECONDS = 120
export const DEFAULT_MAX_ATTEMPTS = 5
const DEFAULT_BATCH = 20
/** Backoff after the n-th failed attempt: 10 s, 20 s, 40 s … at most 10 minutes. */
export const BACKOFF_BASE_SECONDS = 10
export const BACKOFF_MAX_SECONDS = 600
export const NO_GRANT_ERROR = '用户未订阅'
const UNCERTAIN_ERROR = '发送中断，结果未知，不再重发'

export function backoffSeconds(attempts: number): number {
  return Math.min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** Math.max(0, attempts - 1))
}

/**
 * The outbox rows for the recipients of the alerts given by `alertsSql` (a query returning a
 * column `id`), as SQL to append to a data-modifying statement: channel wechat for recipients
 * with an openid when a template is configured ($wechatParam), channel log on the local stack
 * ($logParam).
 */
export function outboxInsertSql(recipientsCte: string, wechatParam: number, logParam: number): string {
  return `INSERT INTO notification_outbox (venue_id, alert_id, recipient, channel)
     SELECT r.venue_id, r.alert_id, r.user_id, c.channel
     FROM ${recipientsCte} r JOIN users u ON u.id = r.user_id
     CROSS JOIN (VALUES ('wechat'), ('log')) AS c(channel)
     WHERE (c.channel = 'wechat' AND $${wechatParam}::boolean AND u.wx_openid IS NOT NULL) OR (c.channel = 'log' AND $${logParam}::boolean)
     ON CONFLICT (venue_id, alert_id, recipient, channel) DO NOTHING`
}

/** The two switches outboxInsertSql's parameters take. */
export function outboxChannels(deps: Deps): [boolean, boolean] {
  return [Boolean(deps.config.alertTemplateId), deps.config.localStack]
}

// ---- wake-up ----------------------------------------------------------------------------------

/**
 * The job scheduler, when it runs in this process, registers how to wake the delivery worker.
 * On globalThis: each bundled function has its own copy of this module, and the local stack
 * loads them all into one process.
 */
const WAKE_KEY = Symbol.for('changsuoma.outbox.wake')

export function setDeliveryWake(wake: ((delaySeconds: number) => void) | null): void {
  (globalThis as unknown as Record<symbol, unknown>)[WAKE_KEY] = wake ?? undefined
}

/**
 * Asks for a delivery round now (or after `delaySeconds`, for alerts written inside a caller's
 * transaction that has not committed yet). Without a scheduler the timer trigger's sweep does it.
 */
export function wakeDelivery(delaySeconds = 0): void {
  const wake = (globalThis as unknown as Record<symbol, ((d: number) => void) | undefined>)[WAKE_KEY]
  if (wake) wake(delaySeconds)
}

// ---- delivery ---------------------------------------------------------------------------------

/** What every outbox row is, whichever table holds it: the shard key routes each statement on Citus. */
export interface OutboxRow {
  id: string
  /** The row's distribution column (venue_id for alerts, person_id for changes of status). */
  shard: string
  /** What the message is about (the alert, the change of status). */
  ref: string
  channel: Channel
  recipient: string
  attempts: number
  /** The recipient's WeChat openid, read beside the claim. */
  openid: string | null
}

/**
 * One outbox table and what its messages say. Claims, grants, marks and the sweep of stale
 * claims are the same for all (deliverOutbox); only the table and the message differ.
 */
export interface OutboxKind<N> {
  table: string
  shardColumn: string
  refColumn: string
  /** The subscription-message template whose grants a WeChat message uses. */
  templateId: (deps: Deps) => string | null
  /** What the claimed rows' messages say, in the rows' order, read in the claim's transaction. */
  load: (deps: Deps, tx: Queryable, rows: OutboxRow[]) => Promise<N[]>
}

interface AlertContent {
  kind: AlertKind; venue_name: string; checkpoint_name: string | null; name_enc: string | null
  health_status: HealthStatus | null; temperature_celsius: string | null; created_at: Date; entered_at: Date | null
}

/** Alerts' messages: the alert and its venue (the venue's shard on Citus) and the person's name (theirs). */
export const ALERT_OUTBOX: OutboxKind<Notification> = {
  table: 'notification_outbox',
  shardColumn: 'venue_id',
  refColumn: 'alert_id',
  templateId: (deps) => deps.config.alertTemplateId ?? null,
  async load(deps, tx, taken) {
    const alerts = await tx.query<Omit<AlertContent, 'name_enc'> & { id: string; person_id: string | null }>(
      `SELECT a.id, a.kind, v.name AS venue_name, cp.name AS checkpoint_name, a.person_id,
              a.health_status, a.temperature_celsius::text, a.created_at, a.entered_at
       FROM alerts a JOIN venues v ON v.id = a.venue_id LEFT JOIN checkpoints cp ON cp.id = a.checkpoint_id
       WHERE a.venue_id = ANY($1::text[]) AND a.id = ANY($2::uuid[])`,
      [[...new Set(taken.map((t) => t.shard))], [...new Set(taken.map((t) => t.ref))]])
    const byAlert = new Map(alerts.map((a) => [a.id, a]))
    const people = alerts.some((a) => a.person_id && a.kind !== 'exposure')
      ? await tx.query<{ id: string; name_enc: string }>('SELECT id, name_enc FROM persons WHERE id = ANY($1::uuid[])',
        [[...new Set(alerts.flatMap((a) => (a.person_id && a.kind !== 'exposure' ? [a.person_id] : [])))]])
      : []
    const names = new Map(people.map((p) => [p.id, p.name_enc]))
    return taken.map((t) => {
      const a = byAlert.get(t.ref)!
      return notificationOf(deps, t, {
        ...a, name_enc: a.kind !== 'exposure' && a.person_id ? names.get(a.person_id) ?? null : null
      })
    })
  }
}

/**
 * One delivery run of alerts' messages: give up on stale claims, then claim, send and mark due
 * rows, round after round, until none is due. Safe to run many times at once: claims skip each
 * other's rows.
 */
export async function deliverDue(deps: Deps, senders: Senders, opts: DeliverOptions = {}): Promise<DeliverReport> {
  return deliverOutbox(deps, ALERT_OUTBOX, senders, opts)
}

/** deliverDue for any outbox table. */
export async function deliverOutbox<N>(deps: Deps, kind: OutboxKind<N>,
  senders: Partial<Record<Channel, (n: N) => Promise<SendOutcome>>>,
  opts: Omit<DeliverOptions, 'afterSend'> & { afterSend?: (n: N, outcome: SendOutcome) => void | Promise<void> } = {}): Promise<DeliverReport> {
  const report: DeliverReport = { claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0, uncertain: 0 }
  const lease = opts.leaseSeconds ?? DEFAULT_LEASE_SECONDS
  const batch = opts.batchSize ?? DEFAULT_BATCH
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
  const channels = (Object.keys(senders) as Channel[]).filter((c) => senders[c])
  if (!channels.length) return report

  const stale = await deps.db.query(
    `UPDATE ${kind.table} SET state = 'uncertain', last_error = $2
     WHERE state = 'sending' AND claimed_at < now() - make_interval(secs => $1) RETURNING id`, [lease, UNCERTAIN_ERROR])
  report.uncertain = stale.length

  let firstError: unknown = null
  const started = Date.now()
  for (let round = 0; round < (opts.maxRounds ?? 10); round++) {
    if (opts.budgetMs !== undefined && round > 0 && Date.now() - started > opts.budgetMs) break
    const claimed = await claim(deps, kind, channels, batch)
    report.claimed += claimed.length + claimed.skipped
    report.skipped += claimed.skipped
    if (!claimed.length) {
      if (!claimed.skipped) break
      continue
    }
    // Each row on its own: one failing send (or a test's injected crash) leaves the others'
    // marks intact, as a real worker would have written them before it died.
    const results = await Promise.allSettled(claimed.map(async ({ row, n }) => {
      let outcome: SendOutcome
      try {
        outcome = await senders[row.channel]!(n)
      } catch (err) {
        // Network trouble reaching WeChat: it may not have arrived, so it is worth a retry.
        outcome = { kind: 'retry', error: err instanceof Error ? err.message : String(err) }
      }
      await opts.afterSend?.(n, outcome)
      await mark(deps, kind, row, outcome, maxAttempts)
      return outcome.kind === 'retry' && row.attempts >= maxAttempts ? 'failed' : outcome.kind
    }))
    for (const r of results) {
      if (r.status === 'rejected') { firstError ??= r.reason; continue }
      if (r.value === 'sent') report.sent++
      else if (r.value === 'retry') report.retried++
      else if (r.value === 'failed') report.failed++
      else report.skipped++
    }
    if (firstError) throw firstError
    if (claimed.length + claimed.skipped < batch) break
  }
  return report
}

/**
 * Claims due rows in one committed transaction, so a second worker never sees them: the due rows
 * are read, then taken by one UPDATE that re-checks each is still pending under its row lock (of
 * two workers reaching for one row, the second finds it taken and leaves it). Then the
 * recipients' OPENIDs (the coordinator) and what the messages say are read beside it. A WeChat
 * message uses up one of the recipient's grants on its first claim; without one it is skipped.
 */
async function claim<N>(deps: Deps, kind: OutboxKind<N>, channels: Channel[], batch: number): Promise<Array<{ row: OutboxRow; n: N }> & { skipped: number }> {
  const templateId = kind.templateId(deps)
  const { table, shardColumn: shard, refColumn: ref } = kind
  return deps.db.transaction(async (tx) => {
    const due = await tx.query<{ shard: string; id: string }>(
      `SELECT ${shard}::text AS shard, id FROM ${table}
       WHERE state = 'pending' AND next_attempt_at <= now() AND channel = ANY($1::text[])
       ORDER BY next_attempt_at, id LIMIT $2`, [channels, batch])
    if (!due.length) return Object.assign([], { skipped: 0 })
    const taken = await tx.query<Omit<OutboxRow, 'openid'>>(
      `UPDATE ${table} o SET state = 'sending', attempts = o.attempts + 1, claimed_at = now()
       WHERE o.${shard} = ANY($1) AND o.id = ANY($2::uuid[]) AND o.state = 'pending'
       RETURNING o.id, o.${shard}::text AS shard, o.${ref} AS ref, o.channel, o.recipient, o.attempts`,
      [[...new Set(due.map((d) => d.shard))], due.map((d) => d.id)])
    const accounts = taken.length ? await tx.query<{ id: string; wx_openid: string | null }>(
      'SELECT id, wx_openid FROM users WHERE id = ANY($1::uuid[])', [[...new Set(taken.map((t) => t.recipient))]]) : []
    const openids = new Map(accounts.map((u) => [u.id, u.wx_openid]))
    const rows: OutboxRow[] = taken.map((t) => ({ ...t, openid: openids.get(t.recipient) ?? null }))
      .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    const kept: OutboxRow[] = []
    let skipped = 0
    // Grants are locked in recipient order, so two claims at once cannot deadlock on them.
    for (const row of [...rows].sort((a, b) => (a.recipient < b.recipient ? -1 : a.recipient > b.recipient ? 1 : 0))) {
      if (row.channel === 'wechat' && row.attempts === 1 && !await useGrant(tx, row.recipient, templateId)) {
        await tx.query(`UPDATE ${table} SET state = 'skipped', last_error = $3 WHERE ${shard} = $1 AND id = $2`,
          [row.shard, row.id, NO_GRANT_ERROR])
        skipped++
        continue
      }
      kept.push(row)
    }
    kept.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    const messages = kept.length ? await kind.load(deps, tx, kept) : []
    return Object.assign(kept.map((row, i) => ({ row, n: messages[i] })), { skipped })
  })
}

async function useGrant(tx: Queryable, userId: string, templateId: string | null): Promise<boolean> {
  if (!templateId) return false
  const used = await tx.query(
    `UPDATE subscription_grants SET remaining = remaining - 1, updated_at = now()
     WHERE user_id = $1 AND template_id = $2 AND remaining > 0 RETURNING remaining`, [userId, templateId])
  return used.length > 0
}

/** Marks after a failure before the error is given up: each waits MARK_RETRY_MS × 2^n. */
const MARK_RETRIES = 4
const MARK_RETRY_MS = 100

/**
 * A mark that fails is tried again: after the send, only the mark stands between a delivered
 * notification and a claim that turns 'uncertain', and a retry outcome left unmarked would never
 * be retried. A dropped connection (pg_terminate_backend, a server restart) is the usual cause,
 * and the pool's next connection succeeds. Marking twice is harmless: only a claimed row changes.
 */
async function mark(deps: Deps, kind: OutboxKind<unknown>, row: OutboxRow, outcome: SendOutcome, maxAttempts: number): Promise<void> {
  for (let n = 0; ; n++) {
    try {
      return await markOnce(deps, kind, row, outcome, maxAttempts)
    } catch (err) {
      if (n >= MARK_RETRIES) throw err
      await new Promise((resolve) => setTimeout(resolve, MARK_RETRY_MS * 2 ** n))
    }
  }
}

/** Only a row still claimed is marked: one a sweep has declared uncertain stays so. */
async function markOnce(deps: Deps, kind: OutboxKind<unknown>, row: OutboxRow, outcome: SendOutcome, maxAttempts: number): Promise<void> {
  const table = kind.table
  // The shard key (venue, person) routes the statement to the row's shard on Citus.
  const claimedOnly = `WHERE id = $1 AND ${kind.shardColumn} = $2 AND state = 'sending'`
  if (outcome.kind === 'sent') {
    await deps.db.query(`UPDATE ${table} SET state = 'sent', sent_at = now(), last_error = NULL ${claimedOnly}`, [row.id, row.shard])
  } else if (outcome.kind === 'retry' && row.attempts < maxAttempts) {
    await deps.db.query(
      `UPDATE ${table} SET state = 'pending', last_error = $3, next_attempt_at = now() + make_interval(secs => $4) ${claimedOnly}`,
      [row.id, row.shard, outcome.error.slice(0, 500), backoffSeconds(row.attempts)])
  } else {
    await deps.db.query(`UPDATE ${table} SET state = $3, last_error = $4 ${claimedOnly}`,
      [row.id, row.shard, outcome.kind === 'skipped' ? 'skipped' : 'failed', outcome.error.slice(0, 500)])
  }
}

function notificationOf(deps: Deps, row: OutboxRow, a: AlertContent): Notification {
  return {
    outboxId: row.id,
    alertId: row.ref,
    channel: row.channel,
    kind: a.kind,
    venueName: a.venue_name,
    checkpointName: a.checkpoint_name,
    personNameMasked: a.name_enc ? maskName(decrypt(deps.config.dataKeys, a.name_enc)) : null,
    healthStatus: a.health_status,
    temperatureCelsius: a.temperature_celsius === null ? null : Number(a.temperature_celsius),
    createdAt: toIso(a.created_at),
    enteredAt: toIso(a.entered_at ?? a.created_at),
    recipientId: row.recipient,
    openid: row.openid,
    templateId: deps.config.alertTemplateId ?? null,
    attempt: row.attempts
  }
}

/**
 * The local channel of one kind of message: `log` writes one JSON line (`event`, then what
 * `fields` gives, nothing personal beyond a masked name) to the server log; `toFile(file)` also
 * appends the line to `file` ($LOG_DIR/notifications.log on the local stack), synchronously and
 * before the row counts as sent: functions-framework drops a function's standard output, and a
 * line written this way survives the process being killed.
 */
export function logChannel<N>(event: string, fields: (n: N) => Record<string, unknown>): {
  log: (n: N) => Promise<SendOutcome>
  toFile: (file: string) => (n: N) => Promise<SendOutcome>
} {
  const log = async (n: N): Promise<SendOutcome> => {
    logEvent(event, fields(n))
    return { kind: 'sent' }
  }
  return {
    log,
    toFile: (file) => async (n) => {
      appendFileSync(file, JSON.stringify({ event, time: new Date().toISOString(), ...fields(n) }) + '\n')
      return log(n)
    }
  }
}

const alertLog = logChannel('alert-notification', notificationFields)
/** Alerts in the server log. */
export const logSender: Sender = alertLog.log
/** Alerts in the server log and in `file`. */
export const fileLogSender: (file: string) => Sender = alertLog.toFile

function notificationFields(n: Notification): Record<string, unknown> {
  return {
    alertId: n.alertId,
    recipient: n.recipientId,
    kind: n.kind,
    label: ALERT_KIND_LABELS[n.kind],
    venue: n.venueName,
    checkpoint: n.checkpointName,
    person: n.personNameMasked,
    healthStatus: n.healthStatus,
    temperature: n.temperatureCelsius,
    createdAt: n.createdAt,
    enteredAt: n.enteredAt
  }
}
