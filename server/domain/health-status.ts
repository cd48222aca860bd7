import type { HealthStatus, OfficialActions, OfficialPersonView, ProposalView, StatusChangeView } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { ASSISTED_RULES, normalizePerson, personErrors } from '../../src/shared/person-form'
import { checkIdCard, normalizeIdCard } from '../../src/shared/validators'
import { decrypt, decryptOptional } from '../crypto/personal-data'
import type { Queryable } from '../db'
import { recordAccess } from './access-log'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { toIso } from './ids'
import { assertPersonInRegion, countyInRegion, officialOf, venueInRegionSql } from './officials'
import { findOrCreatePerson, idCardHash, idRegionOf } from './people'
import { statusReasonError } from './status-csv'
import { recordStatusNotifications } from './status-messages'
import { personIdOf } from './person-keys'
import { expireProposals, proposalView, proposeStatusChanges } from './proposals'
import { accountNames } from './users'

type Answer<A extends keyof OfficialActions> = OfficialActions[A][1]

/** The caller's appointment and how many alerts of the region are open. */
export async function officialScopeView(deps: Deps, userId: string): Promise<Answer<'scope'>> {
  const official = await officialOf(deps.db, userId)
  const [{ n }] = await deps.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM alerts a JOIN venues v ON v.id = a.venue_id
     WHERE a.closed_at IS NULL AND ${venueInRegionSql(1)}`, [official.regionCode])
  const { regionCode, regionName, office } = official
  return { scope: { regionCode, regionName, office }, openAlerts: n }
}

interface PersonRow {
  id: string
  id_card_enc: string
  name_enc: string
  phone_enc: string | null
  id_region: string | null
}

/**
 * The person with this ID number, or null. `lock` takes the row for the status change: every
 * change of one person's status waits for the one before, so each records the right old status.
 * NO KEY UPDATE leaves check-ins (which only reference the row) unblocked.
 */
export async function personByIdCard(deps: Deps, tx: Queryable, idCard: string, lock = false): Promise<PersonRow | null> {
  const personId = await personIdOf(tx, idCardHash(deps, idCard))
  if (!personId) return null
  const rows = await tx.query<PersonRow>(
    `SELECT id, id_card_enc, name_enc, phone_enc, id_region FROM persons WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [personId])
  const row = rows[0]
  if (!row) return null
  // Recorded before the county was stored (migration 005): the scope check needs it.
  if (!row.id_region) {
    await tx.query('UPDATE persons SET id_region = $2 WHERE id = $1', [row.id, idRegionOf(idCard)])
    row.id_region = idRegionOf(idCard)
  }
  return row
}

function validIdCard(raw: string): string {
  const problem = checkIdCard(raw)
  if (problem) throw new DomainError('INVALID_INPUT', { idCard: problem })
  return normalizeIdCard(raw)
}

/** "济南市疫情防控指挥部 赵*": who changed a status, as an official reads the history. */
export function changedByLabel(deps: Deps, office: string | null, officialNameEnc: string | null, changedBy: string | null): string {
  if (!changedBy) return '系统'
  const name = officialNameEnc ? maskName(decrypt(deps.config.dataKeys, officialNameEnc)) : '工作人员'
  return office ? `${office} ${name}` : name
}

