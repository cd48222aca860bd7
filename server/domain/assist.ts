import type { AssistedPerson, AssistVenue, CheckInVenue, PersonEntry, PersonInput } from '../../src/shared/api'
import { maskIdCard, maskName } from '../../src/shared/mask'
import { ASSISTED_RULES, normalizePerson, personErrors } from '../../src/shared/person-form'
import { venueTypeLabel } from '../../src/shared/venue-types'
import { decrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import { logEntries } from './check-in'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { toIso } from './ids'
import { findOrCreatePerson } from './people'
import { fullAddress } from './address'
import { STAFF_VENUES_SQL } from './venue-access'
import { regionOf } from './venues'
import { rememberAccountPerson } from './person-keys'

/**
 * 辅助登记: an inspector registers a person with no phone at a checkpoint of their venue. The
 * venue's admin may act as its inspector.
 */

/** "Picked from people they registered in the last 7 days." */
export const RECENT_ASSISTED_DAYS = 7


/**
 * The caller's venues and checkpoints, and where they last registered someone: opened from home,
 * the form starts at that checkpoint instead of asking every time. Read from the inspector's own
 * assisted entries, so it follows the account to any phone and needs nothing stored.
 */
export async function assistVenues(deps: Deps, userId: string): Promise<{ venues: AssistVenue[]; last: { venueId: string; checkpointId: string } | null }> {
  const lastRows = deps.db.query<{ venue_id: string; checkpoint_id: string }>(
    `SELECT e.venue_id, e.checkpoint_id FROM entries e
     WHERE e.inspector_id = $1 AND e.checked_in_at > now() - make_interval(days => ${RECENT_ASSISTED_DAYS})
     ORDER BY e.checked_in_at DESC LIMIT 1`, [userId])
  const rows = await deps.db.query<{ id: string; name: string; address: string; checkpoints: Array<{ id: string; name: string }> } & Parameters<typeof regionOf>[0]>(
    `SELECT v.id, v.name, v.address, v.province_code, v.province_name, v.city_code, v.city_name,
            v.county_code, v.county_name, v.town_code, v.town_name,
            (SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.created_at, c.id)
             FROM checkpoints c WHERE c.venue_id = v.id AND c.removed_at IS NULL) AS checkpoints
     FROM venues v WHERE v.id IN (${STAFF_VENUES_SQL}) ORDER BY v.created_at, v.id`, [userId])
  const [last] = await lastRows
  return {
    venues: rows.map((r) => ({
      venueId: r.id, name: r.name, fullAddress: fullAddress(regionOf(r), r.address), checkpoints: r.checkpoints ?? []
    })),
    last: last ? { venueId: last.venue_id, checkpointId: last.checkpoint_id } : null
  }
}

export async function recentAssisted(deps: Deps, userId: string): Promise<{ people: AssistedPerson[]; days: number }> {
  const rows = await deps.db.query<{ person_id: string; name_enc: string; id_card_enc: string; last_at: Date }>(
    `SELECT p.id AS person_id, p.name_enc, p.id_card_enc, r.last_at
     FROM (SELECT person_id, max(checked_in_at) AS last_at FROM entries
           WHERE inspector_id = $1 AND checked_in_at > now() - make_interval(days => ${RECENT_ASSISTED_DAYS})
           GROUP BY person_id) r
     JOIN persons p ON p.id = r.person_id
     ORDER BY r.last_at DESC LIMIT 50`, [userId])
  const k = deps.config.dataKeys
  return {
    people: rows.map((r) => ({
      personId: r.person_id,
      nameMasked: maskName(decrypt(k, r.name_enc)),
      idCardMasked: maskIdCard(decrypt(k, r.id_card_enc)),
      lastAt: toIso(r.last_at)
    })),
    days: RECENT_ASSISTED_DAYS
  }
}

type Checkpoint = Parameters<typeof regionOf>[0] & {
  venue_id: string; checkpoint_id: string; checkpoint_name: string; name: string; type: string; address: string; allowed: boolean
  approved: boolean
}

async function checkpointFor(tx: Queryable, userId: string, venueId: string, checkpointId: string): Promise<Checkpoint> {
  const rows = await tx.query<Checkpoint>(
    `SELECT c.venue_id, c.id AS checkpoint_id, c.name AS checkpoint_name, v.name, v.type, v.address,
            v.province_code, v.province_name, v.city_code, v.city_name, v.county_code, v.county_name, v.town_code, v.town_name,
            v.id IN (${STAFF_VENUES_SQL}) AS allowed, v.review_status = 'approved' AS approved
     FROM venues v LEFT JOIN checkpoints c ON c.venue_id = v.id AND c.id = $3 AND c.removed_at IS NULL
     WHERE v.id = $2`, [userId, venueId, checkpointId])
  if (!rows.length) throw new DomainError('VENUE_NOT_FOUND')
  // Permission before anything else: an outsider learns nothing about the venue's checkpoints.
  if (!rows[0].allowed) throw new DomainError('NOT_VENUE_INSPECTOR')
  if (!rows[0].checkpoint_id) throw new DomainError('CHECKPOINT_NOT_FOUND')
  return rows[0]
}

export type AssistRequest = { venueId: string; checkpointId: string } & ({ personId: string } | PersonInput)

/**
 * Registers the person and shows their status, only at a venue an official of the region has
 * approved (场所审核): anyone can apply for a venue, and an inspector's form must not become a
 * colour look-up for any ID number. Each assisted entry is in the person's 谁查看了我的信息, and
 * one inspector makes at most `assistDailyCap` of them in a China day.
 */
export async function registerAssisted(deps: Deps, inspectorId: string, req: AssistRequest): Promise<{ venue: CheckInVenue; entry: PersonEntry }> {
  const cp = await checkpointFor(deps.db, inspectorId, req.venueId, req.checkpointId)
  const [{ today }] = await deps.db.query<{ today: number }>(
    `SELECT count(*)::int AS today FROM entries
     WHERE inspector_id = $1 AND checked_in_at >= (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`,
    [inspectorId])
  if (today >= deps.config.assistDailyCap) throw new DomainError('ASSIST_DAILY_LIMIT')
  let personId: string
  if ('personId' in req) {
    const recent = await deps.db.query(
      `SELECT 1 FROM entries WHERE inspector_id = $1 AND person_id = $2
         AND checked_in_at > now() - make_interval(days => ${RECENT_ASSISTED_DAYS}) LIMIT 1`, [inspectorId, req.personId])
    if (!recent.length) throw new DomainError('ASSISTED_PERSON_NOT_FOUND')
    personId = req.personId
  } else {
    const fields = personErrors(req, ASSISTED_RULES, ['name', 'idCard', 'phone'])
    if (Object.keys(fields).length) throw new DomainError('INVALID_INPUT', fields)
    const input = normalizePerson(req)
    // An inspector never renames anyone: a different name on record is refused.
    personId = await deps.db.transaction((tx) => findOrCreatePerson(deps, tx, input, null))
  }
  const [logged] = await logEntries(deps, {
    accountId: inspectorId, venueId: cp.venue_id, checkpointId: cp.checkpoint_id, inspectorId,
    people: [{ personId, method: 'assisted' }], statusHidden: cp.approved ? null : 'venue_unreviewed'
  })
  await rememberAccountPerson(deps.db, inspectorId, personId)
  if (!logged.entry.repeated) {
    await deps.db.query(
      `INSERT INTO access_log (person_id, official_id, office, action) VALUES ($1, $2, $3, 'assisted_entry')`,
      [personId, inspectorId, `${cp.name} ${logged.checkpointName}`])
  }
  return {
    venue: {
      id: cp.venue_id,
      name: cp.name,
      fullAddress: fullAddress(regionOf(cp), cp.address),
      typeLabel: venueTypeLabel(cp.type),
      checkpointName: logged.checkpointName
    },
    entry: { ...logged.entry, relation: null }
  }
}
