import type { Db } from '../db'

/**
 * venue_log: a venue's entries as the statistics and the gate read them (migration 009). On one
 * machine it is a view of entries and nothing needs doing. On Citus it is a table distributed
 * by venue, fed by the roll-up job (server/db/citus.ts); an entry changed after it was copied
 * there (撤销, 体温检测) is changed there too, by this.
 */
export type VenueLogChange = Partial<Record<'withdrawn_at' | 'temperature_celsius' | 'temperature_at' | 'temperature_by', unknown>>

export async function syncVenueLog(db: Db, venueId: string, entryId: string, change: VenueLogChange): Promise<void> {
  if (!db.distributed) return
  const columns = Object.keys(change)
  await db.query(
    `UPDATE venue_log SET ${columns.map((c, i) => `${c} = $${i + 3}`).join(', ')} WHERE venue_id = $1 AND entry_id = $2`,
    [venueId, entryId, ...columns.map((c) => change[c as keyof VenueLogChange])])
}
