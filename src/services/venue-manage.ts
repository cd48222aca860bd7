/**
 * 场所管理 without Taro: where its pages live and how a recorded change reads. The home page,
 * the hub, the edit page and the code page build their links here, so a page's address and
 * its query are written once.
 */
import { VENUE_CHANGE_LABELS, type VenueChangeView, type VenueReviewStatus } from '../shared/api'
import { formatShanghai } from '../shared/time'

/** A page's address with its query; empty values are left out. */
export function pageLink(path: string, params: Record<string, string | undefined>): string {
  const query = Object.entries(params)
    .filter((kv): kv is [string, string] => !!kv[1])
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')
  return query ? `${path}?${query}` : path
}

export const venueLinks = {
  /** 场所管理, the admin's hub for one venue. */
  manage: (venueId: string) => pageLink('/manage/venue/index', { venueId }),
  edit: (venueId: string) => pageLink('/manage/edit/index', { venueId }),
  stats: (venueId: string) => pageLink('/manage/stats/index', { venueId }),
  /** One checkpoint's 场所码 (the venue's first checkpoint when none is named). */
  code: (venueId: string, checkpointId?: string) => pageLink('/pages/code/index', { venueId, checkpointId })
}

export interface ChangeLine {
  label: string
  from: string
  to: string
  /** 李* · 2022-04-15 10:00 */
  by: string
}

/** One line of 变更记录; an empty value (a field filled in for the first time) reads 未填写. */
export function changeLine(c: VenueChangeView): ChangeLine {
  return {
    label: VENUE_CHANGE_LABELS[c.field] ?? c.field,
    from: c.oldValue || '未填写',
    to: c.newValue || '未填写',
    by: `${c.changedByMasked} · ${formatShanghai(c.changedAt, 'YYYY-MM-DD HH:mm')}`
  }
}

/**
 * 场所审核 as the venue's admin reads it: what the review changes (only 辅助登记's colour; a scan
 * is never held up by it) and what to do when refused.
 */
export const VENUE_REVIEW_EXPLAIN: Record<VenueReviewStatus, string> = {
  pending: '场所由属地疫情防控部门审核。审核通过前，辅助登记不显示健康码状态；扫码登记不受影响。',
  approved: '辅助登记可显示健康码状态。',
  rejected: '辅助登记不显示健康码状态；扫码登记不受影响。请核对场所名称、统一社会信用代码和地址，如有疑问请联系属地疫情防控部门。'
}
