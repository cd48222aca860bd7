/**
 * 我的扫码记录 as a person reads it: newest first, one heading per day in China's time (an
 * entry at 00:30 Beijing time belongs to that day, not to the UTC day before), a withdrawn
 * entry kept in its place, marked with the time it was withdrawn, and a 离场 with its time.
 */
import type { MyEntryView } from '../shared/api'
import { formatShanghai } from '../shared/time'

export interface EntryDay {
  /** YYYY-MM-DD in Asia/Shanghai */
  day: string
  /** 今天, 昨天, or 4月5日 周二 */
  label: string
  entries: MyEntryView[]
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
const DAY_MS = 24 * 3600_000

function dayLabel(day: string, instant: string, now: number): string {
  if (day === formatShanghai(now, 'YYYY-MM-DD')) return '今天'
  if (day === formatShanghai(now - DAY_MS, 'YYYY-MM-DD')) return '昨天'
  return `${formatShanghai(instant, 'M月D日')} ${WEEKDAYS[Number(formatShanghai(instant, 'd'))]}`
}

/** Entries grouped by Shanghai day, days and entries newest first. */
export function groupEntriesByDay(entries: MyEntryView[], now: number | Date = Date.now()): EntryDay[] {
  const at = typeof now === 'number' ? now : now.getTime()
  const sorted = [...entries].sort((a, b) => Date.parse(b.checkedInAt) - Date.parse(a.checkedInAt))
  const days: EntryDay[] = []
  for (const e of sorted) {
    const day = formatShanghai(e.checkedInAt, 'YYYY-MM-DD')
    const last = days[days.length - 1]
    if (last && last.day === day) last.entries.push(e)
    else days.push({ day, label: dayLabel(day, e.checkedInAt, at), entries: [e] })
  }
  return days
}

/** The list after one entry changed (withdrawn): the line is updated where it stands. */
export function replaceEntry(entries: MyEntryView[], updated: MyEntryView): MyEntryView[] {
  return entries.map((e) => (e.entryId === updated.entryId ? updated : e))
}

/** A later moment of an entry: the time alone on the entry's own day, the date too otherwise. */
function laterTime(entry: Pick<MyEntryView, 'checkedInAt'>, at: string): string {
  const sameDay = formatShanghai(at, 'YYYY-MM-DD') === formatShanghai(entry.checkedInAt, 'YYYY-MM-DD')
  return formatShanghai(at, sameDay ? 'HH:mm' : 'M月D日 HH:mm')
}

/** 已撤销 with when. */
export function withdrawnNote(entry: MyEntryView): string | null {
  return entry.withdrawnAt ? `已撤销 · ${laterTime(entry, entry.withdrawnAt)}` : null
}

/** 已离场 with when: the end of the stay 流调 counts with. */
export function checkedOutNote(entry: Pick<MyEntryView, 'checkedInAt' | 'checkedOutAt'>): string | null {
  return entry.checkedOutAt ? `已离场 · ${laterTime(entry, entry.checkedOutAt)}` : null
}

/** Why 离场 is worth a tap, said wherever it is offered. */
export const CHECK_OUT_WHY = '离开场所时点“离场”，流调时能准确计算您在场所的停留时间。'

/**
 * The question before a 离场, which cannot be undone (the stay ends now). The time opens the text:
 * mid-sentence, the browser's dialog (word-break: break-all) split it as 02:4 / 6 at the line's end.
 */
export function checkOutQuestion(venueName: string, now: number | Date = Date.now()): { title: string; content: string } {
  return {
    title: '确认离场',
    content: `离场时间 ${formatShanghai(now, 'HH:mm')}。确认已离开“${venueName}”？记录后不能修改。`
  }
}

/** Marked 不是我本人: said on the line from then on, with what happened to the report. */
export const DISPUTED_NOTE = '已标记“不是我本人”，已报告疫情防控部门'

/** The question before 不是我本人, which cannot be taken back (officials are told at once). */
export function disputeQuestion(entry: Pick<MyEntryView, 'nameMasked' | 'venueName' | 'checkedInAt' | 'who'>): { title: string; content: string } {
  return {
    title: '不是我本人',
    content: `${entry.nameMasked} ${formatShanghai(entry.checkedInAt, 'M月D日 HH:mm')} 在“${entry.venueName}”的登记（${entry.who}）不是本人到场？`
      + '标记后该记录将报告当地疫情防控部门核查，标记不能撤回。'
  }
}
