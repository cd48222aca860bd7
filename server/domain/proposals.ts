import {
  DEFAULT_PROPOSAL_HOURS, type HealthStatus, type OfficialActions, type ProposalKind, type ProposalLineView, type ProposalState,
  type ProposalView
} from '../../src/shared/api'
import { maskIdCard, maskName } from '../../src/shared/mask'
import { checkText } from '../../src/shared/validators'
import { decrypt, encrypt, reasonMac } from '../crypto/personal-data'
import type { Queryable } from '../db'
import { recordAccess, recordAccessEach } from './access-log'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { applyStatusChanges, changedByLabel } from './health-status'
import { toIso } from './ids'
import { officialOf, type Official } from './officials'
import { regionPrefixName } from './regions'
import { applyTraceConfirmation, traceToConfirm } from './tracing'
import { accountNames } from './users'

/**
 * The two-person rule (issue 20): a change of status (one person, a file, an appeal's correction)
 * and a trace confirmation are proposals until a second official approves them. The approver is
 * another official whose region is the proposer's or a region above it (a prefix of its code); a
 * sibling or a sub-region never approves. A proposal not decided within STATUS_PROPOSAL_HOURS
 * expires. Every proposal, approval, rejection and expiry is in the access log of the person(s).
 */

type Answer<A extends keyof OfficialActions> = OfficialActions[A][1]

/** Rows per statement for a file's people: as status-import.ts writes them. */
const CHUNK = 5000
/** Lines of a status proposal shown in a ProposalView. */
const SHOWN_LINES = 50
const LISTED = 200

export function proposalHours(deps: Deps): number {
  return deps.config.statusProposalHours ?? DEFAULT_PROPOSAL_HOURS
}

/** Whether an official of `approverRegion` may decide a proposal made in `proposalRegion`: the same region or one above. */
export function regionCovers(approverRegion: string, proposalRegion: string): boolean {
  return proposalRegion.startsWith(approverRegion)
}

interface ProposalRow {
  id: string
  kind: ProposalKind
  source: ProposalView['source']
  state: ProposalState
  proposed_by: string
  proposer_office: string
  region_code: string
  reason_enc: string
  trace_id: string | null
  appeal_id: string | null
  line_count: number
  emergency: boolean
  created_at: Date
  expires_at: Date
  decided_by: string | null
  decider_office: string | null
  decided_at: Date | null
  decision_reason_enc: string | null
}

const PROPOSAL_COLUMNS = `id, kind, source, state, proposed_by, proposer_office, region_code, reason_enc, trace_id, appeal_id, line_count,
  emergency, created_at, expires_at, decided_by, decider_office, decided_at, decision_reason_enc`

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK))
  return out
}

/** The proposer as the official who acts when their proposal runs: their office and region as they proposed. */
function proposerOf(p: ProposalRow): Official {
  return { userId: p.proposed_by, office: p.proposer_office, regionCode: p.region_code, regionName: regionPrefixName(p.region_code) ?? p.region_code }
}

export interface ProposedLine {
  personId: string
  fromStatus: HealthStatus | null
  toStatus: HealthStatus
  reason: string
}

function encryptReasons(deps: Deps, reasons: string[]): { encs: string[]; macs: string[] } {
  // A file repeats a few reasons on many lines: each distinct reason is encrypted once.
  const cache = new Map<string, { enc: string; mac: string }>()
  const encs: string[] = []
  const macs: string[] = []
  for (const r of reasons) {
    let c = cache.get(r)
    if (!c) {
      c = { enc: encrypt(deps.config.dataKeys, r), mac: reasonMac(deps.config.lookupHashKey, r) }
      cache.set(r, c)
    }
    encs.push(c.enc)
    macs.push(c.mac)
  }
  return { encs, macs }
}

/**
 * Records a status proposal of people the caller has locked and checked (scope, name), whose
 * status would change. Audited per person (propose_status with the line's reason). On the
 * emergency path (the caller checked STATUS_EMERGENCY_PATH) it is applied at once instead, marked
 * emergency, and audited as set_status. A person with a pending proposal is PROPOSAL_PENDING:
 * the caller checks first for a clear answer; the unique index settles a race.
 */
