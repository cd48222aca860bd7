/**
 * 流调 results without Taro: each of the case's stays with how its end is known, each contact
 * once with how they entered and how long they overlapped at each stay, the totals, the words of
 * the deliberate confirmation and of its proposal (a second official approves it), a contact's
 * full details once asked for, and the exported file as Excel opens it.
 */
import {
  HEALTH_STATUS_LABELS, type HealthStatus, type OfficialActions, type ProposalView, type TraceContact, type TraceResult, type TraceStay
} from '../shared/api'
import { formatShanghai, shanghaiDate } from '../shared/time'
import { METHOD_LABELS } from './gate-feed'
import { formatPeriod } from './official-view'
import { safeFileName } from './pdf-file'
import { PROPOSAL_STATE_LABELS } from './proposals-view'

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
    overlap: overlapText(c.overlapMinutes)
  }
}

/** Minutes rounded to the nearest (as Corona-Warn-App): 0 is an overlap under half a minute, still a contact. */
export function overlapText(minutes: number): string {
  return minutes > 0 ? `重叠${minutes}分钟` : '重叠不足1分钟'
}

/** Where and how long a contact overlapped one stay of the case. */
export interface ContactOverlap {
  stayEntryId: string
  venue: string
  /** The case's stay there. */
  stayPeriod: string
  /** The contact's own time there, how they entered and how its end is known. */
  period: string
  method: string
  ending: string
  overlap: string
}

/** A contact person once, however many stays of the case they overlapped, each overlap underneath. */
export interface ContactCard {
  personId: string
  name: string
  idCard: string
  phone: string
  healthStatus: HealthStatus
  overlaps: ContactOverlap[]
}

/**
 * The trace's contacts, each person once (the count of the tile), in the order they first came;
 * their overlaps in the order of the case's stays. The function already joins a person's several
 * entries at one stay, so a person has at most one overlap per stay.
 */
export function traceContacts(t: Pick<TraceResult, 'stays'>): ContactCard[] {
  const cards = new Map<string, { first: number; card: ContactCard }>()
  for (const s of t.stays) {
    for (const c of s.contacts) {
      const line = contactLine(c)
      let entry = cards.get(c.personId)
      if (!entry) {
        entry = { first: Date.parse(c.enteredAt), card: { personId: c.personId, name: line.name, idCard: line.idCard, phone: line.phone, healthStatus: c.healthStatus, overlaps: [] } }
        cards.set(c.personId, entry)
      }
      entry.first = Math.min(entry.first, Date.parse(c.enteredAt))
      entry.card.overlaps.push({
        stayEntryId: s.entryId, venue: s.venueName, stayPeriod: formatPeriod(s.enteredAt, s.leftAt),
        period: line.period, method: line.method, ending: line.ending, overlap: line.overlap
      })
    }
  }
  return [...cards.values()].sort((a, b) => a.first - b.first).map((e) => e.card)
}

export type ContactDetails = OfficialActions['contactDetails'][1]

/** Said before and after 查看完整信息: every look is in that person's record of who looked. */
export const CONTACT_DETAILS_NOTE = '查看完整信息会记入该人员可查看的“谁查看了我的信息”，请仅在需要联系时查看'
export const CONTACT_DETAILS_SEEN = '本次查看已记录'

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

/** The question before 确认病例并发出风险提示: who is told what, that the case stays unnamed, and that a second official decides. */
export function confirmTraceContent(t: TraceResult): string {
  const venues = tracedVenueCount(t)
  return `将提交另一名工作人员复核：批准后向以上${t.contactCount}名同场人员发出“风险提示”（只告知到访的场所和时间，不透露病例身份），并向${venues}个场所发出场所提醒。发出后无法撤回。`
}

/** The trace confirmation's proposal as the proposer reads it on the trace page. */
export interface TraceProposalLines {
  /** The headline: what happens next, or what happened. */
  title: string
  /** 待复核 / 已批准 / 已驳回 / 已超时失效 */
  state: string
  detail: string
  /** Green once the notices went out, red when they never will, neutral while waiting. */
  tone: 'pending' | 'ok' | 'stopped'
}

export function traceProposalLines(p: ProposalView): TraceProposalLines {
  const state = PROPOSAL_STATE_LABELS[p.state]
  const at = (iso: string) => formatShanghai(iso, 'MM-DD HH:mm')
  switch (p.state) {
    case 'pending':
      return { title: '已提交复核，待另一名工作人员批准后发出风险提示', state, tone: 'pending',
        detail: `${p.proposedBy} 于 ${at(p.proposedAt)} 提交；${at(p.expiresAt)} 前未批准则失效` }
    case 'approved':
      return { title: '已批准，风险提示已发出', state, tone: 'ok',
        detail: `${p.decidedBy ?? '另一名工作人员'}${p.decidedAt ? ` 于 ${at(p.decidedAt)}` : ''} 批准${p.decisionReason ? `：${p.decisionReason}` : ''}` }
    case 'rejected':
      return { title: '复核未通过，未发出风险提示', state, tone: 'stopped',
        detail: `${p.decidedBy ?? '另一名工作人员'} 驳回${p.decisionReason ? `：${p.decisionReason}` : ''}` }
    case 'expired':
      return { title: '复核超时，未发出风险提示', state, tone: 'stopped', detail: `${at(p.expiresAt)} 前无人批准；如仍需发出，请重新提交` }
  }
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
