import type { GateEntry, GateVenue, HandoverView, HealthStatus, EntryMethod, StatusHidden, VenueRole } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { isAbnormalTemperature, TEMPERATURE_ABNORMAL_FROM, temperatureError } from '../../src/shared/temperature'
import { decrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import { raiseTemperatureAlert } from './alerts'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { toIso } from './ids'
import { assertNotLimited, DECLARATION_CODE_LIMIT, recordFailure } from './rate-limit'
import { fullAddress } from './regions'
import { UNNAMED_USER } from './users'
import { pendingHandovers } from './venue-admin'
import { assertVenueStaff, STAFF_VENUES_SQL } from './venue-access'
import { regionOf } from './venues'

/**
 * The gate (seed 004, 检测员操作指引): binding with the 场所申报码, the latest entries at a
 * checkpoint for the inspector to check at a glance, and 体温检测.
 */

/** The inspector's screen shows entries of the last this many hours. */
export const GATE_FEED_HOURS = 12
/** Most entries the screen lists (abnormal ones first, so none of those is cut off first). */
export const GATE_FEED_LIMIT = 100

type VenueWithCheckpoints = Parameters<typeof regionOf>[0] & {
  id: string; name: string; address: string; role: VenueRole; checkpoints: Array<{ id: string; name: string }> | null
}

const VENUE_COLUMNS = `v.id, v.name, v.address, v.province_code, v.province_name, v.city_code, v.city_name,
  v.county_code, v.county_name, v.town_code, v.town_name,
  CASE WHEN v.admin_user_id = $1 THEN 'admin' ELSE 'inspector' END AS role,
  (SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.created_at, c.id)
   FROM checkpoints c WHERE c.venue_id = v.id AND c.removed_at IS NULL) AS checkpoints`

function toGateVenue(r: VenueWithCheckpoints): GateVenue {
  return { venueId: r.id, name: r.name, fullAddress: fullAddress(regionOf(r), r.address), role: r.role, checkpoints: r.checkpoints ?? [] }
}

/**
 * 绑定场所 with the 6-digit code the admin shared. Wrong codes count against the account and the
 * address (DECLARATION_CODE_LIMIT); a code of the caller's own venue, or one already bound,
 * answers the venue again.
 */
export async function bindWithDeclarationCode(deps: Deps, userId: string, code: string, address: string | null): Promise<{ venue: GateVenue }> {
  if (!/^[0-9]{6}$/.test(code)) throw new DomainError('INVALID_INPUT', { declarationCode: '请输入6位数字场所申报码' })
  const who = { account: userId, address }
  await assertNotLimited(deps.db, DECLARATION_CODE_LIMIT, who)
  const [me] = await deps.db.query<{ person_id: string | null; verified: boolean }>(
    'SELECT person_id, verified_at IS NOT NULL AS verified FROM users WHERE id = $1', [userId])
  // An inspector sees names at the gate and registers people: the admin must be able to tell
  // who bound, and a typed name proves nothing.
  if (!me.person_id) throw new DomainError('BIND_PROFILE_REQUIRED')
  if (!me.verified) throw new DomainError('IDENTITY_UNVERIFIED')
  const found = await deps.db.query<{ id: string; admin_user_id: string }>('SELECT id, admin_user_id FROM venues WHERE declaration_code = $1', [code])
  if (!found.length) {
    await recordFailure(deps.db, DECLARATION_CODE_LIMIT, who)
    throw new DomainError('DECLARATION_CODE_INVALID')
  }
  const venueId = found[0].id
  if (found[0].admin_user_id !== userId) {
    await deps.db.query('INSERT INTO venue_inspectors (venue_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [venueId, userId])
  }
  const [row] = await deps.db.query<VenueWithCheckpoints>(`SELECT ${VENUE_COLUMNS} FROM venues v WHERE v.id = $2`, [userId, venueId])
  return { venue: toGateVenue(row) }
}

/** 解除绑定 by the inspector; a handover offered to them lapses with it. */
export async function leaveVenue(deps: Deps, userId: string, venueId: string): Promise<{ left: true }> {
  await deps.db.transaction(async (tx) => {
    const gone = await tx.query('DELETE FROM venue_inspectors WHERE venue_id = $1 AND user_id = $2 RETURNING venue_id', [venueId, userId])
    if (!gone.length) throw new DomainError('INSPECTOR_NOT_FOUND')
    await tx.query('DELETE FROM venue_handovers WHERE venue_id = $1 AND to_user_id = $2', [venueId, userId])
  })
  return { left: true }
}

export async function gateVenues(deps: Deps, userId: string): Promise<{ venues: GateVenue[]; handovers: HandoverView[] }> {
  const [rows, handovers] = await Promise.all([
    deps.db.query<VenueWithCheckpoints>(
      `SELECT ${VENUE_COLUMNS} FROM venues v WHERE v.id IN (${STAFF_VENUES_SQL}) ORDER BY v.created_at, v.id`, [userId]),
    pendingHandovers(deps, 'h.to_user_id = $1', [userId])
  ])
  return { venues: rows.map(toGateVenue), handovers }
}

interface GateRow {
  id: string; name_enc: string | null; status: HealthStatus; status_hidden: StatusHidden | null; method: EntryMethod; checkpoint_id: string; checkpoint_name: string
  checked_in_at: Date; temperature_celsius: string | null; temperature_at: Date | null; abnormal: boolean
  alert_ids: string[] | null; handled_at: Date | null
}

/** Entries as the gate shows them, for a condition on `e` (entries); $1 is the fever threshold. */
async function gateRows(db: Queryable, where: string, params: unknown[], tail = ''): Promise<GateRow[]> {
  return db.query<GateRow>(
    // A hidden colour does not even sort the list: only the temperature makes such an entry abnormal.
    `SELECT e.id, p.name_enc, coalesce(h.status, e.health_status) AS status, e.status_hidden, e.method, e.checkpoint_id,
            c.name AS checkpoint_name, e.checked_in_at, e.temperature_celsius, e.temperature_at,
            ((e.status_hidden IS NULL AND coalesce(h.status, e.health_status) <> 'green')
              OR coalesce(e.temperature_celsius >= $1, false)) AS abnormal,
            (SELECT array_agg(a.id::text ORDER BY a.created_at, a.id) FROM alerts a WHERE a.entry_id = e.id) AS alert_ids,
            (SELECT min(r.acknowledged_at) FROM alerts a JOIN alert_recipients r ON r.alert_id = a.id
             WHERE a.entry_id = e.id AND r.role IN ('admin', 'inspector')) AS handled_at
     FROM entries e JOIN checkpoints c ON c.id = e.checkpoint_id
     LEFT JOIN persons p ON p.id = e.person_id LEFT JOIN health_status h ON h.person_id = e.person_id
     WHERE ${where} ${tail}`, [TEMPERATURE_ABNORMAL_FROM, ...params])
}

function toGateEntry(deps: Deps, r: GateRow): GateEntry {
  const celsius = r.temperature_celsius === null ? null : Number(r.temperature_celsius)
  return {
    entryId: r.id,
    nameMasked: r.name_enc ? maskName(decrypt(deps.config.dataKeys, r.name_enc)) : UNNAMED_USER,
    healthStatus: r.status_hidden ? null : r.status,
    statusHidden: r.status_hidden,
    method: r.method,
    checkpointId: r.checkpoint_id,
    checkpointName: r.checkpoint_name,
    checkedInAt: toIso(r.checked_in_at),
    temperature: r.temperature_at ? { celsius, abnormal: celsius !== null && isAbnormalTemperature(celsius), checkedAt: toIso(r.temperature_at) } : null,
    abnormal: r.abnormal,
    alertIds: r.alert_ids ?? [],
    handledAt: r.handled_at ? toIso(r.handled_at) : null
  }
}

/** The latest entries at the venue (or one checkpoint): abnormal ones first, then the newest. */
export async function gateFeed(deps: Deps, userId: string, venueId: string, checkpointId?: string): Promise<{ entries: GateEntry[]; hours: number; serverTime: string }> {
  await assertVenueStaff(deps.db, userId, venueId)
  if (checkpointId !== undefined) {
    const cp = await deps.db.query('SELECT 1 FROM checkpoints WHERE id = $1 AND venue_id = $2 AND removed_at IS NULL', [checkpointId, venueId])
    if (!cp.length) throw new DomainError('CHECKPOINT_NOT_FOUND')
  }
  const rows = await gateRows(deps.db,
    `e.venue_id = $2 AND ($3::text IS NULL OR e.checkpoint_id = $3) AND e.withdrawn_at IS NULL
     AND e.checked_in_at > now() - make_interval(hours => ${GATE_FEED_HOURS})`,
    [venueId, checkpointId ?? null], `ORDER BY abnormal DESC, e.checked_in_at DESC, e.id LIMIT ${GATE_FEED_LIMIT}`)
  const [{ now }] = await deps.db.query<{ now: Date }>('SELECT now() AS now')
  return { entries: rows.map((r) => toGateEntry(deps, r)), hours: GATE_FEED_HOURS, serverTime: toIso(now) }
}

/**
 * 体温检测 for an entry on the gate's screen: one tap for 体温正常 (no value), or a value. A
 * second measurement replaces the first (people are measured again after resting).
 */
export async function recordTemperature(deps: Deps, userId: string, entryId: string, celsius: number | null): Promise<{ entry: GateEntry }> {
  if (celsius !== null) {
    const error = temperatureError(celsius)
    if (error) throw new DomainError('INVALID_INPUT', { celsius: error })
  }
  const [entry] = await deps.db.query<{ venue_id: string; open: boolean }>(
    `SELECT venue_id, withdrawn_at IS NULL AND checked_in_at > now() - make_interval(hours => ${GATE_FEED_HOURS}) AS open
     FROM entries WHERE id = $1`, [entryId])
  if (!entry) throw new DomainError('ENTRY_NOT_FOUND')
  await assertVenueStaff(deps.db, userId, entry.venue_id)
  if (!entry.open) throw new DomainError('TEMPERATURE_ENTRY_CLOSED')
  const updated = await deps.db.query(
    `UPDATE entries SET temperature_celsius = $2, temperature_at = now(), temperature_by = $3
     WHERE id = $1 AND withdrawn_at IS NULL RETURNING id`, [entryId, celsius === null ? null : celsius.toFixed(1), userId])
  // Withdrawn between the look-up and the update.
  if (!updated.length) throw new DomainError('TEMPERATURE_ENTRY_CLOSED')
  if (celsius !== null && isAbnormalTemperature(celsius)) await raiseTemperatureAlert(deps, entryId, celsius)
  const [row] = await gateRows(deps.db, 'e.id = $2', [entryId])
  return { entry: toGateEntry(deps, row) }
}