export async function proposeStatusChanges(deps: Deps, tx: Queryable, official: Official,
  p: { source: ProposalView['source']; reason: string; lines: ProposedLine[]; emergency?: boolean; appealId?: string }): Promise<string> {
  const emergency = !!p.emergency
  const pending = await pendingPersons(tx, p.lines.map((l) => l.personId))
  if (pending.size) throw new DomainError('PROPOSAL_PENDING')
  const [{ id }] = await tx.query<{ id: string }>(
    `INSERT INTO status_proposals (kind, source, state, proposed_by, proposer_office, region_code, reason_enc, reason_mac, appeal_id,
       line_count, emergency, expires_at, decided_at)
     VALUES ('status', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(hours => $11), $12)
     RETURNING id`,
    [p.source, emergency ? 'approved' : 'pending', official.userId, official.office, official.regionCode,
      encrypt(deps.config.dataKeys, p.reason), reasonMac(deps.config.lookupHashKey, p.reason), p.appealId ?? null, p.lines.length, emergency,
      proposalHours(deps), emergency ? new Date().toISOString() : null])
  let offset = 0
  for (const part of chunks(p.lines)) {
    const reasons = encryptReasons(deps, part.map((l) => l.reason))
    const personIds = part.map((l) => l.personId)
    try {
      await tx.query(
        `INSERT INTO status_proposal_lines (proposal_id, line, person_id, from_status, to_status, reason_enc, reason_mac, pending)
         SELECT $1, t.n, t.p, t.f, t.t, t.r, t.m, $8
         FROM unnest($2::int[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(n, p, f, t, r, m)`,
        [id, part.map((_, i) => offset + i + 1), personIds, part.map((l) => l.fromStatus), part.map((l) => l.toStatus),
          reasons.encs, reasons.macs, !emergency])
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new DomainError('PROPOSAL_PENDING')
      throw err
    }
    offset += part.length
    if (emergency) {
      await applyStatusChanges(deps, tx, { personIds, statuses: part.map((l) => l.toStatus), reasonEncs: reasons.encs, reasonMacs: reasons.macs },
        { userId: official.userId, office: official.office, approvedBy: null, proposalId: id, emergency: true }, p.source)
    }
    await recordAccessEach(tx, official, personIds, reasons, emergency ? 'set_status' : 'propose_status')
  }
  return id
}

/** Which of these people have a pending status proposal. */
export async function pendingPersons(q: Queryable, personIds: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (const part of chunks(personIds)) {
    const rows = await q.query<{ person_id: string }>(
      'SELECT person_id FROM status_proposal_lines WHERE pending AND person_id = ANY($1::uuid[])', [part])
    for (const r of rows) found.add(r.person_id)
  }
  return found
}

/**
 * Marks every pending proposal past its time expired, each with its audit records (expire_status
 * for its people, expire_trace for the case) in the proposer's name. Run before any proposal is
 * read or decided, and by the scheduler and the purge function. Returns how many expired.
 */
export async function expireProposals(deps: Deps): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const expired = await tx.query<ProposalRow>(
      `UPDATE status_proposals SET state = 'expired', decided_at = now()
       WHERE state = 'pending' AND expires_at <= now() RETURNING ${PROPOSAL_COLUMNS}`)
    for (const p of expired) {
      const proposer = proposerOf(p)
      if (p.kind === 'trace') {
        const [t] = await tx.query<{ case_person_id: string }>('SELECT case_person_id FROM traces WHERE id = $1', [p.trace_id])
        if (t) await recordAccess(deps, tx, proposer, [t.case_person_id], 'expire_trace', { traceId: p.trace_id! })
      } else {
        const people = await tx.query<{ person_id: string }>(
          'UPDATE status_proposal_lines SET pending = false WHERE proposal_id = $1 RETURNING person_id', [p.id])
        for (const part of chunks(people.map((r) => r.person_id))) await recordAccess(deps, tx, proposer, part, 'expire_status')
      }
    }
    return expired.length
  })
}

