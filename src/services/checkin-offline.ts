/**
 * What the check-in page and 我的扫码记录 say of a scan kept on the device (scan-queue.ts):
 * 已保存，网络恢复后自动登记 with the scan time, who will be entered, and the holder's last known
 * colour marked with its age, never as a current result. Plain rules, no Taro.
 */
import type { Fail } from '../shared/api'
import { HEALTH_STATUS_LABELS } from '../shared/api'
import { ERRORS } from '../shared/errors'
import { formatShanghai } from '../shared/time'
import type { LastKnownStatus, QueuedScan, ScanNotice } from './scan-queue'

export const SAVED_TITLE = '已保存，网络恢复后自动登记'
export const PENDING_LABEL = '待上传'

/** How long ago, as a person says it: 刚刚, 5 分钟前, 2 小时前, 3 天前. */
export function ageLabel(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000)
  if (minutes < 1) return '刚刚'
  if (minutes < 60) return `${minutes} 分钟前`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} 小时前`
  return `${Math.floor(hours / 24)} 天前`
}

/** 上次查询：绿码（2 小时前）: the colour with its age, so nobody reads it as today's result. */
export function lastKnownLabel(last: LastKnownStatus, now: number): string {
  return `上次查询：${HEALTH_STATUS_LABELS[last.status]}（${ageLabel(now - Date.parse(last.knownAt))}）`
}

/**
 * Who the kept scan will enter. When the first try (before 本次同行人员 could be asked) got no
 * answer, the holder alone is kept: entering companions nobody confirmed would put people at a
 * venue they may never have visited, which a 流调 would then chase.
 */
export function keptWhoLabel(scan: Pick<QueuedScan, 'companionIds'>, asked: boolean): string {
  if (scan.companionIds.length) return `将为本人和 ${scan.companionIds.length} 名同行人员登记`
  return asked ? '将为本人登记' : '将为本人登记。如有同行人员，请在网络恢复后重新扫码为他们登记'
}

/** Why the scan was kept: the network, or the server asking to wait. */
export function keptReason(fail: Fail): string {
  return fail.code === 'SYSTEM_BUSY' ? ERRORS.SYSTEM_BUSY : '当前网络不可用'
}

export interface SavedView {
  title: string
  reason: string
  scannedAt: string
  who: string
  lastKnown: { status: LastKnownStatus['status']; label: string } | null
}

export function savedView(scan: QueuedScan, fail: Fail, asked: boolean, now: number): SavedView {
  return {
    title: SAVED_TITLE,
    reason: keptReason(fail),
    scannedAt: formatShanghai(scan.scannedAt),
    who: keptWhoLabel(scan, asked),
    lastKnown: scan.lastKnown ? { status: scan.lastKnown.status, label: lastKnownLabel(scan.lastKnown, now) } : null
  }
}

/** A 待上传 line of 我的扫码记录: the scan time (the date too when not today), and who. */
export function pendingLine(scan: QueuedScan, now: number): { scanId: string; time: string; who: string } {
  const sameDay = formatShanghai(scan.scannedAt, 'YYYY-MM-DD') === formatShanghai(now, 'YYYY-MM-DD')
  return {
    scanId: scan.scanId,
    time: formatShanghai(scan.scannedAt, sameDay ? 'HH:mm' : 'M月D日 HH:mm'),
    who: scan.companionIds.length ? `本人和 ${scan.companionIds.length} 名同行人员` : '本人'
  }
}

/** A kept scan that will never be logged: when it was made, and why. */
export function noticeText(notice: ScanNotice): string {
  return `${formatShanghai(notice.scannedAt, 'M月D日 HH:mm')} 的扫码未能补登：${notice.message}`
}
