import type { DisputedEntryView, EntryMethod, VenueReviewStatus, VenueReviewView } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { venueTypeLabel, type VenueTypeId } from '../../src/shared/venue-types'
import { hasUnsafeTextChars } from '../../src/shared/validators'
import { decrypt } from '../crypto/personal-data'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { toIso } from './ids'
import { officialOf, venueInRegionSql } from './officials'
import { fullAddress } from './address'
import { regionOf, type VenueRow } from './venues'
import { MY_ENTRIES_DAYS } from './my-entries'
import { accountNames } from './users'

/**
 * 场所审核 (seed 000: venues are under their department's supervision): the region's officials see
 * the venues applied for in their region with the credit code, and approve or reject them. Only
 * an approved venue's 辅助登记 shows a health status; any venue's codes log scans.
 */

/** Pending venues first (oldest first: first come, first served), then the latest decided. */
const REVIEW_LIST_LIMIT = 200

type ReviewRow = VenueRow & { reviewed_at: Date | null; review_reason: string | null }

function reviewView(deps: Deps, v: ReviewRow): VenueReviewView {
  const k = deps.config.dataKeys
  return {
    venueId: v.id,
    name: v.name,
    typeLabel: venueTypeLabel(v.type as VenueTypeId),
    fullAddress: fullAddress(regionOf(v), v.address),
    creditCode: decrypt(k, v.credit_code_enc),
    adminNameMasked: maskName(decrypt(k, v.admin_name_enc)),
    createdAt: toIso(v.created_at),
    reviewStatus: v.review_status,
    reviewedAt: v.reviewed_at ? toIso(v.reviewed_at) : null,
    reviewReason: v.review_reason
  }
}

export async function venueReviews(deps: Deps, userId: string): Promise<{ venues: VenueReviewView[] }> {
  const official = await officialOf(deps.db, userId)
  const rows = await deps.db.query<ReviewRow>(
    `SELECT * FROM venues v WHERE ${venueInRegionSql(1)}
     ORDER BY v.review_status = 'pending' DESC,
              CASE WHEN v.review_status = 'pending' THEN v.created_at END ASC, v.reviewed_at DESC NULLS LAST, v.id
     LIMIT ${REVIEW_LIST_LIMIT}`, [official.regionCode])
  return { venues: rows.map((r) => reviewView(deps, r)) }
}

/** Approve or reject with a reason the admin reads; deciding again replaces the decision. */
export async function reviewVenue(deps: Deps, userId: string, input: { venueId: string; approve: boolean; reason: string }): Promise<{ venue: VenueReviewView }> {
  const official = await officialOf(deps.db, userId)
  const reason = input.reason.trim()
  if (!reason) throw new DomainError('INVALID_INPUT', { reason: '请填写审核意见' })
  if (hasUnsafeTextChars(reason)) throw new DomainError('INVALID_INPUT', { reason: '含有控制字符或不可见的格式字符' })
  const status: VenueReviewStatus = input.approve ? 'approved' : 'rejected'
  const rows = await deps.db.query<ReviewRow>(
    `UPDATE venues v SET review_status = $3, reviewed_by = $4, reviewed_at = now(), review_reason = $5
     WHERE v.id = $2 AND ${venueInRegionSql(1)} RETURNING *`, [official.regionCode, input.venueId, status, userId, reason])
  // Outside the region is as unknown as a made-up id.
  if (!rows.length) throw new DomainError('VENUE_REVIEW_NOT_FOUND')
  return { venue: reviewView(deps, rows[0]) }
}

/** Entries at the region's venues whose person said 不是我本人, newest first. */
export async function disputedEntries(deps: Deps, userId: string): Promise<{ entries: DisputedEntryView[] }> {
  const official = await officialOf(deps.db, userId)
  const rows = await deps.db.query<{
    id: string; name_enc: string; venue_name: string; checkpoint_name: string; method: EntryMethod; maker: string; checked_in_at: Date; disputed_at: Date
  }>(
    // Every shard's disputed entries (a partial index, rare rows); who made them is read after.
    `SELECT e.id, p.name_enc, v.name AS venue_name, c.name AS checkpoint_name, e.method, coalesce(e.inspector_id, e.account_id) AS maker,
            e.checked_in_at, e.disputed_at
     FROM entries e JOIN venues v ON v.id = e.venue_id JOIN checkpoints c ON c.id = e.checkpoint_id
     JOIN persons p ON p.id = e.person_id
     WHERE e.disputed_at IS NOT NULL AND ${venueInRegionSql(1)}
       AND e.checked_in_at > now() - make_interval(days => $2)
     ORDER BY e.disputed_at DESC, e.id LIMIT 500`, [official.regionCode, MY_ENTRIES_DAYS])
  const makers = await accountNames(deps.db, rows.map((r) => r.maker))
  const k = deps.config.dataKeys
  return {
    entries: rows.map((r) => ({
      entryId: r.id,
      personNameMasked: maskName(decrypt(k, r.name_enc)),
      venueName: r.venue_name,
      checkpointName: r.checkpoint_name,
      method: r.method,
      madeByMasked: makers.get(r.maker) ? maskName(decrypt(k, makers.get(r.maker)!)) : '未实名用户',
      checkedInAt: toIso(r.checked_in_at),
      disputedAt: toIso(r.disputed_at)
    }))
  }
}
