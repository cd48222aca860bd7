/**
 * How long a contact shared the air with the case, as 流调 reports it: a person may have several
 * entries overlapping one stay of the case (scanned twice, scanned for by a companion and by
 * themselves, left and came back), and they are one contact with one overlap, the union of the
 * pieces, so time counted twice is not reported twice. Pure, so it is tested on its own.
 */

const MINUTE_MS = 60_000

/** One piece of overlap, as instants in milliseconds, `to` exclusive. */
export interface Interval { from: number; to: number }

/** The length of the union of the intervals: time covered by two of them counts once. */
export function unionMs(intervals: readonly Interval[]): number {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from)
  let total = 0
  let start = -Infinity
  let end = -Infinity
  for (const i of sorted) {
    if (i.from > end) {
      if (end > start) total += end - start
      start = i.from
      end = i.to
    } else if (i.to > end) {
      end = i.to
    }
  }
  if (end > start) total += end - start
  return total
}

/**
 * Whole minutes, to the nearest, a half minute up, as Corona-Warn-App rounds a check-in's overlap
 * with a warning: 5 min 15 s is 5, 5 min 30 s is 6. An overlap under 30 seconds is 0 minutes; the
 * person is still a contact (any overlap is, see tracing.ts) and the page says 不足1分钟.
 */
export function roundedMinutes(ms: number): number {
  return Math.floor((ms + MINUTE_MS / 2) / MINUTE_MS)
}

/** The overlap in minutes of a contact's pieces of overlap with one stay. */
export function overlapMinutes(intervals: readonly Interval[]): number {
  return roundedMinutes(unionMs(intervals))
}
