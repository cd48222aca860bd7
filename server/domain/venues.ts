import type { GenerateCodeRequest, GenerateCodeResponse, RegionPath, VenueCodeView, VenueReviewStatus, VenueView } from '../../src/shared/api'
import { ERRORS } from '../../src/shared/errors'
import { maskIdCard, maskName, maskPhone } from '../../src/shared/mask'
import { normalizeVenueApplication, venueApplicationErrors, type VenueApplicationInput } from '../../src/shared/venue-application'
import { venueCodeUrl } from '../../src/shared/venue-code'
import { venueTypeLabel, type VenueTypeId } from '../../src/shared/venue-types'
import { signVenueCode } from '../crypto/code-signing'
import { decrypt, encrypt, lookupHash } from '../crypto/personal-data'
import type { Queryable } from '../db'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { declarationCode, shortId, toIso } from './ids'
import { fullAddress } from './address'
import { resolveTown } from './regions'

export const MAIN_CHECKPOINT_NAME = '主入口'

type VenueInput = GenerateCodeRequest

/**
 * Chinese message per invalid field of a venue application, empty when all are valid: the
 * shared field rules the form also runs, plus whether the town exists in the region data.
 */
export function venueInputErrors(input: VenueApplicationInput): Record<string, string> {
  const fields: Record<string, string> = venueApplicationErrors(input)
  const townCode = typeof input.townCode === 'string' ? input.townCode.trim() : ''
  if (!fields.townCode && !resolveTown(townCode)) fields.townCode = ERRORS.REGION_NOT_FOUND
  return fields
}

export interface VenueRow {
  id: string
  admin_user_id: string
  name: string
  type: VenueTypeId
  province_code: string; province_name: string
  city_code: string; city_name: string
  county_code: string; county_name: string
  town_code: string; town_name: string
  address: string
  credit_code_enc: string
  admin_name_enc: string
  admin_mobile_enc: string
  declaration_code: string
  created_at: Date
  review_status: VenueReviewStatus
}

export interface CheckpointRow { id: string; venue_id: string; name: string; code_version: number; created_at: Date }

export function regionOf(v: Pick<VenueRow, 'province_code' | 'province_name' | 'city_code' | 'city_name' | 'county_code' | 'county_name' | 'town_code' | 'town_name'>): RegionPath {
  return {
    province: { code: v.province_code, name: v.province_name },
    city: { code: v.city_code, name: v.city_name },
    county: { code: v.county_code, name: v.county_name },
    town: { code: v.town_code, name: v.town_name }
  }
}

export function toVenueView(deps: Deps, v: VenueRow): VenueView {
  const key = deps.config.dataKeys
  const region = regionOf(v)
  return {
    id: v.id,
    name: v.name,
    type: v.type,
    typeLabel: venueTypeLabel(v.type),
    region,
    fullAddress: fullAddress(region, v.address),
    address: v.address,
    creditCodeMasked: maskIdCard(decrypt(key, v.credit_code_enc)),
    adminNameMasked: maskName(decrypt(key, v.admin_name_enc)),
    adminMobileMasked: maskPhone(decrypt(key, v.admin_mobile_enc)),
    declarationCode: v.declaration_code,
    createdAt: toIso(v.created_at),
    reviewStatus: v.review_status
  }
}

export function toCodeView(deps: Deps, c: CheckpointRow): VenueCodeView {
  const token = signVenueCode(
    { keys: deps.config.codeSigningKeys, currentKid: deps.config.codeSigningKid },
    { venueId: c.venue_id, checkpointId: c.id, codeVersion: c.code_version })
  return {
    venueId: c.venue_id,
    checkpointId: c.id,
    checkpointName: c.name,
    codeVersion: c.code_version,
    url: venueCodeUrl(deps.config.publicBaseUrl, token)
  }
}

/** Live checkpoints of a venue in the order they were added: the first is its main entrance. */
export async function liveCheckpoints(db: Queryable, venueId: string): Promise<CheckpointRow[]> {
  return db.query<CheckpointRow>(
    'SELECT id, venue_id, name, code_version, created_at FROM checkpoints WHERE venue_id = $1 AND removed_at IS NULL ORDER BY created_at, id', [venueId])
}