/** The person in full, with the history of their status newest first: what an official in scope reads. */
async function personAnswer(deps: Deps, tx: Queryable, personId: string): Promise<{ person: OfficialPersonView; history: StatusChangeView[] }> {
  const k = deps.config.dataKeys
  const [p] = await tx.query<PersonRow & { status: HealthStatus | null; updated_at: Date | null }>(
    `SELECT p.id, p.id_card_enc, p.name_enc, p.phone_enc, p.id_region, h.status, h.updated_at
     FROM persons p LEFT JOIN health_status h ON h.person_id = p.id WHERE p.id = $1`, [personId])
  const changes = await tx.query<{ old_status: HealthStatus | null; new_status: HealthStatus; reason_enc: string; office: string | null;
    changed_by: string | null; approved_by: string | null; approver_office: string | null; emergency: boolean;
    source: StatusChangeView['source']; changed_at: Date }>(
    `SELECT c.old_status, c.new_status, c.reason_enc, c.office, c.changed_by, c.approved_by, c.approver_office, c.emergency, c.source, c.changed_at
     FROM status_changes c WHERE c.person_id = $1 ORDER BY c.changed_at DESC, c.id LIMIT 200`, [personId])
  const officials = await accountNames(tx, changes.flatMap((c) => [c.changed_by, c.approved_by].filter((u): u is string => !!u)))
  const nameOf = (u: string | null) => (u ? officials.get(u) ?? null : null)
  return {
    person: {
      personId: p.id,
      name: decrypt(k, p.name_enc),
      idCard: decrypt(k, p.id_card_enc),
      phone: decryptOptional(k, p.phone_enc),
      // No record means nobody has flagged this person: the default code is green.
      healthStatus: p.status ?? 'green',
      statusUpdatedAt: p.updated_at ? toIso(p.updated_at) : null
    },
    history: changes.map((c) => ({
      oldStatus: c.old_status,
      newStatus: c.new_status,
      reason: decrypt(k, c.reason_enc),
      changedBy: changedByLabel(deps, c.office, nameOf(c.changed_by), c.changed_by),
      approvedBy: c.approved_by ? changedByLabel(deps, c.approver_office, nameOf(c.approved_by), c.approved_by) : null,
      emergency: c.emergency,
      source: c.source,
      changedAt: toIso(c.changed_at)
    }))
  }
}

/** A person by ID number, in scope only; audited as view_person. */
export async function officialPerson(deps: Deps, userId: string, rawIdCard: string): Promise<Answer<'person'>> {
  const official = await officialOf(deps.db, userId)
  const idCard = validIdCard(rawIdCard)
  return deps.db.transaction(async (tx) => {
    const row = await personByIdCard(deps, tx, idCard)
    if (!row) throw new DomainError('PERSON_NOT_FOUND')
    await assertPersonInRegion(tx, row.id, official.regionCode, deps.config.rules.entryRetentionDays)
    await recordAccess(deps, tx, official, [row.id], 'view_person')
    return personAnswer(deps, tx, row.id)
  })
}

/** Who made a change: the proposer, the second official who approved it (none on the emergency path) and the proposal. */
export interface StatusChangeBy {
  userId: string
  office: string
  approvedBy: { userId: string; office: string } | null
  proposalId: string | null
  emergency: boolean
}

/**
 * Writes status changes of people already locked by the caller, in one statement: the old status
 * is read in that statement's snapshot, taken after the locks, so concurrent changes chain. The
 * time is the clock's, not the transaction's start: a change that waited for another is later.
 * Every line is history and leaves a status record (so the next change's old status is known);
 * only a different status (no record counting as green) is a change, and its holder (or the
 * family that speaks for them) gets a message (status-messages.ts). Returns how many changed.
 * Only an approved proposal (server/domain/proposals.ts) or the emergency path calls this.
 */
