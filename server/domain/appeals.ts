import {
  APPEAL_TEXT_MAX, STATUS_NOTICE_DAYS, type AppealDecision, type AppealState, type AppealView, type HealthStatus, type OfficialActions,
  type PeopleActions
} from '../../src/shared/api'
import { maskIdCard, maskName } from '../../src/shared/mask'
import { checkText } from '../../src/shared/validators'
import { decrypt, encrypt, reasonMac } from '../crypto/personal-data'
import type { Queryable } from '../db'
import { recordAccess } from './access-log'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { changedByLabel } from './health-status'
import { toIso } from './ids'
import { officialOf } from './officials'
import { accountPersons } from './people'
import { expireProposals, proposeStatusChanges } from './proposals'
import { CHANGE_COLUMNS, CHANGED_SQL, noticeViews, type ChangeRow } from './status-notices'
import { accountNames } from './users'

/**
 * 申诉 (issue 20): the verified holder objects, once, to a change of their own or a companion's
 * status, with a short text. The appeal waits in the queue of the officials of the change's
 * region (the proposer's, or a region above it); one answers 维持 or 更正 with a reason the
 * person reads. 更正 proposes the status before the change, which a second official approves like
 * any other change. Looking at the queue is audited (view_appeal), answering (answer_appeal).
 */

type OfficialAnswer<A extends keyof OfficialActions> = OfficialActions[A][1]
type PeopleAnswer<A extends keyof PeopleActions> = PeopleActions[A][1]

interface AppealRow {
  id: string
  change_id: string
  person_id: string
  region_code: string
  text_enc: string
  created_at: Date
  state: AppealState
  decision: AppealDecision | null
  answer_enc: string | null
  answered_by: string | null
  answerer_office: string | null
  answered_at: Date | null
  correction_proposal_id: string | null
}

const APPEAL_COLUMNS = `id, change_id, person_id, region_code, text_enc, created_at, state, decision, answer_enc, answered_by, answerer_office,
  answered_at, correction_proposal_id`

/** Appeals as the person and the officials read them, by change or as rows already read, in that order. */
export async function appealViews(deps: Deps, q: Queryable, which: { changeIds: string[] } | { rows: AppealRow[] }): Promise<AppealView[]> {
  const rows = 'rows' in which
    ? which.rows
    : which.changeIds.length
      ? await q.query<AppealRow>(`SELECT ${APPEAL_COLUMNS} FROM appeals WHERE change_id = ANY($1::uuid[])`, [which.changeIds])
      : []
  if (!rows.length) return []
  const k = deps.config.dataKeys
  const changes = new Map((await q.query<ChangeRow>(
    `SELECT ${CHANGE_COLUMNS} FROM status_changes c WHERE c.person_id = ANY($1::uuid[]) AND c.id = ANY($2::uuid[])`,
    [[...new Set(rows.map((r) => r.person_id))], rows.map((r) => r.change_id)])).map((c) => [c.id, c]))
  const persons = new Map((await q.query<{ id: string; name_enc: string; id_card_enc: string }>(
    'SELECT id, name_enc, id_card_enc FROM persons WHERE id = ANY($1::uuid[])', [[...new Set(rows.map((r) => r.person_id))]])).map((p) => [p.id, p]))
  const names = await accountNames(q, rows.flatMap((r) => (r.answered_by ? [r.answered_by] : [])))
  return rows.map((r) => {
    const c = changes.get(r.change_id)
    const p = persons.get(r.person_id)
    return {
      appealId: r.id,
      changeId: r.change_id,
      personNameMasked: p ? maskName(decrypt(k, p.name_enc)) : '',
      idCardMasked: p ? maskIdCard(decrypt(k, p.id_card_enc)) : '',
      fromStatus: c?.old_status ?? null,
      toStatus: c?.new_status ?? 'green',
      changeReason: c ? decrypt(k, c.reason_enc) : '',
      office: c?.office ?? '系统',
      text: decrypt(k, r.text_enc),
      createdAt: toIso(r.created_at),
      state: r.state,
      decision: r.decision,
      answer: r.answer_enc ? decrypt(k, r.answer_enc) : null,
      answeredBy: r.answered_by ? changedByLabel(deps, r.answerer_office, names.get(r.answered_by) ?? null, r.answered_by) : null,
      answeredAt: r.answered_at ? toIso(r.answered_at) : null,
      correctionProposalId: r.correction_proposal_id
    }
  })
}

/**
 * The region whose officials answer an appeal of this change: the proposal's region, else (a
 * change from before the two-person rule) the region of the official who made it, else the county
 * of the person's ID number.
 */
async function appealRegion(q: Queryable, change: ChangeRow): Promise<string> {
  if (change.proposal_id) {
    const [p] = await q.query<{ region_code: string }>('SELECT region_code FROM status_proposals WHERE id = $1', [change.proposal_id])
    if (p) return p.region_code
  }
  if (change.changed_by) {
    const [o] = await q.query<{ region_code: string }>('SELECT region_code FROM officials WHERE user_id = $1', [change.changed_by])
    if (o) return o.region_code
  }
  const [person] = await q.query<{ id_region: string | null }>('SELECT id_region FROM persons WHERE id = $1', [change.person_id])
  return person?.id_region ?? ''
}

