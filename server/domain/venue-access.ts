import type { VenueRole } from '../../src/shared/api'
import type { Queryable } from '../db'
import { DomainError } from './errors'
import type { VenueRow } from './venues'

/**
 * Who may do what on a venue follows from two facts only: venues.admin_user_id and
 * venue_inspectors. The admin counts as an inspector of their own venue (seed 004: 管理员可同时
 * 绑定成为检测员).
 */

/** Ids of the venues where $1 works the gate: bound as inspector, or admin. */
export const STAFF_VENUES_SQL = 'SELECT venue_id FROM venue_inspectors WHERE user_id = $1 UNION SELECT id FROM venues WHERE admin_user_id = $1'

/** The caller's role on the venue; throws VENUE_NOT_FOUND for a venue that does not exist. */
export async function venueRole(db: Queryable, userId: string, venueId: string): Promise<VenueRole | null> {
  const rows = await db.query<{ admin: boolean; inspector: boolean }>(
    `SELECT v.admin_user_id = $1 AS admin,
            EXISTS (SELECT 1 FROM venue_inspectors i WHERE i.venue_id = v.id AND i.user_id = $1) AS inspector
     FROM venues v WHERE v.id = $2`, [userId, venueId])
  if (!rows.length) throw new DomainError('VENUE_NOT_FOUND')
  return rows[0].admin ? 'admin' : rows[0].inspector ? 'inspector' : null
}

/** Throws VENUE_NOT_FOUND / NOT_VENUE_ADMIN unless userId administers venueId. */
export async function assertVenueAdmin(db: Queryable, userId: string, venueId: string): Promise<void> {
  if (await venueRole(db, userId, venueId) !== 'admin') throw new DomainError('NOT_VENUE_ADMIN')
}

/** Throws VENUE_NOT_FOUND / NOT_VENUE_STAFF unless userId is the venue's inspector or admin. */
export async function assertVenueStaff(db: Queryable, userId: string, venueId: string): Promise<VenueRole> {
  const role = await venueRole(db, userId, venueId)
  if (!role) throw new DomainError('NOT_VENUE_STAFF')
  return role
}

/** The venue row locked for the rest of the transaction, after checking the caller is its admin. */
export async function lockVenueAsAdmin(tx: Queryable, userId: string, venueId: string): Promise<VenueRow> {
  const rows = await tx.query<VenueRow>('SELECT * FROM venues WHERE id = $1 FOR UPDATE', [venueId])
  if (!rows.length) throw new DomainError('VENUE_NOT_FOUND')
  // Checked again under the lock: a handover accepted a moment ago has made someone else admin.
  if (rows[0].admin_user_id !== userId) throw new DomainError('NOT_VENUE_ADMIN')
  return rows[0]
}
