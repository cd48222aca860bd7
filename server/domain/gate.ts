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
import { fullAddress } from './address'
import { UNNAMED_USER } from './users'
import { pendingHandovers } from './venue-admin'
import { assertVenueStaff, STAFF_VENUES_SQL } from './venue-access'
import { syncVenueLog } from './venue-log'
import { regionOf } from './venues'

/**
 * The gate (seed 004, 检测员操作指引): binding with the 场所申报码, the latest entries at a
 * checkpoint for the inspector to check at a glance, and 体温检测.
 */

/** The inspector's screen shows entries of the last this many hours. */
export const GATE_FEED_HOURS = 12
/** Most entries the screen lists (abnormal ones first, so none of those is cut off first). */
export const GATE_FEED_LIMIT = 100
/** Most entries of the window read to pick those from: abnormal ones among the newest this many. */
const GATE_FEED_WINDOW = 2000

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
  id: string; person_id: string; name_enc: string | null; status: HealthStatus; status_hidden: StatusHidden | null; method: EntryMethod
  checkpoint_id: string; checkpoint_name: string
  checked_in_at: Date; temperature_celsius: string | null; temperature_at: Date | null; abnormal: boolean
  alert_ids: string[] | null; handled_at: Date | null
}

type LogRow = Omit<GateRow, 'name_enc' | 'status' | 'abnormal' | 'alert_ids' | 'handled_at'> & { entry_status: HealthStatus; venue_id: string }

const LOG_COLUMNS = `e.entry_id AS id, e.venue_id, e.person_id, e.health_status AS entry_status, e.status_hidden, e.method, e.checkpoint_id,
  c.name AS checkpoint_name, e.checked_in_at, e.temperature_celsius, e.temperature_at`

/**
 * Entries as the gate shows them, in three reads that each stay on one side of the cluster
 * (docs/scale.md §3): the entries (`rows`, from venue_log on the venue's shard, or from entries
 * on the person's), then the people's names and colours now (their shards), then the entries'
 * alerts (the venue's shard). A hidden colour does not even sort the list: only the temperature
 * makes such an entry abnormal.
 */
async function gateRows(db: Queryable, rows: LogRow[]): Promise<GateRow[]> {
  if (!rows.length) return []
  const [people, alerts] = await Promise.all([
    db.query<{ id: string; name_enc: string; status: HealthStatus | null }>(
      `SELECT p.id, p.name_enc, h.status FROM persons p LEFT JOIN health_status h ON h.person_id = p.id
       WHERE p.id = ANY($1::uuid[])`, [[...new Set(rows.map((r) => r.person_id))]]),
    db.query<{ entry_id: string; alert_ids: string[]; handled_at: Date | null }>(
      `SELECT a.entry_id, array_agg(a.id::text ORDER BY a.created_at, a.id) AS alert_ids,
              min((SELECT min(r.acknowledged_at) FROM alert_recipients r
                   WHERE r.venue_id = a.venue_id AND r.alert_id = a.id AND r.role IN ('admin', 'inspector'))) AS handled_at
       FROM alerts a WHERE a.venue_id = $1 AND a.entry_id = ANY($2::uuid[]) GROUP BY a.entry_id`,
      [rows[0].venue_id, rows.map((r) => r.id)])
  ])
  const byPerson = new Map(people.map((p) => [p.id, p]))
  const byEntry = new Map(alerts.map((a) => [a.entry_id, a]))
  return rows.map((r) => {
    const p = byPerson.get(r.person_id)
    const status = p?.status ?? r.entry_status
    const a = byEntry.get(r.id)
    return {
      ...r, name_enc: p?.name_enc ?? null, status,
      abnormal: (r.status_hidden === null && status !== 'green') ||
        (r.temperature_celsius !== null && Number(r.temperature_celsius) >= TEMPERATURE_ABNORMAL_FROM),
      alert_ids: a?.alert_ids ?? null, handled_at: a?.handled_at ?? null
    }
  })
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
  // The newest of the last hours; abnormal ones first (which needs the colours now), so a venue's
  // window is read whole and sorted here: GATE_FEED_LIMIT bounds what is shown, the window what is read.
  const logged = await deps.db.query<LogRow>(
    `SELECT ${LOG_COLUMNS} FROM venue_log e JOIN checkpoints c ON c.id = e.checkpoint_id
     WHERE e.venue_id = $1 AND ($2::text IS NULL OR e.checkpoint_id = $2) AND e.withdrawn_at IS NULL
       AND e.checked_in_at > now() - make_interval(hours => ${GATE_FEED_HOURS})
     ORDER BY e.checked_in_at DESC, e.entry_id LIMIT ${GATE_FEED_WINDOW}`, [venueId, checkpointId ?? null])
  const rows = (await gateRows(deps.db, logged))
    .sort((a, b) => Number(b.abnormal) - Number(a.abnormal) || b.checked_in_at.getTime() - a.checked_in_at.getTime() || (a.id < b.id ? -1 : 1))
    .slice(0, GATE_FEED_LIMIT)
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
  // By id alone: on Citus every shard's index on id is asked once (a measurement is rare next to scans).
  const [entry] = await deps.db.query<{ venue_id: string; person_id: string; open: boolean }>(
    `SELECT venue_id, person_id, withdrawn_at IS NULL AND checked_in_at > now() - make_interval(hours => ${GATE_FEED_HOURS}) AS open
     FROM entries WHERE id = $1`, [entryId])
  if (!entry) throw new DomainError('ENTRY_NOT_FOUND')
  await assertVenueStaff(deps.db, userId, entry.venue_id)
  if (!entry.open) throw new DomainError('TEMPERATURE_ENTRY_CLOSED')
  const updated = await deps.db.query<{ temperature_celsius: string | null; temperature_at: Date; temperature_by: string }>(
    `UPDATE entries SET temperature_celsius = $3, temperature_at = now(), temperature_by = $4
     WHERE person_id = $1 AND id = $2 AND withdrawn_at IS NULL RETURNING temperature_celsius, temperature_at, temperature_by`,
    [entry.person_id, entryId, celsius === null ? null : celsius.toFixed(1), userId])
  // Withdrawn between the look-up and the update.
  if (!updated.length) throw new DomainError('TEMPERATURE_ENTRY_CLOSED')
  await syncVenueLog(deps.db, entry.venue_id, entryId, updated[0])
  if (celsius !== null && isAbnormalTemperature(celsius)) await raiseTemperatureAlert(deps, entry.venue_id, entry.person_id, entryId, celsius)
  const logged = await deps.db.query<LogRow>(
    `SELECT ${LOG_COLUMNS} FROM (SELECT *, id AS entry_id FROM entries WHERE person_id = $1 AND id = $2) e
     JOIN checkpoints c ON c.id = e.checkpoint_id`, [entry.person_id, entryId])
  const [row] = await gateRows(deps.db, logged)
  return { entry: toGateEntry(deps, row) }
}