/** The proposals as the caller reads them (lines, names masked), in the order given. */
async function proposalViews(deps: Deps, q: Queryable, caller: Official, rows: ProposalRow[]): Promise<ProposalView[]> {
  if (!rows.length) return []
  const k = deps.config.dataKeys
  const statusIds = rows.filter((r) => r.kind === 'status').map((r) => r.id)
  const lines = statusIds.length
    ? await q.query<{ proposal_id: string; person_id: string; from_status: HealthStatus | null; to_status: HealthStatus; reason_enc: string }>(
      `SELECT l.proposal_id, l.person_id, l.from_status, l.to_status, l.reason_enc FROM unnest($1::uuid[]) AS s(id)
       CROSS JOIN LATERAL (SELECT * FROM status_proposal_lines WHERE proposal_id = s.id ORDER BY line LIMIT ${SHOWN_LINES}) l`, [statusIds])
    : []
  const traceIds = rows.flatMap((r) => (r.trace_id ? [r.trace_id] : []))
  const traces = traceIds.length
    ? await q.query<{ id: string; case_person_id: string }>('SELECT id, case_person_id FROM traces WHERE id = ANY($1::uuid[])', [traceIds])
    : []
  const caseOf = new Map(traces.map((t) => [t.id, t.case_person_id]))
  const personIds = [...new Set([...lines.map((l) => l.person_id), ...traces.map((t) => t.case_person_id)])]
  const persons = personIds.length
    ? await q.query<{ id: string; name_enc: string; id_card_enc: string }>(
      'SELECT id, name_enc, id_card_enc FROM persons WHERE id = ANY($1::uuid[])', [personIds])
    : []
  const personOf = new Map(persons.map((p) => [p.id, p]))
  const names = await accountNames(q, rows.flatMap((r) => [r.proposed_by, r.decided_by].filter((u): u is string => !!u)))
  const label = (office: string | null, userId: string) => changedByLabel(deps, office, names.get(userId) ?? null, userId)
  const linesOf = new Map<string, ProposalLineView[]>()
  for (const l of lines) {
    const p = personOf.get(l.person_id)
    const list = linesOf.get(l.proposal_id) ?? []
    list.push({
      personId: l.person_id,
      nameMasked: p ? maskName(decrypt(k, p.name_enc)) : '',
      idCardMasked: p ? maskIdCard(decrypt(k, p.id_card_enc)) : '',
      fromStatus: l.from_status ?? 'green',
      toStatus: l.to_status,
      reason: decrypt(k, l.reason_enc)
    })
    linesOf.set(l.proposal_id, list)
  }
  return rows.map((r) => {
    const casePerson = r.trace_id ? personOf.get(caseOf.get(r.trace_id) ?? '') : undefined
    const mine = r.proposed_by === caller.userId
    return {
      proposalId: r.id,
      kind: r.kind,
      state: r.state,
      source: r.source,
      proposedBy: label(r.proposer_office, r.proposed_by),
      proposedAt: toIso(r.created_at),
      expiresAt: toIso(r.expires_at),
      reason: decrypt(k, r.reason_enc),
      lines: linesOf.get(r.id) ?? [],
      lineCount: r.kind === 'status' ? r.line_count : 0,
      traceId: r.trace_id,
      caseNameMasked: casePerson ? maskName(decrypt(k, casePerson.name_enc)) : null,
      contactCount: r.kind === 'trace' ? r.line_count : null,
      decidedBy: r.decided_by ? label(r.decider_office, r.decided_by) : null,
      decidedAt: r.decided_at ? toIso(r.decided_at) : null,
      decisionReason: r.decision_reason_enc ? decrypt(k, r.decision_reason_enc) : null,
      emergency: r.emergency,
      canDecide: r.state === 'pending' && !mine && regionCovers(caller.regionCode, r.region_code) && r.expires_at > new Date(),
      mine
    }
  })
}