/** 申诉 of one change shown on the home page, once, by the verified holder. */
export async function appeal(deps: Deps, accountId: string, input: { changeId: string; text: string }): Promise<PeopleAnswer<'appeal'>> {
  const problem = checkText(input.text, '申诉内容', 1, APPEAL_TEXT_MAX)
  if (problem) throw new DomainError('INVALID_INPUT', { text: problem })
  const text = input.text.trim()
  const [holder] = await deps.db.query<{ verified: boolean }>('SELECT verified_at IS NOT NULL AS verified FROM users WHERE id = $1', [accountId])
  if (!holder?.verified) throw new DomainError('IDENTITY_UNVERIFIED')
  const personIds = await accountPersons(deps.db, accountId)
  return deps.db.transaction(async (tx) => {
    const [change] = await tx.query<ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM status_changes c
       WHERE c.person_id = ANY($1::uuid[]) AND c.id = $2 AND c.changed_at > now() - make_interval(days => $3) AND ${CHANGED_SQL}`,
      [personIds, input.changeId, STATUS_NOTICE_DAYS])
    if (!change) throw new DomainError('STATUS_CHANGE_NOT_FOUND')
    const made = await tx.query(
      `INSERT INTO appeals (change_id, person_id, account_id, region_code, text_enc, text_mac) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (change_id) DO NOTHING RETURNING id`,
      [change.id, change.person_id, accountId, await appealRegion(tx, change), encrypt(deps.config.dataKeys, text),
        reasonMac(deps.config.lookupHashKey, text)])
    if (!made.length) throw new DomainError('APPEAL_EXISTS')
    const [notice] = await noticeViews(deps, tx, accountId, [change])
    return { notice }
  })
}

/** The appeals of the caller's region and the regions below it: open ones oldest first, or the latest answered. Audited (view_appeal). */
export async function officialAppeals(deps: Deps, userId: string, state: AppealState = 'open'): Promise<OfficialAnswer<'appeals'>> {
  const official = await officialOf(deps.db, userId)
  return deps.db.transaction(async (tx) => {
    const rows = await tx.query<AppealRow>(
      `SELECT ${APPEAL_COLUMNS} FROM appeals WHERE starts_with(region_code, $1) AND state = $2
       ORDER BY ${state === 'open' ? 'created_at, id' : 'answered_at DESC, id'} LIMIT 200`, [official.regionCode, state])
    await recordAccess(deps, tx, official, rows.map((r) => r.person_id), 'view_appeal')
    return { appeals: await appealViews(deps, tx, { rows }) }
  })
}

/**
 * 维持 or 更正 with a reason the person reads. 更正 proposes the status the person had before the
 * change (source appeal), which another official approves: the answering official alone changes
 * nothing. Of two answers at once, one wins (APPEAL_ANSWERED).
 */
export async function answerAppeal(deps: Deps, userId: string,
  input: { appealId: string; decision: AppealDecision; reason: string }): Promise<OfficialAnswer<'answerAppeal'>> {
  const official = await officialOf(deps.db, userId)
  const problem = checkText(input.reason, '答复理由', 2, 200)
  if (problem) throw new DomainError('INVALID_INPUT', { reason: problem })
  const reason = input.reason.trim()
  await expireProposals(deps)
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.query<AppealRow>(
      `SELECT ${APPEAL_COLUMNS} FROM appeals WHERE id = $1 AND starts_with(region_code, $2) FOR UPDATE`, [input.appealId, official.regionCode])
    if (!row) throw new DomainError('APPEAL_NOT_FOUND')
    if (row.state === 'answered') throw new DomainError('APPEAL_ANSWERED')
    let correction: string | null = null
    if (input.decision === 'corrected') {
      const [change] = await tx.query<ChangeRow>(
        `SELECT ${CHANGE_COLUMNS} FROM status_changes c WHERE c.person_id = $1 AND c.id = $2`, [row.person_id, row.change_id])
      // The person's row is locked as for any change of their status: the current status is the one proposed from.
      await tx.query('SELECT csm_lock_persons($1::uuid[])', [[row.person_id]])
      const [current] = await tx.query<{ status: HealthStatus }>('SELECT status FROM health_status WHERE person_id = $1', [row.person_id])
      const from = current?.status ?? null
      const to = change.old_status ?? 'green'
      if ((from ?? 'green') !== to) {
        correction = await proposeStatusChanges(deps, tx, official, {
          source: 'appeal', reason, appealId: row.id, lines: [{ personId: row.person_id, fromStatus: from, toStatus: to, reason }]
        })
      }
    }
    const [answered] = await tx.query<AppealRow>(
      `UPDATE appeals SET state = 'answered', decision = $2, answer_enc = $3, answer_mac = $4, answered_by = $5, answerer_office = $6,
         answered_at = now(), correction_proposal_id = $7 WHERE id = $1 RETURNING ${APPEAL_COLUMNS}`,
      [row.id, input.decision, encrypt(deps.config.dataKeys, reason), reasonMac(deps.config.lookupHashKey, reason), official.userId,
        official.office, correction])
    await recordAccess(deps, tx, official, [row.person_id], 'answer_appeal', { reason })
    const [view] = await appealViews(deps, tx, { rows: [answered] })
    return { appeal: view }
  })
}
