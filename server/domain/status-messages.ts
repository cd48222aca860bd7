import { HEALTH_STATUS_LABELS, type HealthStatus } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { decrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import type { Deps } from './deps'
import { toIso } from './ids'
import { deliverOutbox, logChannel, wakeDelivery, type Channel, type DeliverOptions, type DeliverReport, type OutboxKind, type SendOutcome } from './outbox'

/**
 * Subscription messages of a change of status (issue 20, "the person is told"): where the
 * platform allows, the accounts that see a change on 首页 (people.statusNotices) are also sent a
 * message, as alerts are. The rows are written in the change's own transaction (a rolled-back
 * approval tells nobody) and delivered at most once by the alert outbox's claim and mark
 * (outbox.ts deliverOutbox). A lock screen may show the message, so it says only whose (masked),
 * the new colour and the time, and asks to open the mini-program: never the reason or the office.
 */
export interface StatusNotification {
  outboxId: string
  changeId: string
  channel: Channel
  recipientId: string
  openid: string | null
  /** The subscription-message template (config.statusTemplateId). */
  templateId: string | null
  personNameMasked: string
  newStatus: HealthStatus
  changedAt: string
  attempt: number
}

export type StatusSender = (n: StatusNotification) => Promise<SendOutcome>
export type StatusSenders = Partial<Record<Channel, StatusSender>>

/** What the message asks of its reader: the details and 申诉 are inside, behind the account. */
export const STATUS_MESSAGE_PROMPT = '请打开小程序查看详情或申诉'

/**
 * The accounts told of a change of the people $1: each person's verified holder, and the verified
 * accounts listing them as a companion when they hold no verified account of their own — the
 * reverse of ACCOUNT_PERSONS_SQL (people.ts), so exactly those who see it in statusNotices.
 */
const RECIPIENTS_SQL = `SELECT h.person_id, h.id AS account_id FROM users h
       WHERE h.person_id = ANY($1::uuid[]) AND h.verified_at IS NOT NULL
     UNION SELECT c.person_id, c.account_id FROM companions c JOIN users a ON a.id = c.account_id AND a.verified_at IS NOT NULL
       WHERE c.person_id = ANY($1::uuid[])
         AND NOT EXISTS (SELECT 1 FROM users h WHERE h.person_id = c.person_id AND h.verified_at IS NOT NULL)`

/**
 * Writes the messages of the changes just recorded (status_changes ids $changeIds of the people
 * $personIds), inside the caller's transaction: one row per change, recipient and channel — wechat
 * for recipients with an openid when the template is configured, log on the local stack. Only a
 * change of colour is told (as 首页 shows only those). The recipients are found on the coordinator
 * first, so the insert reads only the people's shards.
 */
export async function recordStatusNotifications(deps: Deps, tx: Queryable, personIds: string[], changeIds: string[]): Promise<number> {
  const wechat = Boolean(deps.config.statusTemplateId)
  const log = deps.config.localStack
  if (!changeIds.length || (!wechat && !log)) return 0
  const recipients = await tx.query<{ person_id: string; account_id: string; wx_openid: string | null }>(
    `SELECT r.person_id, r.account_id, u.wx_openid FROM (${RECIPIENTS_SQL}) r JOIN users u ON u.id = r.account_id`, [personIds])
  const rows = recipients.flatMap((r) => [
    ...(wechat && r.wx_openid ? [{ ...r, channel: 'wechat' }] : []),
    ...(log ? [{ ...r, channel: 'log' }] : [])
  ])
  if (!rows.length) return 0
  const written = await tx.query(
    `INSERT INTO status_notification_outbox (person_id, change_id, recipient, channel)
     SELECT c.person_id, c.id, t.account_id, t.channel
     FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(person_id, account_id, channel)
     JOIN status_changes c ON c.person_id = t.person_id
     WHERE c.person_id = ANY($4::uuid[]) AND c.id = ANY($5::uuid[]) AND coalesce(c.old_status, 'green') <> c.new_status
     ON CONFLICT (person_id, change_id, recipient, channel) DO NOTHING
     RETURNING id`,
    [rows.map((r) => r.person_id), rows.map((r) => r.account_id), rows.map((r) => r.channel), [...new Set(personIds)], changeIds])
  // The caller's transaction has not committed yet: wake the worker a little later; the
  // minute's sweep is there if that is still too early.
  if (written.length) wakeDelivery(5)
  return written.length
}

/** The status outbox: what a claimed row's message says, read from the change and the person (their shard). */
export const STATUS_OUTBOX: OutboxKind<StatusNotification> = {
  table: 'status_notification_outbox',
  shardColumn: 'person_id',
  refColumn: 'change_id',
  templateId: (deps) => deps.config.statusTemplateId ?? null,
  async load(deps, tx, rows) {
    const personIds = [...new Set(rows.map((r) => r.shard))]
    const changes = new Map((await tx.query<{ id: string; new_status: HealthStatus; changed_at: Date }>(
      'SELECT id, new_status, changed_at FROM status_changes WHERE person_id = ANY($1::uuid[]) AND id = ANY($2::uuid[])',
      [personIds, [...new Set(rows.map((r) => r.ref))]])).map((c) => [c.id, c]))
    const names = new Map((await tx.query<{ id: string; name_enc: string }>(
      'SELECT id, name_enc FROM persons WHERE id = ANY($1::uuid[])', [personIds])).map((p) => [p.id, p.name_enc]))
    return rows.map((row) => {
      const c = changes.get(row.ref)!
      return {
        outboxId: row.id,
        changeId: row.ref,
        channel: row.channel,
        recipientId: row.recipient,
        openid: row.openid,
        templateId: deps.config.statusTemplateId ?? null,
        personNameMasked: maskName(decrypt(deps.config.dataKeys, names.get(row.shard)!)),
        newStatus: c.new_status,
        changedAt: toIso(c.changed_at),
        attempt: row.attempts
      }
    })
  }
}

/** One delivery run of the status messages (deliverDue's twin; the same timer and job run both). */
export function deliverStatusDue(deps: Deps, senders: StatusSenders,
  opts: Omit<DeliverOptions, 'afterSend'> & { afterSend?: (n: StatusNotification, outcome: SendOutcome) => void | Promise<void> } = {}): Promise<DeliverReport> {
  return deliverOutbox(deps, STATUS_OUTBOX, senders, opts)
}

function statusFields(n: StatusNotification): Record<string, unknown> {
  return {
    changeId: n.changeId,
    recipient: n.recipientId,
    label: '健康码状态变更',
    person: n.personNameMasked,
    status: HEALTH_STATUS_LABELS[n.newStatus],
    changedAt: n.changedAt,
    prompt: STATUS_MESSAGE_PROMPT
  }
}

const statusLog = logChannel('status-notification', statusFields)
/** The local stack's channel: one JSON line in the server log, with what the WeChat message says. */
export const statusLogSender: StatusSender = statusLog.log
/** As fileLogSender (outbox.ts): the line is appended to $LOG_DIR/notifications.log before the row counts as sent. */
export const fileStatusLogSender: (file: string) => StatusSender = statusLog.toFile