/** One proposal as the caller reads it. */
export async function proposalView(deps: Deps, q: Queryable, caller: Official, proposalId: string): Promise<ProposalView> {
  const rows = await q.query<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM status_proposals WHERE id = $1`, [proposalId])
  if (!rows.length) throw new DomainError('PROPOSAL_NOT_FOUND')
  return (await proposalViews(deps, q, caller, rows))[0]
}

/**
 * confirmTrace: proposes the confirmation of a trace in the caller's region. Twice is once: a
 * pending proposal comes back; a trace already confirmed answers the proposal that confirmed it.
 * Audited as propose_trace for the case.
 */
export async function proposeTraceConfirmation(deps: Deps, userId: string, traceId: string): Promise<Answer<'confirmTrace'>> {
  const official = await officialOf(deps.db, userId)
  await expireProposals(deps)
  return deps.db.transaction(async (tx) => {
    const { trace, casePersonId, confirmedBy } = await traceToConfirm(deps, tx, official, traceId)
    const earlier = await tx.query<ProposalRow>(
      `SELECT ${PROPOSAL_COLUMNS} FROM status_proposals WHERE trace_id = $1 AND state IN ('pending', 'approved')
       ORDER BY created_at DESC LIMIT 1`, [traceId])
    if (earlier.length) return { trace, proposal: (await proposalViews(deps, tx, official, earlier))[0] }
    if (trace.confirmedAt) {
      // Confirmed before the two-person rule: what it was, as an approved proposal without a second official.
      const reason = '确认流调结果并发出风险提示（两人复核之前）'
      const [row] = await tx.query<ProposalRow>(
        `INSERT INTO status_proposals (kind, source, state, proposed_by, proposer_office, region_code, reason_enc, reason_mac, trace_id,
           line_count, expires_at, created_at, decided_at)
         VALUES ('trace', 'manual', 'approved', $1, $2, $3, $4, $5, $6, $7, $8, $8, $8) RETURNING ${PROPOSAL_COLUMNS}`,
        [confirmedBy ?? official.userId, official.office, official.regionCode, encrypt(deps.config.dataKeys, reason),
          reasonMac(deps.config.lookupHashKey, reason), traceId, trace.contactCount, trace.confirmedAt])
      return { trace, proposal: (await proposalViews(deps, tx, official, [row]))[0] }
    }
    const reason = `确认流调结果，向${trace.contactCount}名同场人员发出风险提示`
    const [row] = await tx.query<ProposalRow>(
      `INSERT INTO status_proposals (kind, source, proposed_by, proposer_office, region_code, reason_enc, reason_mac, trace_id, line_count, expires_at)
       VALUES ('trace', 'manual', $1, $2, $3, $4, $5, $6, $7, now() + make_interval(hours => $8)) RETURNING ${PROPOSAL_COLUMNS}`,
      [official.userId, official.office, official.regionCode, encrypt(deps.config.dataKeys, reason), reasonMac(deps.config.lookupHashKey, reason),
        traceId, trace.contactCount, proposalHours(deps)])
    await recordAccess(deps, tx, official, [casePersonId], 'propose_trace', { traceId, reason })
    return { trace, proposal: (await proposalViews(deps, tx, official, [row]))[0] }
  })
}

/** 待复核: pending proposals the caller may decide, then their own; or the latest decided of both. */
export async function listProposals(deps: Deps, userId: string, state: 'pending' | 'decided' = 'pending'): Promise<Answer<'proposals'>> {
  const official = await officialOf(deps.db, userId)
  await expireProposals(deps)
  const rows = await deps.db.query<ProposalRow>(
    state === 'pending'
      ? `SELECT ${PROPOSAL_COLUMNS} FROM status_proposals
         WHERE state = 'pending' AND (starts_with(region_code, $1) OR proposed_by = $2)
         ORDER BY (proposed_by = $2), created_at, id LIMIT ${LISTED}`
      : `SELECT ${PROPOSAL_COLUMNS} FROM status_proposals
         WHERE state <> 'pending' AND (starts_with(region_code, $1) OR proposed_by = $2)
         ORDER BY decided_at DESC, id LIMIT ${LISTED}`,
    [official.regionCode, official.userId])
  return { proposals: await proposalViews(deps, deps.db, official, rows) }
}

/**
 * Approves or rejects another official's proposal with one's own reason. Of two decisions at
 * once, the row lock lets one win; the other is PROPOSAL_DECIDED. An approved status proposal
 * is applied in the proposer's name with the approver beside it; an approved trace confirmation
 * notifies its contacts and venues.
 */
export async function decideProposal(deps: Deps, userId: string,
  input: { proposalId: string; approve: boolean; reason: string }): Promise<Answer<'decideProposal'>> {
  const official = await officialOf(deps.db, userId)
  const problem = checkText(input.reason, '复核意见', 2, 200)
  if (problem) throw new DomainError('INVALID_INPUT', { reason: problem })
  const reason = input.reason.trim()
  await expireProposals(deps)
  return deps.db.transaction(async (tx) => {
    const rows = await tx.query<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM status_proposals WHERE id = $1 FOR UPDATE`, [input.proposalId])
    const p = rows[0]
    const mine = p?.proposed_by === official.userId
    if (!p || (!mine && !regionCovers(official.regionCode, p.region_code))) throw new DomainError('PROPOSAL_NOT_FOUND')
    if (p.state === 'expired' || (p.state === 'pending' && p.expires_at <= new Date())) throw new DomainError('PROPOSAL_EXPIRED')
    if (p.state !== 'pending') throw new DomainError('PROPOSAL_DECIDED')
    if (mine) throw new DomainError('PROPOSAL_OWN')
    const approver = { userId: official.userId, office: official.office }
    await tx.query(
      `UPDATE status_proposals SET state = $2, decided_by = $3, decider_office = $4, decided_at = now(),
         decision_reason_enc = $5, decision_reason_mac = $6 WHERE id = $1`,
      [p.id, input.approve ? 'approved' : 'rejected', official.userId, official.office,
        encrypt(deps.config.dataKeys, reason), reasonMac(deps.config.lookupHashKey, reason)])
    if (p.kind === 'trace') {
      const [t] = await tx.query<{ case_person_id: string }>('SELECT case_person_id FROM traces WHERE id = $1', [p.trace_id])
      if (input.approve) await applyTraceConfirmation(deps, tx, proposerOf(p), p.trace_id!)
      await recordAccess(deps, tx, official, [t.case_person_id], input.approve ? 'approve_trace' : 'reject_trace', { traceId: p.trace_id!, reason })
    } else {
      const lines = await tx.query<{ person_id: string; to_status: HealthStatus; reason_enc: string; reason_mac: string }>(
        'UPDATE status_proposal_lines SET pending = false WHERE proposal_id = $1 RETURNING line, person_id, to_status, reason_enc, reason_mac',
        [p.id])
      // Every change of one person waits for the one before (as setStatus and files lock them), in id order.
      lines.sort((a, b) => (a.person_id < b.person_id ? -1 : a.person_id > b.person_id ? 1 : 0))
      for (const part of chunks(lines)) {
        const personIds = part.map((l) => l.person_id)
        if (input.approve) {
          await tx.query('SELECT csm_lock_persons($1::uuid[])', [personIds])
          await applyStatusChanges(deps, tx,
            { personIds, statuses: part.map((l) => l.to_status), reasonEncs: part.map((l) => l.reason_enc), reasonMacs: part.map((l) => l.reason_mac) },
            { userId: p.proposed_by, office: p.proposer_office, approvedBy: approver, proposalId: p.id, emergency: false }, p.source)
        }
        await recordAccess(deps, tx, official, personIds, input.approve ? 'approve_status' : 'reject_status', { reason })
      }
    }
    return { proposal: await proposalView(deps, tx, official, p.id) }
  })
}
