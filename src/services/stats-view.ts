/**
 * 检测统计 as the venue's admin reads it: the day chosen (China date, never after today), the
 * summary numbers, the busiest hour in words, and the rows the charts draw. Every number a chart
 * shows is also given here as text, so the page reads the same without the chart.
 */
import type { VenueStats } from '../shared/api'
import { addDays } from '../shared/time'

const pad = (n: number) => String(n).padStart(2, '0')

/** 09:00–10:00: the hour of the day a count belongs to (the last one ends at 24:00). */
export function hourRange(hour: number): string {
  return `${pad(hour)}:00–${pad(hour + 1)}:00`
}

/** MM-DD of a YYYY-MM-DD date, as the trend labels its days. */
export function monthDay(date: string): string {
  return date.slice(5)
}

/** No entry that day (temperatures belong to entries, so there are none either). */
export function isEmptyDay(stats: VenueStats): boolean {
  return stats.totals.entries === 0
}

/** The hour with most entries, the earliest if several tie; null on an empty day. */
export function busiestHour(stats: VenueStats): { hour: number; entries: number } | null {
  let best: { hour: number; entries: number } | null = null
  for (const h of stats.hourly) {
    if (h.entries > 0 && (!best || h.entries > best.entries)) best = h
  }
  return best
}

/** 高峰时段 09:00–10:00，32人次 */
export function peakText(stats: VenueStats): string {
  const peak = busiestHour(stats)
  return peak ? `高峰时段 ${hourRange(peak.hour)}，${peak.entries}人次` : '当日暂无登记'
}

/** The hours that had entries, in order: the hourly chart's numbers as a list. */
export function busyHours(stats: VenueStats): Array<{ hour: number; label: string; entries: number }> {
  return stats.hourly.filter((h) => h.entries > 0).map((h) => ({ hour: h.hour, label: hourRange(h.hour), entries: h.entries }))
}

/** One bar per hour; the hour as text so the axis is categorical (all 24 bars, even empty ones). */
export function hourlyChartData(stats: VenueStats): Array<{ hour: string; entries: number }> {
  return stats.hourly.map((h) => ({ hour: pad(h.hour), entries: h.entries }))
}

/** The seven days up to the chosen one, labelled MM-DD. */
export function trendRows(stats: VenueStats): Array<{ date: string; label: string; entries: number; people: number }> {
  return stats.trend.map((t) => ({ date: t.date, label: monthDay(t.date), entries: t.entries, people: t.people }))
}

/** Entries over the whole week, for the empty day's hint that earlier days have data. */
export function weekEntries(stats: VenueStats): number {
  return stats.trend.reduce((sum, t) => sum + t.entries, 0)
}

/**
 * The count axis of a chart: whole numbers only (no 0.75 人次), at most five ticks from 0, in
 * steps of 1, 2 or 5 times a power of ten, the top tick at or above the largest count.
 */
export function countAxis(largest: number): { max: number; ticks: number[] } {
  const top = Math.max(1, Math.ceil(largest))
  const step = niceSteps().find((s) => Math.ceil(top / s) <= 4) ?? top
  const max = Math.ceil(top / step) * step
  return { max, ticks: Array.from({ length: max / step + 1 }, (_, i) => i * step) }
}

/** 1, 2, 5, 10, 20, 50 … up to a step that fits any count a venue has in a day or a week. */
function niceSteps(): number[] {
  return [1, 10, 100, 1000, 10000, 100000, 1000000].flatMap((power) => [1, 2, 5].map((m) => m * power))
}

export type Tone = 'plain' | 'yellow' | 'red'

export interface SummaryTile {
  key: 'entries' | 'people' | 'assisted' | 'yellow' | 'red'
  label: string
  value: number
  /** Yellow and red counts show in their colour only when someone had that status. */
  tone: Tone
}

export function summaryTiles(stats: VenueStats): SummaryTile[] {
  const t = stats.totals
  return [
    { key: 'entries', label: '登记人次', value: t.entries, tone: 'plain' },
    { key: 'people', label: '登记人数', value: t.people, tone: 'plain' },
    { key: 'assisted', label: '辅助登记', value: t.assisted, tone: 'plain' },
    { key: 'yellow', label: '黄码人数', value: t.yellow, tone: t.yellow > 0 ? 'yellow' : 'plain' },
    { key: 'red', label: '红码人数', value: t.red, tone: t.red > 0 ? 'red' : 'plain' }
  ]
}

/** How the date bar names a day: 今天 and 昨天 in words, other days as they are. */
export function dayName(date: string, today: string): string {
  if (date === today) return '今天'
  if (date === addDays(today, -1)) return '昨天'
  return ''
}

/** 后一天 stops at today: the server refuses the future. */
export function canGoLater(date: string, today: string): boolean {
  return date < today
}
