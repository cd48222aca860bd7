import { LATE_SCAN_HOURS, type CheckInResponse, type CheckInVenue, type EntryMethod, type HealthStatus, type PersonEntry, type Relation, type StatusHidden } from '../../src/shared/api'
import { idCardLast4, maskName } from '../../src/shared/mask'
import { parseVenueCode, type VenueCodeToken } from '../../src/shared/venue-code'
import { venueTypeLabel } from '../../src/shared/venue-types'
import { verifyVenueCode } from '../crypto/code-signing'
import { decrypt } from '../crypto/personal-data'
import { prepared } from '../db'
import { raiseStatusAlerts } from './alerts'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { toIso } from './ids'
import { fullAddress } from './address'
import type { SignedIn } from './sessions'
import { regionOf } from './venues'

/**
 * A second scan of the same venue within this window is the same visit (double tap, a shaky
 * camera, the page reloaded): it returns the first entry instead of logging another.
 */
export const IDEMPOTENCY_WINDOW_MINUTES = 5

/** A row of csm_check_in (migration 010); which fields are set depends on the outcome. */
interface CheckInRow {
  outcome: 'forged' | 'revoked' | 'profile_required' | 'companion_not_found' | 'expired' | 'choose' | 'entered'
  o_venue_name: string; o_venue_type: string; o_address: string
  o_province_code: string; o_province_name: string; o_city_code: string; o_city_name: string
  o_county_code: string; o_county_name: string; o_town_code: string; o_town_name: string
  o_checkpoint_name: string
  o_person_id: string; o_entry_id: string; o_checked_in_at: Date; o_entry_checkpoint_name: string
  o_repeated: boolean; o_method: EntryMethod; o_name_enc: string; o_status: HealthStatus
  o_relation: Relation | null; o_last_chosen: boolean; o_status_hidden: StatusHidden | null
  o_entry_checkpoint_id: string; o_entry_status: HealthStatus
  o_received_at: Date
  /** The person's encrypted ID number, for the last four digits. */
  o_id_card_enc: string | null
}

const REFUSALS = {
  forged: 'VENUE_CODE_FORGED',
  revoked: 'VENUE_CODE_REVOKED',
  profile_required: 'PROFILE_REQUIRED',
  companion_not_found: 'COMPANION_NOT_FOUND',
  expired: 'SCAN_EXPIRED'
} as const

/**
 * The check-in after the signature (migrations 009, 010). The holder alone (80 % of scans) is one
 * call of csm_check_in_alone, which Citus runs on the worker that holds the holder (the statement
 * must be the bare call for Citus to delegate it); an account asked who came, or a group, is one
 * call of csm_check_in, each statement inside it routed to one person's shard. Parameters: the
 * holder, account, venue, checkpoint, code version, verified, then the window (alone) or the
 * companions, their relations, the chosen and the window (group), then the device's scan id,
 * its scan time and how many hours late a scan may come.
 */
export const CHECK_IN_ALONE = prepared('csm_check_in_alone',
  'SELECT * FROM csm_check_in_alone($1::uuid, $2::uuid, $3::text, $4::text, $5::int, $6::boolean, $7::int, $8::text, $9::timestamptz, $10::int)')
const CHECK_IN_GROUP = prepared('csm_check_in_group',
  `SELECT * FROM csm_check_in($1::uuid, $2::uuid, $3::text, $4::text, $5::int, $6::boolean, $7::uuid[], $8::text[], $9::uuid[], $10::int,
     $11::text, $12::timestamptz, $13::int)`)

/** A scan kept on the device: its id (every try of one scan carries it) and the device's scan time. */
export interface ScanOrigin { scanId?: string; scannedAt?: string }

/**
 * The scanned text as one of our signed tokens, or the refusal every reader of a code gives
 * (checkIn, codeInfo): not a link this deployment prints → FOREIGN; our link but damaged, or a
 * bad signature or unknown key → FORGED. No database access: whether the version is current is
 * the caller's question.
 */
