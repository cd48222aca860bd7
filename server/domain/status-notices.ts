import { RELATION_LABELS, STATUS_NOTICE_DAYS, type HealthStatus, type Relation, type StatusNoticeView } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { decrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import { appealViews } from './appeals'
import type { Deps } from './deps'
import { toIso } from './ids'
import { accountPersons } from './people'
import { accountNames } from './users'

/**
 * The person is told (issue 20): every change of the holder's and their companions' status
 * within STATUS_NOTICE_DAYS, on the home page, with the office, the masked officials who proposed
 * and approved it (or 紧急 for the emergency path), the reason and the time, and its 申诉.
 */

export interface ChangeRow {
  id: string
  person_id: string
  old_status: HealthStatus | null
  new_status: HealthStatus
  reason_enc: string
  office: string | null
  changed_by: string | null
  approved_by: string | null
  emergency: boolean
  proposal_id: string | null
  changed_at: Date
}

export const CHANGE_COLUMNS = 'c.id, c.person_id, c.old_status, c.new_status, c.reason_enc, c.office, c.changed_by, c.approved_by, c.emergency, c.proposal_id, c.changed_at'

/** A change worth telling: the colour is different (no earlier record counting as green). */
export const CHANGED_SQL = "coalesce(c.old_status, 'green') <> c.new_status"

/** The changes as notices for an account (`holderPersonId` is 本人; the others its companions). */
export async function noticeViews(deps: Deps, q: Queryable, accountId: string, changes: ChangeRow[]): Promise<StatusNoticeView[]> {
  if (!changes.length) return []
  const k = deps.config.dataKeys
  const personIds = [...new Set(changes.map((c) => c.person_id))]
  const [holder] = await q.query<{ person_id: string | null; verified: boolean }>(
    'SELECT person_id, verified_at IS NOT NULL AS verified FROM users WHERE id = $1', [accountId])
  const relations = new Map((await q.query<{ person_id: string; relation: Relation }>(
    'SELECT person_id, relation FROM companions WHERE account_id = $1 AND person_id = ANY($2::uuid[])', [accountId, personIds]))
    .map((r) => [r.person_id, r.relation]))
  const persons = new Map((await q.query<{ id: string; name_enc: string }>(
    'SELECT id, name_enc FROM persons WHERE id = ANY($1::uuid[])', [personIds])).map((p) => [p.id, p.name_enc]))
  const names = await accountNames(q, changes.flatMap((c) => [c.changed_by, c.approved_by].filter((u): u is string => !!u)))
  const masked = (userId: string) => {
    const enc = names.get(userId)
    return enc ? maskName(decrypt(k, enc)) : '工作人员'
  }
  const appeals = await appealViews(deps, q, { changeIds: changes.map((c) => c.id) })
  const appealOf = new Map(appeals.map((a) => [a.changeId, a]))
  return changes.map((c) => {
    const appeal = appealOf.get(c.id) ?? null
    return {
      changeId: c.id,
      personId: c.person_id,
      nameMasked: maskName(decrypt(k, persons.get(c.person_id)!)),
      relationLabel: c.person_id === holder?.person_id ? '本人' : RELATION_LABELS[relations.get(c.person_id) ?? 'other'],
      fromStatus: c.old_status,
      toStatus: c.new_status,
      office: c.office ?? '系统',
      proposedBy: c.changed_by ? masked(c.changed_by) : '系统',
      approvedBy: c.approved_by ? masked(c.approved_by) : null,
      emergency: c.emergency,
      reason: decrypt(k, c.reason_enc),
      at: toIso(c.changed_at),
      appeal,
      canAppeal: !!holder?.verified && !appeal
    }
  })
}

/** 首页: the changes of the holder's and companions' status, newest first (verified accounts only). */
export async function statusNotices(deps: Deps, accountId: string): Promise<{ notices: StatusNoticeView[]; subscribeTemplateIds: string[] }> {
  // The status messages' template (status-messages.ts), for the WeChat client to ask for on 首页.
  const subscribeTemplateIds = deps.config.statusTemplateId ? [deps.config.statusTemplateId] : []
  const personIds = await accountPersons(deps.db, accountId)
  if (!personIds.length) return { notices: [], subscribeTemplateIds }
  const changes = await deps.db.query<ChangeRow>(
    `SELECT ${CHANGE_COLUMNS} FROM status_changes c
     WHERE c.person_id = ANY($1::uuid[]) AND c.changed_at > now() - make_interval(days => $2) AND ${CHANGED_SQL}
     ORDER BY c.changed_at DESC, c.id LIMIT 100`, [personIds, STATUS_NOTICE_DAYS])
  return { notices: await noticeViews(deps, deps.db, accountId, changes), subscribeTemplateIds }
}
