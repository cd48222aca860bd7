/**
 * 检测统计 on the benchmark's entry log (bench/dataset.ts): one venue's day, for BENCH_CASES
 * random venue-days (default 100) drawn from entries, so a busy venue's busy day comes up as
 * often as it has entries: the days a venue admin's page costs most. Each runs once untimed
 * first, so the times are on a warm cache, then three times: a venue-day's time is its median.
 */
import { shanghaiDate } from '../src/shared/time'
import { venueStats } from '../server/domain/venue-stats'
import type { TestStack } from '../tests/support/stack'
import { percentile, timed } from './median'
import { VENUE_PREFIX } from './dataset'
import { RUNS_PER_CASE, type Spread } from './trace'

const CASES = Number(process.env.BENCH_CASES || 100)

export interface StatsBench {
  cases: number
  entries: Spread & { max: number }
  time: Spread
  /** The venue-day that took longest, and its entries that day. */
  slowest: { ms: number; entries: number }
}

/** Random (venue, China day) pairs of the log, drawn by entry. */
export async function randomVenueDays(stack: TestStack, n: number): Promise<Array<{ venueId: string; day: string }>> {
  const rows = await stack.db.query<{ venue_id: string; at: Date }>(
    `SELECT venue_id, checked_in_at AS at FROM entries TABLESAMPLE SYSTEM (1)
     WHERE venue_id LIKE $1 || '%' ORDER BY random() LIMIT $2`, [VENUE_PREFIX, n])
  return rows.map((r) => ({ venueId: r.venue_id, day: shanghaiDate(new Date(r.at)) }))
}

export async function benchStats(stack: TestStack): Promise<StatsBench> {
  const deps = { db: stack.db, config: stack.config }
  const days = await randomVenueDays(stack, CASES)
  const entries: number[] = []
  const times: number[] = []
  for (const { venueId, day } of days) {
    entries.push((await venueStats(deps, venueId, day)).totals.entries)
    const runs: number[] = []
    for (let r = 0; r < RUNS_PER_CASE; r++) runs.push((await timed(() => venueStats(deps, venueId, day))).ms)
    times.push(percentile(runs, 0.5))
  }
  const worst = times.indexOf(Math.max(...times))
  return {
    cases: days.length,
    slowest: { ms: times[worst], entries: entries[worst] },
    entries: { p50: percentile(entries, 0.5), p99: percentile(entries, 0.99), max: Math.max(...entries) },
    time: { p50: percentile(times, 0.5), p99: percentile(times, 0.99) }
  }
}
