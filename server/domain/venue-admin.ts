import type { GenerateCodeRequest, HandoverView, InspectorView, VenueChangeField, VenueChangeView, VenueDetail, VenueUpdate } from '../../src/shared/api'
import { maskIdCard, maskName, maskPhone } from '../../src/shared/mask'
import { checkMobile, checkPersonName } from '../../src/shared/validators'
import { normalizeVenueApplication, VENUE_FIELDS } from '../../src/shared/venue-application'
import { venueTypeLabel, type VenueTypeId } from '../../src/shared/venue-types'
import { decrypt, encrypt, lookupHash } from '../crypto/personal-data'
import type { Queryable } from '../db'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { declarationCode, toIso } from './ids'
import { fullAddress } from './address'
import { resolveTown } from './regions'
import { assertVenueAdmin, lockVenueAsAdmin } from './venue-access'
import { liveCheckpoints, regionOf, toCodeView, toVenueView, venueInputErrors, venueRow, type VenueRow } from './venues'
import { UNNAMED_USER } from './users'
import { accountNames } from './users'

/**
 * 场所管理 by a venue's admin (seed 004: 场所信息修改, 场所申报码, 成员管理): the venue's
 * information with a record of what changed, the 场所申报码, its inspectors, and handing the
 * venue to one of them, which changes nothing until they accept.
 */

/** How many recorded changes the page lists. */
const CHANGES_SHOWN = 20

/** A user's masked name for the admin's lists, from a `name_enc` column of persons (or null). */
function userName(deps: Deps, nameEnc: string | null): string {
  return nameEnc ? maskName(decrypt(deps.config.dataKeys, nameEnc)) : UNNAMED_USER
}

/** A recorded value as the page may show it: credit codes and the admin's name and mobile masked. */
function maskChange(field: VenueChangeField, value: string): string {
  if (field === 'creditCode') return maskIdCard(value)
  if (field === 'admin') {
    const [name, mobile] = value.split('\n')
    return `${maskName(name)} ${maskPhone(mobile ?? '')}`.trim()
  }
  return value
}

export async function venueDetail(deps: Deps, venueId: string): Promise<VenueDetail> {
  const v = await venueRow(deps.db, venueId)
  if (!v) throw new DomainError('VENUE_NOT_FOUND')
  const [checkpoints, inspectors, handovers, changes] = await Promise.all([
    liveCheckpoints(deps.db, venueId),
    deps.db.query<{ user_id: string; name_enc: string | null; bound_at: Date }>(
      `SELECT i.user_id, p.name_enc, i.bound_at FROM venue_inspectors i
       JOIN users u ON u.id = i.user_id LEFT JOIN persons p ON p.id = u.person_id
       WHERE i.venue_id = $1 ORDER BY i.bound_at, i.user_id`, [venueId]),
    pendingHandovers(deps, 'h.venue_id = $1', [venueId]),
    deps.db.query<{ field: VenueChangeField; old_value_enc: string; new_value_enc: string; name_enc: string | null; changed_at: Date }>(
      `SELECT c.field, c.old_value_enc, c.new_value_enc, p.name_enc, c.changed_at FROM venue_changes c
       JOIN users u ON u.id = c.changed_by LEFT JOIN persons p ON p.id = u.person_id
       WHERE c.venue_id = $1 ORDER BY c.changed_at DESC, c.id LIMIT ${CHANGES_SHOWN}`, [venueId])
  ])
  const key = deps.config.dataKeys
  return {
    venue: toVenueView(deps, v),
    checkpoints: checkpoints.map((c) => ({ ...pickCode(toCodeView(deps, c)), createdAt: toIso(c.created_at) })),
    inspectors: inspectors.map((i): InspectorView => ({ userId: i.user_id, nameMasked: userName(deps, i.name_enc), boundAt: toIso(i.bound_at) })),
    handover: handovers[0] ?? null,
    changes: changes.map((c): VenueChangeView => ({
      field: c.field,
      oldValue: maskChange(c.field, decrypt(key, c.old_value_enc)),
      newValue: maskChange(c.field, decrypt(key, c.new_value_enc)),
      changedByMasked: userName(deps, c.name_enc),
      changedAt: toIso(c.changed_at)
    }))
  }
}

function pickCode(c: ReturnType<typeof toCodeView>) {
  return { id: c.checkpointId, name: c.checkpointName, codeVersion: c.codeVersion, url: c.url }
}

/** Pending handovers matching a condition on `h` (venue_handovers). */
export async function pendingHandovers(deps: Deps, where: string, params: unknown[]): Promise<HandoverView[]> {
  const rows = await deps.db.query<{ venue_id: string; venue_name: string; from_user_id: string; to_user_id: string; created_at: Date }>(
    `SELECT h.venue_id, v.name AS venue_name, h.from_user_id, h.to_user_id, h.created_at
     FROM venue_handovers h JOIN venues v ON v.id = h.venue_id
     WHERE ${where} ORDER BY h.created_at, h.venue_id`, params)
  const names = await accountNames(deps.db, rows.flatMap((r) => [r.from_user_id, r.to_user_id]))
  return rows.map((r) => ({
    venueId: r.venue_id,
    venueName: r.venue_name,
    fromNameMasked: userName(deps, names.get(r.from_user_id) ?? null),
    toUserId: r.to_user_id,
    toNameMasked: userName(deps, names.get(r.to_user_id) ?? null),
    createdAt: toIso(r.created_at)
  }))
}