export async function applyStatusChanges(deps: Deps, tx: Queryable,
  changes: { personIds: string[]; statuses: HealthStatus[]; reasonEncs: string[]; reasonMacs: string[] },
  by: StatusChangeBy, source: StatusChangeView['source']): Promise<number> {
  const [{ changed, ids }] = await tx.query<{ changed: number; ids: string[] | null }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(person_id, status, reason_enc, reason_mac)
     ), clock AS MATERIALIZED (
       -- Read once: the status and its history carry the same instant, whichever CTE runs first.
       SELECT clock_timestamp() AS t
     ), old AS (
       SELECT i.person_id, i.status, i.reason_enc, i.reason_mac, h.status AS old_status,
              coalesce(h.status, 'green') <> i.status AS changed
       FROM input i LEFT JOIN health_status h ON h.person_id = i.person_id
     ), up AS (
       INSERT INTO health_status (person_id, status, updated_at)
       SELECT person_id, status, (SELECT t FROM clock) FROM old WHERE old_status IS DISTINCT FROM status
       ON CONFLICT (person_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
     ), hist AS (
       INSERT INTO status_changes (person_id, old_status, new_status, reason_enc, reason_mac, changed_by, office, source, changed_at,
                                   approved_by, approver_office, proposal_id, emergency)
       SELECT person_id, old_status, status, reason_enc, reason_mac, $5, $6, $7, (SELECT t FROM clock), $8, $9, $10, $11 FROM old
       RETURNING id
     )
     SELECT count(*) FILTER (WHERE changed)::int AS changed, (SELECT array_agg(id) FROM hist) AS ids FROM old`,
    [changes.personIds, changes.statuses, changes.reasonEncs, changes.reasonMacs, by.userId, by.office, source,
      by.approvedBy?.userId ?? null, by.approvedBy?.office ?? null, by.proposalId, by.emergency])
  // The person is told (issue 20): the messages are written with the change, so a rolled-back approval tells nobody.
  await recordStatusNotifications(deps, tx, changes.personIds, ids ?? [])
  return changed
}

/**
 * Proposes a change of one person's status with a reason (two-person rule): nothing changes until
 * a second official approves it (server/domain/proposals.ts). With `emergency`, only where the
 * deployment turned STATUS_EMERGENCY_PATH on, it applies at once, marked 紧急. A status the
 * person already has proposes nothing (proposal null); the look is audited as view_person.
 */
export async function setPersonStatus(deps: Deps, userId: string,
  raw: { idCard: string; name: string; status: HealthStatus; reason: string; emergency?: boolean }): Promise<Answer<'setStatus'>> {
  const official = await officialOf(deps.db, userId)
  if (raw.emergency && !deps.config.statusEmergencyPath) throw new DomainError('EMERGENCY_PATH_DISABLED')
  const fields: Record<string, string> = { ...personErrors({ idCard: raw.idCard, name: raw.name }, ASSISTED_RULES) }
  const reasonProblem = statusReasonError(raw.reason)
  if (reasonProblem) fields.reason = reasonProblem
  if (Object.keys(fields).length) throw new DomainError('INVALID_INPUT', fields)
  const { idCard, name } = normalizePerson({ idCard: raw.idCard, name: raw.name }) as { idCard: string; name: string }
  const reason = raw.reason.trim()
  // A proposal past its time no longer holds the person (PROPOSAL_PENDING).
  await expireProposals(deps)
  return deps.db.transaction(async (tx) => {
    let row = await personByIdCard(deps, tx, idCard, true)
    if (!row) {
      // Someone new to the system: only the office of the county on their ID card may register them.
      if (!countyInRegion(idRegionOf(idCard), official.regionCode)) throw new DomainError('PERSON_OUT_OF_SCOPE')
      await findOrCreatePerson(deps, tx, { idCard, name }, null)
      row = (await personByIdCard(deps, tx, idCard, true))!
    } else {
      if (decrypt(deps.config.dataKeys, row.name_enc) !== name) {
        throw new DomainError('PERSON_NAME_MISMATCH', { name: '与该身份证号码已登记的姓名不一致' })
      }
      await assertPersonInRegion(tx, row.id, official.regionCode, deps.config.rules.entryRetentionDays)
    }
    const [current] = await tx.query<{ status: HealthStatus }>('SELECT status FROM health_status WHERE person_id = $1', [row.id])
    const from = current?.status ?? null
    let proposal: ProposalView | null = null
    if ((from ?? 'green') === raw.status) {
      await recordAccess(deps, tx, official, [row.id], 'view_person')
    } else {
      const proposalId = await proposeStatusChanges(deps, tx, official, {
        source: 'manual', reason, emergency: !!raw.emergency,
        lines: [{ personId: row.id, fromStatus: from, toStatus: raw.status, reason }]
      })
      proposal = await proposalView(deps, tx, official, proposalId)
    }
    return { ...await personAnswer(deps, tx, row.id), proposal }
  })
}
