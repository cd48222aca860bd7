import type { OfficialScope } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { checkText } from '../../src/shared/validators'
import { decrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { toIso } from './ids'
import { regionPrefixName } from './regions'
import { UNNAMED_USER } from './users'

/**
 * Health officials are appointed to a region prefix of 统计用区划代码（2023） (the region data,
 * server/domain/regions.ts) by configuration or the admin command (server/tools/officials.ts),
 * never by self-service. Everything an official sees or changes is limited to that prefix: venues
 * by their township code, people by the county of their ID number (GB/T 2260 as issued, taken to
 * today's region by idRegionOf: region-history.ts) or by an entry at a venue inside the region.
 *
 * 开发区 and other zones (county-level codes xxxx7x such as 370176 济南高新技术产业开发区) sit
 * directly under their city in the region data, which names no parent county for them: they are
 * covered by the city's (and province's) officials, and by an official appointed to the zone's own
 * code, not by any county's officials.
 */
export interface Official extends OfficialScope {
  userId: string
}

/** The caller's appointment, or NOT_OFFICIAL. */
export async function officialOf(db: Queryable, userId: string): Promise<Official> {
  const rows = await db.query<{ region_code: string; office: string }>(
    'SELECT region_code, office FROM officials WHERE user_id = $1', [userId])
  if (!rows.length) throw new DomainError('NOT_OFFICIAL')
  const { region_code: regionCode, office } = rows[0]
  return { userId, regionCode, regionName: regionPrefixName(regionCode) ?? regionCode, office }
}

/**
 * SQL condition: venue alias `v` lies inside the region prefix given as parameter $n.
 * Township codes are 9 digits and every prefix is a whole level, so a text prefix is exact.
 */
export function venueInRegionSql(param: number, alias = 'v'): string {
  return `starts_with(${alias}.town_code, $${param})`
}

/** SQL condition: person alias `p` is in scope of region $region within $days days (see personsInRegion). */
function personInRegionSql(region: number, days: number, alias = 'p'): string {
  return `((${alias}.id_region IS NOT NULL AND starts_with(${alias}.id_region, $${region}))
    OR EXISTS (SELECT 1 FROM entries e JOIN venues v ON v.id = e.venue_id
               WHERE e.person_id = ${alias}.id AND e.checked_in_at > now() - make_interval(days => $${days}) AND ${venueInRegionSql(region)}))`
}

/**
 * Which of these people an official of `regionCode` may act on: registered there (ID number's
 * county) or entered a venue there within the retention period. One statement for any number.
 */
export async function personsInRegion(db: Queryable, personIds: string[], regionCode: string, retentionDays: number): Promise<Set<string>> {
  if (!personIds.length) return new Set()
  const rows = await db.query<{ id: string }>(
    `SELECT p.id FROM persons p WHERE p.id = ANY($1::uuid[]) AND ${personInRegionSql(2, 3)}`,
    [personIds, regionCode, retentionDays])
  return new Set(rows.map((r) => r.id))
}

/** Whether an official of `regionCode` may act on the person (see personsInRegion). */
export async function personInRegion(db: Queryable, personId: string, regionCode: string, retentionDays: number): Promise<boolean> {
  return (await personsInRegion(db, [personId], regionCode, retentionDays)).has(personId)
}

export async function assertPersonInRegion(db: Queryable, personId: string, regionCode: string, retentionDays: number): Promise<void> {
  if (!await personInRegion(db, personId, regionCode, retentionDays)) throw new DomainError('PERSON_OUT_OF_SCOPE')
}

/**
 * Whether a county of registration (idRegionOf: an ID number's county code, taken to today's
 * region) lies inside the region prefix, as the SQL above decides it: an official of a township
 * reaches people only through entries there.
 */
export function countyInRegion(county: string, regionCode: string): boolean {
  return county.startsWith(regionCode)
}

// ---- Appointments (server/tools/officials.ts, the demo seed) --------------------------------

export type AppointedBy = 'config' | 'command' | 'demo'

export interface Appointment {
  userId: string
  regionCode: string
  office: string
  appointedBy: AppointedBy
  /** The demo seed never overrides an appointment someone changed since. */
  keepExisting?: boolean
}

/** What is wrong with a region code and office name, field by field (Chinese); empty when both are fine. */
export function appointmentProblems(regionCode: string, office: string): Record<string, string> {
  const fields: Record<string, string> = {}
  if (!/^\d{2}(\d{2}(\d{2}(\d{3})?)?)?$/.test(regionCode)) {
    fields.regionCode = '地区代码应为2、4、6或9位数字（统计用区划代码（2023）：省、市、区县或乡镇街道）'
  } else if (!regionPrefixName(regionCode)) {
    fields.regionCode = `没有代码为 ${regionCode} 的行政区划`
  }
  const officeError = checkText(office ?? '', '机构名称', 2, 40)
  if (officeError) fields.office = officeError
  return fields
}

/**
 * Appoints (or moves) an official. The region must be a known prefix of 统计用区划代码（2023） and the office a
 * name citizens will read in their access log; refusals are INVALID_INPUT with Chinese reasons.
 */
export async function appointOfficial(db: Queryable, a: Appointment): Promise<Official> {
  const fields = appointmentProblems(a.regionCode, a.office)
  if (Object.keys(fields).length) throw new DomainError('INVALID_INPUT', fields)
  const users = await db.query('SELECT 1 FROM users WHERE id = $1', [a.userId])
  if (!users.length) throw new DomainError('INVALID_INPUT', { userId: `没有编号为 ${a.userId} 的用户` })
  await db.query(
    `INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO ${a.keepExisting ? 'NOTHING' : `UPDATE SET region_code = EXCLUDED.region_code, office = EXCLUDED.office,
       appointed_by = EXCLUDED.appointed_by, appointed_at = EXCLUDED.appointed_at`}`,
    [a.userId, a.regionCode, a.office.trim(), a.appointedBy])
  return officialOf(db, a.userId)
}

/** Ends an appointment; false when the user was not an official. */
export async function revokeOfficial(db: Queryable, userId: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM officials WHERE user_id = $1 RETURNING user_id', [userId])
  return rows.length > 0
}

export interface OfficialListing extends Official {
  nameMasked: string
  demoAccount: string | null
  appointedBy: AppointedBy
  appointedAt: string
}

export async function listOfficials(deps: Deps): Promise<OfficialListing[]> {
  const rows = await deps.db.query<{ user_id: string; region_code: string; office: string; appointed_by: AppointedBy; appointed_at: Date;
    demo_account: string | null; name_enc: string | null }>(
    `SELECT o.user_id, o.region_code, o.office, o.appointed_by, o.appointed_at, u.demo_account, p.name_enc
     FROM officials o JOIN users u ON u.id = o.user_id LEFT JOIN persons p ON p.id = u.person_id
     ORDER BY o.region_code, o.appointed_at, o.user_id`)
  return rows.map((r) => ({
    userId: r.user_id,
    regionCode: r.region_code,
    regionName: regionPrefixName(r.region_code) ?? r.region_code,
    office: r.office,
    nameMasked: r.name_enc ? maskName(decrypt(deps.config.dataKeys, r.name_enc)) : UNNAMED_USER,
    demoAccount: r.demo_account,
    appointedBy: r.appointed_by,
    appointedAt: toIso(r.appointed_at)
  }))
}