async function recordChange(deps: Deps, tx: Queryable, venueId: string, userId: string, field: VenueChangeField, oldValue: string, newValue: string): Promise<void> {
  const key = deps.config.dataKeys
  await tx.query(
    'INSERT INTO venue_changes (venue_id, field, old_value_enc, new_value_enc, changed_by) VALUES ($1, $2, $3, $4, $5)',
    [venueId, field, encrypt(key, oldValue), encrypt(key, newValue), userId])
}

const isUniqueViolation = (err: unknown): boolean => (err as { code?: string } | null)?.code === '23505'

/**
 * 修改场所信息: the same rules as the application, applied to the venue as it would be after
 * the change. Only the fields sent change; every change is recorded, with who made it.
 */
export async function updateVenue(deps: Deps, userId: string, venueId: string, patch: VenueUpdate): Promise<VenueDetail> {
  const { dataKeys: key, lookupHashKey } = deps.config
  await deps.db.transaction(async (tx) => {
    const v = await lockVenueAsAdmin(tx, userId, venueId)
    const current: GenerateCodeRequest = {
      townCode: v.town_code, address: v.address, type: v.type, name: v.name,
      creditCode: decrypt(key, v.credit_code_enc), adminName: decrypt(key, v.admin_name_enc), adminMobile: decrypt(key, v.admin_mobile_enc)
    }
    const merged = { ...current }
    for (const f of VENUE_FIELDS) if (patch[f] !== undefined) (merged as Record<string, unknown>)[f] = patch[f]
    const fields = venueInputErrors(merged)
    if (Object.keys(fields).length) throw new DomainError('INVALID_INPUT', fields)
    const next = normalizeVenueApplication(merged)
    const region = resolveTown(next.townCode)!
    const changes: Array<[VenueChangeField, string, string]> = []
    if (next.townCode !== current.townCode) changes.push(['region', fullAddress(regionOf(v), '').trim(), fullAddress(region, '').trim()])
    if (next.creditCode !== current.creditCode) changes.push(['creditCode', current.creditCode, next.creditCode])
    if (next.name !== current.name) changes.push(['name', current.name, next.name])
    if (next.address !== current.address) changes.push(['address', current.address, next.address])
    if (next.type !== current.type) changes.push(['type', venueTypeLabel(current.type), venueTypeLabel(next.type as VenueTypeId)])
    if (next.adminName !== current.adminName || next.adminMobile !== current.adminMobile) {
      changes.push(['admin', `${current.adminName}\n${current.adminMobile}`, `${next.adminName}\n${next.adminMobile}`])
    }
    if (!changes.length) return
    const creditCodeHash = lookupHash(lookupHashKey, next.creditCode)
    const taken = await tx.query('SELECT 1 FROM venues WHERE credit_code_hash = $1 AND name = $2 AND address = $3 AND id <> $4',
      [creditCodeHash, next.name, next.address, venueId])
    if (taken.length) throw new DomainError('VENUE_ALREADY_REGISTERED')
    try {
      await tx.query(
        `UPDATE venues SET name = $2, type = $3, province_code = $4, province_name = $5, city_code = $6, city_name = $7,
           county_code = $8, county_name = $9, town_code = $10, town_name = $11, address = $12,
           credit_code_enc = $13, credit_code_hash = $14, admin_name_enc = $15, admin_mobile_enc = $16,
           review_status = CASE WHEN $17 THEN 'pending' ELSE review_status END
         WHERE id = $1`,
        [venueId, next.name, next.type, region.province.code, region.province.name, region.city.code, region.city.name,
          region.county.code, region.county.name, region.town.code, region.town.name, next.address,
          encrypt(key, next.creditCode), creditCodeHash, encrypt(key, next.adminName), encrypt(key, next.adminMobile),
          // What the officials approved was this business at this place: another one is reviewed again.
          changes.some(([f]) => f === 'region' || f === 'creditCode' || f === 'name')])
    } catch (err) {
      // Another venue took the same registration key between the check and the update.
      if (isUniqueViolation(err)) throw new DomainError('VENUE_ALREADY_REGISTERED')
      throw err
    }
    for (const [field, before, after] of changes) await recordChange(deps, tx, venueId, userId, field, before, after)
  })
  return venueDetail(deps, venueId)
}