export function signedVenueCode(deps: Deps, scanned: string): VenueCodeToken {
  const parsed = parseVenueCode(scanned, { bases: deps.config.codeLinkBases })
  // Our scheme but damaged (truncated, edited) is a tampered code, not someone else's.
  if (!parsed.ok) throw new DomainError(parsed.reason === 'malformed' ? 'VENUE_CODE_FORGED' : 'VENUE_CODE_FOREIGN')
  const signature = verifyVenueCode({ keys: deps.config.codeSigningKeys, currentKid: deps.config.codeSigningKid }, parsed.code)
  // A bad signature is refused before the database is asked anything.
  if (signature !== 'valid') throw new DomainError('VENUE_CODE_FORGED')
  return parsed.code
}

/**
 * Verifies a scanned code and logs an entry for the holder and each companion present.
 * Refusals come before any write: not a link this deployment prints (look-alike host, other
 * path or parameters) → FOREIGN; bad signature, unknown key, unknown venue or a version not
 * issued yet → FORGED; an older poster or a removed checkpoint → REVOKED; no 实名信息 →
 * PROFILE_REQUIRED; a scan time more than LATE_SCAN_HOURS back → SCAN_EXPIRED; a companion not
 * on the account's list → COMPANION_NOT_FOUND. An account with companions that has not said
 * who came is asked first.
 *
 * A scan kept on the device is judged exactly as a live one (a forged or revoked code queued
 * offline is refused on upload) and logged at its scan time, received now. A try of a scan id
 * already logged for a person answers with that entry (repeated) and writes nothing, also when
 * tries race: see migration 010.
 *
 * One round trip after the session look-up, whatever the group's size; one more when someone is
 * yellow or red (their alerts live on the venue's shard); a bad signature costs none.
 */
export async function checkIn(deps: Deps, account: SignedIn, scanned: string, companionIds?: string[],
  origin: ScanOrigin = {}): Promise<CheckInResponse> {
  const code = signedVenueCode(deps, scanned)

  const alone = companionIds === undefined ? !account.companions.length : !companionIds.length
  const common = [account.personId, account.userId, code.venueId, code.checkpointId, code.codeVersion, account.verified]
  const late = [origin.scanId ?? null, origin.scannedAt ?? null, LATE_SCAN_HOURS]
  const rows = alone
    ? await deps.db.query<CheckInRow>(CHECK_IN_ALONE, [...common, IDEMPOTENCY_WINDOW_MINUTES, ...late])
    : await deps.db.query<CheckInRow>(CHECK_IN_GROUP, [...common, account.companions.map((c) => c.personId),
      account.companions.map((c) => c.relation), companionIds ?? null, IDEMPOTENCY_WINDOW_MINUTES, ...late])
  const first = rows[0]
  if (first.outcome in REFUSALS) throw new DomainError(REFUSALS[first.outcome as keyof typeof REFUSALS])
  const venue = venueOf(code.venueId, first)
  const key = deps.config.dataKeys
  if (first.outcome === 'choose') {
    return {
      kind: 'choose',
      venue,
      // Everyone here is the caller's own family (holder and listed companions): they get the last four digits.
      holder: { nameMasked: maskName(decrypt(key, first.o_name_enc)), idLast4: idLast4(deps, first.o_id_card_enc) ?? '' },
      companions: rows.slice(1).map((r) => ({
        personId: r.o_person_id, nameMasked: maskName(decrypt(key, r.o_name_enc)), relation: r.o_relation as Relation, lastChosen: r.o_last_chosen,
        idLast4: idLast4(deps, r.o_id_card_enc) ?? ''
      }))
    }
  }
  await raiseStatusAlerts(deps, rows.map((r) => ({
    entryId: r.o_entry_id, venueId: code.venueId, checkpointId: r.o_entry_checkpoint_id, personId: r.o_person_id,
    entryStatus: r.o_entry_status, statusHidden: r.o_status_hidden, enteredAt: r.o_checked_in_at
  })))
  return {
    kind: 'entered',
    venue: { ...venue, checkpointName: first.o_entry_checkpoint_name },
    people: rows.map((r) => ({
      ...personEntry(deps, {
        person_id: r.o_person_id, entry_id: r.o_entry_id, checked_in_at: r.o_checked_in_at, repeated: r.o_repeated,
        method: r.o_method, name_enc: r.o_name_enc, status: r.o_status, status_hidden: r.o_status_hidden, id_card_enc: r.o_id_card_enc,
        received_at: r.o_received_at
      }),
      relation: r.o_relation
    }))
  }
}