/** The named live checkpoint, or the first; CHECKPOINT_NOT_FOUND for a removed or unknown one. */
async function checkpointOf(db: Queryable, venueId: string, checkpointId?: string): Promise<CheckpointRow> {
  const live = await liveCheckpoints(db, venueId)
  const found = checkpointId === undefined ? live[0] : live.find((c) => c.id === checkpointId)
  if (!found) throw new DomainError('CHECKPOINT_NOT_FOUND')
  return found
}

export async function venueRow(db: Queryable, venueId: string): Promise<VenueRow | null> {
  const rows = await db.query<VenueRow>('SELECT * FROM venues WHERE id = $1', [venueId])
  return rows[0] ?? null
}

/** Registers a venue with its main checkpoint; the caller becomes its administrator. */
export async function registerVenue(deps: Deps, userId: string, raw: VenueInput): Promise<GenerateCodeResponse> {
  const fields = venueInputErrors(raw)
  if (Object.keys(fields).length) throw new DomainError('INVALID_INPUT', fields)
  const input = normalizeVenueApplication(raw)
  const region = resolveTown(input.townCode) as RegionPath
  const { dataKeys: key, lookupHashKey } = deps.config
  const creditCodeHash = lookupHash(lookupHashKey, input.creditCode)

  const venueId = await deps.db.transaction(async (tx) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = shortId()
      // ON CONFLICT DO NOTHING also waits out a concurrent registration of the same venue,
      // so the duplicate is reported as such instead of as a failed transaction.
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO venues (id, admin_user_id, name, type,
           province_code, province_name, city_code, city_name, county_code, county_name, town_code, town_name,
           address, credit_code_enc, credit_code_hash, admin_name_enc, admin_mobile_enc, declaration_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT DO NOTHING RETURNING id`,
        [id, userId, input.name, input.type,
          region.province.code, region.province.name, region.city.code, region.city.name,
          region.county.code, region.county.name, region.town.code, region.town.name,
          input.address, encrypt(key, input.creditCode), creditCodeHash,
          encrypt(key, input.adminName), encrypt(key, input.adminMobile), declarationCode()])
      if (inserted.length) {
        await tx.query('INSERT INTO checkpoints (id, venue_id, name) VALUES ($1, $2, $3)', [shortId(), id, MAIN_CHECKPOINT_NAME])
        return id
      }
      const dup = await tx.query('SELECT 1 FROM venues WHERE credit_code_hash = $1 AND name = $2 AND address = $3',
        [creditCodeHash, input.name, input.address])
      if (dup.length) throw new DomainError('VENUE_ALREADY_REGISTERED')
      // Otherwise the random id or declaration code collided: draw again.
    }
    throw new Error('could not allocate a unique venue id and declaration code')
  })
  return venueWithCode(deps, venueId)
}

/** A venue with the code of one checkpoint (the first when none is named). */
export async function venueWithCode(deps: Deps, venueId: string, checkpointId?: string): Promise<GenerateCodeResponse> {
  const v = await venueRow(deps.db, venueId)
  if (!v) throw new DomainError('VENUE_NOT_FOUND')
  return { venue: toVenueView(deps, v), code: toCodeView(deps, await checkpointOf(deps.db, venueId, checkpointId)) }
}

export async function myVenues(deps: Deps, userId: string): Promise<GenerateCodeResponse[]> {
  const rows = await deps.db.query<{ id: string }>(
    'SELECT id FROM venues WHERE admin_user_id = $1 ORDER BY created_at, id', [userId])
  const out: GenerateCodeResponse[] = []
  for (const r of rows) out.push(await venueWithCode(deps, r.id))
  return out
}

/**
 * Bumps the code version of one checkpoint, or of every checkpoint of the venue when none is
 * named: each poster printed before stops working at once (the check-in compares the version in
 * the token with the current one), and the other checkpoints' posters keep working.
 */
export async function regenerateVenueCode(deps: Deps, venueId: string, checkpointId?: string): Promise<GenerateCodeResponse> {
  const bumped = await deps.db.query(
    `UPDATE checkpoints SET code_version = code_version + 1
     WHERE venue_id = $1 AND removed_at IS NULL AND ($2::text IS NULL OR id = $2) RETURNING id`, [venueId, checkpointId ?? null])
  if (!bumped.length) throw new DomainError('CHECKPOINT_NOT_FOUND')
  return venueWithCode(deps, venueId, checkpointId)
}