/** A new 场所申报码; the old one stops binding anyone at once. */
export async function regenerateDeclarationCode(deps: Deps, userId: string, venueId: string): Promise<VenueDetail> {
  await assertVenueAdmin(deps.db, userId, venueId)
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.db.query('UPDATE venues SET declaration_code = $2 WHERE id = $1', [venueId, declarationCode()])
      break
    } catch (err) {
      // Another venue holds that code: draw again.
      if (!isUniqueViolation(err) || attempt >= 5) throw err
    }
  }
  return venueDetail(deps, venueId)
}

/** 解绑: the inspector loses the venue at once, and a handover offered to them is withdrawn. */
export async function removeInspector(deps: Deps, userId: string, venueId: string, inspectorId: string): Promise<VenueDetail> {
  await deps.db.transaction(async (tx) => {
    await lockVenueAsAdmin(tx, userId, venueId)
    const gone = await tx.query('DELETE FROM venue_inspectors WHERE venue_id = $1 AND user_id = $2 RETURNING user_id', [venueId, inspectorId])
    if (!gone.length) throw new DomainError('INSPECTOR_NOT_FOUND')
    await tx.query('DELETE FROM venue_handovers WHERE venue_id = $1 AND to_user_id = $2', [venueId, inspectorId])
  })
  return venueDetail(deps, venueId)
}

/** Offers the venue to one of its inspectors. One offer at a time; nothing changes until accepted. */
export async function offerHandover(deps: Deps, userId: string, venueId: string, toUserId: string): Promise<VenueDetail> {
  await deps.db.transaction(async (tx) => {
    await lockVenueAsAdmin(tx, userId, venueId)
    const bound = await tx.query('SELECT 1 FROM venue_inspectors WHERE venue_id = $1 AND user_id = $2', [venueId, toUserId])
    if (!bound.length || toUserId === userId) throw new DomainError('HANDOVER_TARGET_INVALID')
    const made = await tx.query(
      'INSERT INTO venue_handovers (venue_id, from_user_id, to_user_id) VALUES ($1, $2, $3) ON CONFLICT (venue_id) DO NOTHING RETURNING venue_id',
      [venueId, userId, toUserId])
    if (!made.length) throw new DomainError('HANDOVER_PENDING')
  })
  return venueDetail(deps, venueId)
}

export async function cancelHandover(deps: Deps, userId: string, venueId: string): Promise<VenueDetail> {
  await deps.db.transaction(async (tx) => {
    await lockVenueAsAdmin(tx, userId, venueId)
    const gone = await tx.query('DELETE FROM venue_handovers WHERE venue_id = $1 RETURNING venue_id', [venueId])
    if (!gone.length) throw new DomainError('HANDOVER_NOT_FOUND')
  })
  return venueDetail(deps, venueId)
}

/**
 * The recipient accepts: they become the admin, with the name and mobile they give, and the
 * previous admin stays on as an inspector so the gate is not left unattended (the new admin
 * can unbind them).
 */
export async function acceptHandover(deps: Deps, userId: string, venueId: string, adminName: string, adminMobile: string): Promise<VenueDetail> {
  const fields: Record<string, string> = {}
  const nameError = checkPersonName(adminName)
  const mobileError = checkMobile(adminMobile)
  if (nameError) fields.adminName = nameError
  if (mobileError) fields.adminMobile = mobileError
  if (Object.keys(fields).length) throw new DomainError('INVALID_INPUT', fields)
  const name = adminName.trim()
  const mobile = adminMobile.replace(/\s+/g, '')
  const key = deps.config.dataKeys
  await deps.db.transaction(async (tx) => {
    const rows = await tx.query<VenueRow & { from_user_id: string }>(
      `SELECT v.*, h.from_user_id FROM venue_handovers h JOIN venues v ON v.id = h.venue_id
       WHERE h.venue_id = $1 AND h.to_user_id = $2 FOR UPDATE`, [venueId, userId])
    if (!rows.length) throw new DomainError('HANDOVER_NOT_FOUND')
    const v = rows[0]
    const previous = v.admin_user_id
    await tx.query('UPDATE venues SET admin_user_id = $2, admin_name_enc = $3, admin_mobile_enc = $4 WHERE id = $1',
      [venueId, userId, encrypt(key, name), encrypt(key, mobile)])
    await tx.query('DELETE FROM venue_handovers WHERE venue_id = $1', [venueId])
    await tx.query('DELETE FROM venue_inspectors WHERE venue_id = $1 AND user_id = $2', [venueId, userId])
    await tx.query('INSERT INTO venue_inspectors (venue_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [venueId, previous])
    await recordChange(deps, tx, venueId, userId, 'admin',
      `${decrypt(key, v.admin_name_enc)}\n${decrypt(key, v.admin_mobile_enc)}`, `${name}\n${mobile}`)
  })
  return venueDetail(deps, venueId)
}

export async function declineHandover(deps: Deps, userId: string, venueId: string): Promise<{ declined: true }> {
  const gone = await deps.db.query('DELETE FROM venue_handovers WHERE venue_id = $1 AND to_user_id = $2 RETURNING venue_id', [venueId, userId])
  if (!gone.length) throw new DomainError('HANDOVER_NOT_FOUND')
  return { declined: true }
}
