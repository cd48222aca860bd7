import type { OfficialScope } from '../../src/shared/api'
import type { Queryable } from '../db'
import { DomainError } from './errors'
import { regionPrefixName } from './regions'

/**
 * Health officials are appointed to a GB/T 2260 region prefix by configuration or the admin
 * command (server/tools/officials.ts), never by self-service. Everything an official sees or
 * changes is limited to that prefix: venues by their township code, people by the county of
 * their ID number or by an entry at a venue inside the region.
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

/**
 * Whether an official of `regionCode` may act on the person: registered there (ID number's
 * county) or entered a venue there within the retention period.
 */
export async function personInRegion(db: Queryable, personId: string, regionCode: string, retentionDays: number): Promise<boolean> {
  const rows = await db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM persons p WHERE p.id = $1 AND p.id_region IS NOT NULL AND starts_with(p.id_region, $2))
         OR EXISTS (SELECT 1 FROM entries e JOIN venues v ON v.id = e.venue_id
                    WHERE e.person_id = $1 AND e.checked_in_at > now() - make_interval(days => $3) AND ${venueInRegionSql(2)}) AS ok`,
    [personId, regionCode, retentionDays])
  return rows[0].ok
}

export async function assertPersonInRegion(db: Queryable, personId: string, regionCode: string, retentionDays: number): Promise<void> {
  if (!await personInRegion(db, personId, regionCode, retentionDays)) throw new DomainError('PERSON_OUT_OF_SCOPE')
}
