/**
 * 场所审核 and 不是我本人 as the official reads them, without Taro: the region's venues waiting
 * for a decision first (oldest first: they have waited longest), the decided ones after; the
 * reason a decision needs; and how a disputed entry reads (who it names, who made it, where, when).
 */
import type { DisputedEntryView, EntryMethod, VenueReviewView } from '../shared/api'
import { VENUE_REVIEW_LABELS } from '../shared/api'
import { checkText } from '../shared/validators'
import { formatShanghai } from '../shared/time'
import { REASON_MAX } from './official-forms'

const REVIEW_REASON_MIN = 2

export function splitReviews(venues: VenueReviewView[]): { pending: VenueReviewView[]; decided: VenueReviewView[] } {
  const pending = venues.filter((v) => v.reviewStatus === 'pending').sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
  const decided = venues
    .filter((v) => v.reviewStatus !== 'pending')
    .sort((a, b) => Date.parse(b.reviewedAt ?? b.createdAt) - Date.parse(a.reviewedAt ?? a.createdAt))
  return { pending, decided }
}

/** Every decision is written down with its reason: the admin and any later official can read why. */
export function reviewReasonError(text: string): string | null {
  return checkText(text, '审核意见', REVIEW_REASON_MIN, REASON_MAX)
}

/** The list after one decision: the venue replaced where it was (splitReviews moves it). */
export function replaceReview(venues: VenueReviewView[], updated: VenueReviewView): VenueReviewView[] {
  return venues.map((v) => (v.venueId === updated.venueId ? updated : v))
}

/** 已通过审核 · 2022-04-15 10:00 */
export function decisionLine(v: Pick<VenueReviewView, 'reviewStatus' | 'reviewedAt'>): string {
  const label = VENUE_REVIEW_LABELS[v.reviewStatus]
  return v.reviewedAt ? `${label} · ${formatShanghai(v.reviewedAt, 'YYYY-MM-DD HH:mm')}` : label
}

const MADE_BY: Record<EntryMethod, string> = {
  self: '扫码账号',
  companion: '同行扫码账号',
  assisted: '辅助登记检测员'
}

export interface DisputeLines {
  who: string
  place: string
  madeBy: string
  at: string
  disputedAt: string
}

export function disputeLines(d: DisputedEntryView): DisputeLines {
  return {
    who: `${d.personNameMasked} 称不是本人`,
    place: `${d.venueName} · ${d.checkpointName}`,
    madeBy: `${MADE_BY[d.method]}：${d.madeByMasked}`,
    at: `登记时间 ${formatShanghai(d.checkedInAt, 'YYYY-MM-DD HH:mm')}`,
    disputedAt: `标记时间 ${formatShanghai(d.disputedAt, 'YYYY-MM-DD HH:mm')}`
  }
}
