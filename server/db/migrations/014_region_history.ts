import { retiredCounties } from '../../domain/region-history'

/**
 * Historical county codes of ID numbers mapped to today's regions (issue 20). People recorded
 * before carry the county code of their ID number as issued in `persons.id_region`: a 412723…
 * holder (商水县 of the old 周口地区) was out of reach of the 周口 officials (4116). Each stored
 * retired code becomes the region it lies in today (server/domain/region-history.ts), in one
 * statement whatever the number of people; new people get it from idRegionOf.
 *
 * The codes are digits only (the table is generated and checked by a test), so they are written
 * into the statement as array literals: a migration's statements take no parameters. A later
 * table (a new region-history-table.ts) needs a migration of its own: this one runs once.
 */
export const version = 14
export const name = 'region_history'

const { from, to } = retiredCounties()
if (![...from, ...to].every((c) => /^\d{6}$/.test(c))) throw new Error('region history: a code that is not six digits')

export const statements: string[] = [
  `UPDATE persons p SET id_region = t.today
   FROM unnest('{${from.join(',')}}'::text[], '{${to.join(',')}}'::text[]) AS t(issued, today)
   WHERE p.id_region = t.issued`
]
