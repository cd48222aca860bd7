import type { AccessAction, AccessRecordView } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { decrypt, encrypt, reasonMac } from '../crypto/personal-data'
import type { Queryable } from '../db'
import type { Deps } from './deps'
import { verifyPersonChain } from './audit-chain'
import { accountPersons } from './people'
import { accountNames } from './users'
import { toIso } from './ids'
import type { Official } from './officials'

/**
 * Citizens can read who looked at their data for this long; the retention job removes older
 * records. Longer than entries are kept, so every access to a kept entry stays visible.
 */
export const ACCESS_LOG_DAYS = 180

/**
 * The access log: every official look at a person's data, written in the same transaction as
 * the look itself, so there is no access without its record. The person reads it (谁查看了我的信息).
 * Rows go in in person order: each locks its person's audit-chain head (migration 012), and two
 * looks at overlapping people must take those locks in one order, or they deadlock.
 */
export async function recordAccess(deps: Deps, tx: Queryable, official: Official, personIds: string[], action: AccessAction,
  extra: { reason?: string; traceId?: string } = {}): Promise<void> {
  if (!personIds.length) return
  await tx.query(
    `INSERT INTO access_log (person_id, official_id, office, action, reason_enc, reason_mac, trace_id)
     SELECT DISTINCT p, $2::uuid, $3, $4, $5, $6, $7::uuid FROM unnest($1::uuid[]) p ORDER BY p`,
    [personIds, official.userId, official.office, action,
      extra.reason ? encrypt(deps.config.dataKeys, extra.reason) : null,
      extra.reason ? reasonMac(deps.config.lookupHashKey, extra.reason) : null, extra.traceId ?? null])
}

/**
 * One access record per person, each with its own reason already encrypted and fingerprinted
 * (reasonMac; a status file gives every line its reason): one statement for any number of people.
 */
export async function recordAccessEach(tx: Queryable, official: Official, personIds: string[], reasons: { encs: string[]; macs: string[] },
  action: AccessAction): Promise<void> {
  if (!personIds.length) return
  await tx.query(
    `INSERT INTO access_log (person_id, official_id, office, action, reason_enc, reason_mac)
     SELECT p, $2::uuid, $3, $4, r, m FROM unnest($1::uuid[], $5::text[], $6::text[]) AS t(p, r, m) ORDER BY p`,
    [personIds, official.userId, official.office, action, reasons.encs, reasons.macs])
}

/** The holder's and companions' access records, newest first, for the last ACCESS_LOG_DAYS days. */
export async function myAccessLog(deps: Deps, accountId: string): Promise<{ records: AccessRecordView[]; days: number }> {
  const persons = await accountPersons(deps.db, accountId)
  const found = await deps.db.query<{ id: string; person_id: string; name_enc: string; office: string; official_id: string; action: AccessRecordView['action']; reason_enc: string | null; accessed_at: Date }>(
    `SELECT a.id, a.person_id, p.name_enc, a.office, a.official_id, a.action, a.reason_enc, a.accessed_at
     FROM access_log a JOIN persons p ON p.id = a.person_id
     WHERE a.person_id = ANY($1::uuid[]) AND a.accessed_at > now() - make_interval(days => $2)
     ORDER BY a.accessed_at DESC, a.id LIMIT 500`, [persons, ACCESS_LOG_DAYS])
  // Each person's chain checked whole: a record is verified when no break shows at it, and
  // none of its chain's breaks is one that names no record (its start cut, say).
  const broken = new Set<string>()
  for (const personId of persons) {
    for (const b of await verifyPersonChain(deps.db, personId, 'access')) broken.add(b.rowId ?? `person:${personId}`)
  }
  const officials = await accountNames(deps.db, found.map((r) => r.official_id))
  const rows = found.map((r) => ({ ...r, official_name_enc: officials.get(r.official_id) ?? null }))
  const keys = deps.config.dataKeys
  return {
    days: ACCESS_LOG_DAYS,
    records: rows.map((r) => ({
      nameMasked: maskName(decrypt(keys, r.name_enc)),
      office: r.office,
      officialNameMasked: r.official_name_enc ? maskName(decrypt(keys, r.official_name_enc)) : '工作人员',
      action: r.action,
      reason: r.reason_enc ? decrypt(keys, r.reason_enc) : null,
      at: toIso(r.accessed_at),
      verified: !broken.has(r.id) && !broken.has(`person:${r.person_id}`)
    }))
  }
}