function venueOf(venueId: string, r: CheckInRow): CheckInVenue {
  return {
    id: venueId,
    name: r.o_venue_name,
    fullAddress: fullAddress(regionOf({
      province_code: r.o_province_code, province_name: r.o_province_name, city_code: r.o_city_code, city_name: r.o_city_name,
      county_code: r.o_county_code, county_name: r.o_county_name, town_code: r.o_town_code, town_name: r.o_town_name
    }), r.o_address),
    typeLabel: venueTypeLabel(r.o_venue_type),
    checkpointName: r.o_checkpoint_name
  }
}

interface LoggedRow {
  person_id: string; entry_id: string; checked_in_at: Date; repeated: boolean
  method: EntryMethod; name_enc: string; status: HealthStatus; status_hidden: StatusHidden | null
  id_card_enc: string | null
  received_at: Date
}

function idLast4(deps: Deps, idCardEnc: string | null): string | null {
  return idCardEnc ? idCardLast4(decrypt(deps.config.dataKeys, idCardEnc)) : null
}

/**
 * What the person sees of an entry: the name masked, the status now, unless it may not be shown.
 * Only the caller's own answer carries it (the holder's group, or the inspector's one registration),
 * so the last four ID digits go with it.
 */
function personEntry(deps: Deps, r: LoggedRow): Omit<PersonEntry, 'relation'> {
  return {
    personId: r.person_id,
    entryId: r.entry_id,
    nameMasked: maskName(decrypt(deps.config.dataKeys, r.name_enc)),
    idLast4: idLast4(deps, r.id_card_enc),
    healthStatus: r.status_hidden ? null : r.status,
    statusHidden: r.status_hidden,
    method: r.method,
    checkedInAt: toIso(r.checked_in_at),
    repeated: r.repeated,
    receivedAt: toIso(r.received_at)
  }
}

export interface LoggedEntry { entry: Omit<PersonEntry, 'relation'>; checkpointName: string }

/**
 * csm_log_entries (migration 010): the people of one scan, each on their own shard, now. An
 * inspector's 辅助登记 is live: no device scan id or scan time.
 */
const LOG_ENTRIES = prepared('csm_log_entries',
  'SELECT * FROM csm_log_entries($1::uuid, $2::text, $3::text, $4::uuid[], $5::text[], $6::uuid, $7::int, $8::text, NULL, NULL, false)')

/**
 * Logs entries for a group in one round trip (csm_log_entries, migration 010): per person, a
 * scan within the idempotency window returns the entry already made instead of a second row,
 * also when two phones scan for the same person at the same instant. Yellow or red at the door
 * alerts the venue's staff and the region's officials (one more statement). Results follow
 * `people`.
 */
export async function logEntries(deps: Deps, args: {
  accountId: string; venueId: string; checkpointId: string; inspectorId?: string
  people: Array<{ personId: string; method: EntryMethod }>
  /** Why these entries' colour may not be shown (to the caller, and at the venue's gate). */
  statusHidden?: StatusHidden | null
}): Promise<LoggedEntry[]> {
  const rows = await deps.db.query<LoggedRow & { checkpoint_name: string; checkpoint_id: string; entry_status: HealthStatus }>(LOG_ENTRIES, [
    args.accountId, args.venueId, args.checkpointId, args.people.map((p) => p.personId),
    args.people.map((p) => p.method), args.inspectorId ?? null, IDEMPOTENCY_WINDOW_MINUTES, args.statusHidden ?? null])
  await raiseStatusAlerts(deps, rows.map((r) => ({
    entryId: r.entry_id, venueId: args.venueId, checkpointId: r.checkpoint_id, personId: r.person_id,
    entryStatus: r.entry_status, statusHidden: r.status_hidden, enteredAt: r.checked_in_at
  })))
  const byPerson = new Map(rows.map((r) => [r.person_id, r]))
  return args.people.map(({ personId }) => {
    const r = byPerson.get(personId)!
    return { checkpointName: r.checkpoint_name, entry: personEntry(deps, r) }
  })
}
