import type { CheckInResponse, CheckInVenue, EntryMethod, HealthStatus, PersonEntry, Relation } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { parseVenueCode } from '../../src/shared/venue-code'
import { venueTypeLabel } from '../../src/shared/venue-types'
import { verifyVenueCode } from '../crypto/code-signing'
import type { Deps } from './deps'
import { codeVerdict } from './code-verdict'
import { DomainError } from './errors'
import { toIso } from './ids'
import { fullAddress } from './regions'
import { decrypt } from '../crypto/personal-data'
import { regionOf } from './venues'
import { raiseStatusAlerts } from './alerts'

/**
 * A second scan of the same venue within this window is the same visit (double tap, a shaky
 * camera, the page reloaded): it returns the first entry instead of logging another.
 */
export const IDEMPOTENCY_WINDOW_MINUTES = 5

interface Target {
  venue_id: string
  checkpoint_id: string
  checkpoint_name: string
  code_version: number
  name: string
  type: string
  address: string
  province_code: string; province_name: string
  city_code: string; city_name: string
  county_code: string; county_name: string
  town_code: string; town_name: string
}

/**
 * Verifies a scanned code and logs an entry for the holder and each companion present.
 * Refusals come before any write: not a link this deployment prints (look-alike host, other
 * path or parameters) → FOREIGN; bad signature, unknown key or unknown venue → FORGED; an older
 * poster or a removed checkpoint → REVOKED; no 实名信息 → PROFILE_REQUIRED; a companion not on the account's list →
 * COMPANION_NOT_FOUND. An account with companions that has not said who came is asked first.
 *
 * Round trips (with the session look-up before it): the target with the account's people, then
 * one call that locks, checks and inserts for the whole group — 3, whatever the group's size.
 */
export async function checkIn(deps: Deps, accountId: string, scanned: string, companionIds?: string[]): Promise<CheckInResponse> {
  const parsed = parseVenueCode(scanned, { bases: deps.config.codeLinkBases })
  // Our scheme but damaged (truncated, edited) is a tampered code, not someone else's.
  if (!parsed.ok) throw new DomainError(parsed.reason === 'malformed' ? 'VENUE_CODE_FORGED' : 'VENUE_CODE_FOREIGN')
  const code = parsed.code
  const signature = verifyVenueCode({ keys: deps.config.codeSigningKeys, currentKid: deps.config.codeSigningKid }, code)
  // A bad signature is refused before the database is asked anything.
  if (signature !== 'valid') throw new DomainError('VENUE_CODE_FORGED')

  const targets = await deps.db.query<Target & { removed: boolean; holder_id: string | null; companion_ids: string[]; companion_relations: Relation[] }>(
    `SELECT c.venue_id, c.id AS checkpoint_id, c.name AS checkpoint_name, c.code_version, c.removed_at IS NOT NULL AS removed,
            v.name, v.type, v.address, v.province_code, v.province_name, v.city_code, v.city_name,
            v.county_code, v.county_name, v.town_code, v.town_name,
            (SELECT person_id FROM users WHERE id = $3) AS holder_id,
            ARRAY(SELECT person_id FROM companions WHERE account_id = $3 ORDER BY created_at, person_id) AS companion_ids,
            ARRAY(SELECT relation FROM companions WHERE account_id = $3 ORDER BY created_at, person_id) AS companion_relations
     FROM checkpoints c JOIN venues v ON v.id = c.venue_id
     WHERE c.id = $1 AND c.venue_id = $2`, [code.checkpointId, code.venueId, accountId])
  const t = targets[0]
  const verdict = codeVerdict(signature, t ? t.code_version : null, code.codeVersion)
  if (verdict === 'forged') throw new DomainError('VENUE_CODE_FORGED')
  // A removed checkpoint's posters are revoked, like those of an older version.
  if (verdict === 'revoked' || t.removed) throw new DomainError('VENUE_CODE_REVOKED')
  if (!t.holder_id) throw new DomainError('PROFILE_REQUIRED')
  const venue = venueOf(t)

  if (companionIds === undefined && t.companion_ids.length) {
    return { kind: 'choose', venue, ...await choices(deps, accountId) }
  }
  const chosen = companionIds ?? []
  if (chosen.some((id) => !t.companion_ids.includes(id))) throw new DomainError('COMPANION_NOT_FOUND')
  const order = [t.holder_id, ...t.companion_ids.filter((id) => chosen.includes(id))]
  const logged = await logEntries(deps, {
    accountId, venueId: t.venue_id, checkpointId: t.checkpoint_id,
    people: order.map((personId, i) => ({ personId, method: i === 0 ? 'self' : 'companion' }))
  })
  const relations = new Map(t.companion_ids.map((id, i) => [id, t.companion_relations[i]]))
  return {
    kind: 'entered',
    venue: { ...venue, checkpointName: logged[0].checkpointName },
    people: logged.map((e) => ({ ...e.entry, relation: relations.get(e.entry.personId) ?? null }))
  }
}

