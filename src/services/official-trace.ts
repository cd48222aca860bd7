/**
 * 流调 results without Taro: each of the case's stays with how its end is known, each contact
 * with how they entered and how long they overlapped, the totals, the words of the deliberate
 * confirmation, and the exported file as Excel opens it.
 */
import { HEALTH_STATUS_LABELS, type TraceContact, type TraceResult, type TraceStay } from '../shared/api'
import { formatShanghai, shanghaiDate } from '../shared/time'
import { METHOD_LABELS } from './gate-feed'
import { formatPeriod } from './official-view'
import { safeFileName } from './pdf-file'

/** How a stay's end is known: the person's own 离场, or the venue type's default length. */
export function stayEnding(checkedOut: boolean): string {
  return checkedOut ? '离场登记' : '按默认停留时长'
}

export interface StayCard {
  venue: string
  address: string
  checkpoint: string
  period: string
  ending: string
}

export function stayCard(s: TraceStay): StayCard {
  return {
    venue: s.venueName,
    address: s.fullAddress,
    checkpoint: s.checkpointName,
    period: formatPeriod(s.enteredAt, s.leftAt),
    ending: stayEnding(s.checkedOut)
  }
}

export interface ContactLine {
  name: string
  idCard: string
  phone: string
  status: string
  method: string
  period: string
  ending: string
  overlap: string
}

export function contactLine(c: TraceContact): ContactLine {
  return {
    name: c.nameMasked,
    idCard: c.idCardMasked,
    phone: c.phoneMasked ?? '未登记手机号',
    status: HEALTH_STATUS_LABELS[c.healthStatus],
    method: METHOD_LABELS[c.method],
    period: formatPeriod(c.enteredAt, c.leftAt),
    ending: stayEnding(c.checkedOut),
    overlap: `重叠${c.overlapMinutes}分钟`
  }
}

/** A day of the period as the function answers it: a China date, or an instant shown as its China date. */
export function periodDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : shanghaiDate(value)
}

/** The venues the case visited, each once: every one gets a 场所提醒 on confirmation. */
export function tracedVenueCount(t: Pick<TraceResult, 'stays'>): number {
  return new Set(t.stays.map((s) => s.venueId)).size
}

export interface TraceSummary {
  period: string
  stays: number
  venues: number
  contacts: number
}

export function traceSummary(t: TraceResult): TraceSummary {
  return {
    period: `${periodDate(t.from)} 至 ${periodDate(t.to)}`,
    stays: t.stays.length,
    venues: tracedVenueCount(t),
    contacts: t.contactCount
  }
}

/** The question before 确认病例并发出风险提示: who is told what, and that the case stays unnamed. */
export function confirmTraceContent(t: TraceResult): string {
  const venues = tracedVenueCount(t)
  return `将向以上${t.contactCount}名同场人员发出“风险提示”（只告知到访的场所和时间，不透露病例身份），并向${venues}个场所发出场所提醒。发出后无法撤回。`
}

/** 已通知N人、N个场所 */
export function notifiedText(notified: number, venues: number): string {
  return `已通知${notified}人、${venues}个场所`
}

export function confirmedAtText(at: string): string {
  return `已于 ${formatShanghai(at, 'YYYY-MM-DD HH:mm')} 确认病例并发出风险提示`
}

/** Excel reads a CSV as the system's code page unless it starts with a byte-order mark. */
export function csvForExcel(csv: string): string {
  return csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`
}

export function safeCsvName(name: string): string {
  return safeFileName(name, 'csv', '流调记录')
}