function venueOf(t: Target): CheckInVenue {
  return {
    id: t.venue_id,
    name: t.name,
    fullAddress: fullAddress(regionOf(t), t.address),
    typeLabel: venueTypeLabel(t.type),
    checkpointName: t.checkpoint_name
  }
}

/** The holder and the account's companions, those who came along on the last scan preselected. */
async function choices(deps: Deps, accountId: string): Promise<{ holder: { nameMasked: string }; companions: Array<{ personId: string; nameMasked: string; relation: Relation; lastChosen: boolean }> }> {
  const rows = await deps.db.query<{ person_id: string; name_enc: string; relation: Relation | null; last_chosen: boolean }>(
    `WITH last_scan AS (
       SELECT scan_id FROM entries WHERE account_id = $1 AND method IN ('self', 'companion')
       ORDER BY checked_in_at DESC LIMIT 1
     )
     SELECT p.id AS person_id, p.name_enc, NULL AS relation, false AS last_chosen, 0 AS ord, u.created_at
     FROM users u JOIN persons p ON p.id = u.person_id WHERE u.id = $1
     UNION ALL
     SELECT p.id, p.name_enc, c.relation,
            EXISTS (SELECT 1 FROM entries e WHERE e.scan_id = (SELECT scan_id FROM last_scan) AND e.person_id = c.person_id),
            1, c.created_at
     FROM companions c JOIN persons p ON p.id = c.person_id WHERE c.account_id = $1
     ORDER BY ord, created_at, person_id`, [accountId])
  const key = deps.config.dataKeys
  const [holder, ...companions] = rows
  return {
    holder: { nameMasked: maskName(decrypt(key, holder.name_enc)) },
    companions: companions.map((r) => ({
      personId: r.person_id, nameMasked: maskName(decrypt(key, r.name_enc)), relation: r.relation as Relation, lastChosen: r.last_chosen
    }))
  }
}

export interface LoggedEntry { entry: Omit<PersonEntry, 'relation'>; checkpointName: string }

/**
 * Logs entries for a group in one round trip (csm_log_entries, migration 003): per person, a
 * scan within the idempotency window returns the entry already made instead of a second row,
 * also when two phones scan for the same person at the same instant. Results follow `people`.
 */
export async function logEntries(deps: Deps, args: {
  accountId: string; venueId: string; checkpointId: string; inspectorId?: string
  people: Array<{ personId: string; method: EntryMethod }>
}): Promise<LoggedEntry[]> {
  const rows = await deps.db.query<{
    person_id: string; entry_id: string; checked_in_at: Date; checkpoint_name: string; repeated: boolean
    method: EntryMethod; name_enc: string; status: HealthStatus
  }>('SELECT * FROM csm_log_entries($1, $2, $3, $4::uuid[], $5::text[], $6, $7)', [
    args.accountId, args.venueId, args.checkpointId, args.people.map((p) => p.personId), args.people.map((p) => p.method),
    args.inspectorId ?? null, IDEMPOTENCY_WINDOW_MINUTES])
  // Yellow or red at the door: the venue's staff and the region's officials are alerted. Asked
  // again on a repeated scan too, which heals an alert a crash lost; green costs no round trip.
  const abnormal = rows.filter((r) => r.status !== 'green').map((r) => r.entry_id)
  if (abnormal.length) await raiseStatusAlerts(deps, abnormal)
  const byPerson = new Map(rows.map((r) => [r.person_id, r]))
  return args.people.map(({ personId }) => {
    const r = byPerson.get(personId)!
    return {
      checkpointName: r.checkpoint_name,
      entry: {
        personId,
        entryId: r.entry_id,
        nameMasked: maskName(decrypt(deps.config.dataKeys, r.name_enc)),
        healthStatus: r.status,
        method: r.method,
        checkedInAt: toIso(r.checked_in_at),
        repeated: r.repeated
      }
    }
  })
}
