import type { TemperatureCounts, VenueStats } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { TEMPERATURE_ABNORMAL_FROM } from '../../src/shared/temperature'
import { addDays, isCalendarDate, shanghaiDate, shanghaiDayStart } from '../../src/shared/time'
import { decrypt } from '../crypto/personal-data'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { accountNames, UNNAMED_USER } from './users'

/**
 * 检测统计 of one venue for one China calendar day, computed in the database: every query reads
 * only that venue's rows of the day (or of the week, for the trend) through the index on
 * (venue_id, checked_in_at), so its cost follows the venue's traffic, not the size of the log.
 * Withdrawn entries never count. Temperatures count on the day of the entry they belong to.
 */

export const TREND_DAYS = 7

/**
 * Entries that count, as `day` in each query: $1 venue, $2 start, $3 end. venue_log is the venue's
 * own copy on Citus (one shard; fed by the roll-up job, about 10–20 s behind), a view of entries
 * on one machine (migration 009).
 */
const COUNTED = `SELECT * FROM venue_log WHERE venue_id = $1 AND checked_in_at >= $2::timestamptz AND checked_in_at < $3::timestamptz AND withdrawn_at IS NULL`
const WHO = 'person_id'

interface TempRow { checked: number; abnormal: number }
const temps = (r: TempRow): TemperatureCounts => ({ checked: r.checked, normal: r.checked - r.abnormal, abnormal: r.abnormal })

export function statsDateError(date: string, today: string): string | null {
  if (!isCalendarDate(date)) return '日期格式不正确，应为 YYYY-MM-DD'
  if (date > today) return '不能查询未来的日期'
  return null
}

export async function venueStats(deps: Deps, venueId: string, date: string): Promise<VenueStats> {
  const error = statsDateError(date, shanghaiDate(new Date()))
  if (error) throw new DomainError('INVALID_INPUT', { date: error })
  // ISO text, not Date objects: a Date made in another realm (jest's sandbox) fails PGlite's type check.
  const start = shanghaiDayStart(date).toISOString()
  const end = shanghaiDayStart(addDays(date, 1)).toISOString()
  const weekStart = shanghaiDayStart(addDays(date, 1 - TREND_DAYS)).toISOString()
  const day = [venueId, start, end]
  const db = deps.db

  const [[totals], hourly, perCheckpoint, perInspector, trend, checkpoints] = await Promise.all([
    db.query<{ entries: number; people: number; assisted: number; yellow: number; red: number } & TempRow>(
      `SELECT count(*)::int AS entries, count(DISTINCT ${WHO})::int AS people,
              count(*) FILTER (WHERE method = 'assisted')::int AS assisted,
              count(DISTINCT ${WHO}) FILTER (WHERE health_status = 'yellow')::int AS yellow,
              count(DISTINCT ${WHO}) FILTER (WHERE health_status = 'red')::int AS red,
              count(temperature_at)::int AS checked,
              count(*) FILTER (WHERE temperature_celsius >= $4)::int AS abnormal
       FROM (${COUNTED}) day`, [...day, TEMPERATURE_ABNORMAL_FROM]),
    db.query<{ hour: number; entries: number }>(
      `SELECT floor(extract(epoch FROM checked_in_at - $2::timestamptz) / 3600)::int AS hour, count(*)::int AS entries
       FROM (${COUNTED}) day GROUP BY 1`, day),
    db.query<{ checkpoint_id: string; entries: number; people: number } & TempRow>(
      `SELECT checkpoint_id, count(*)::int AS entries, count(DISTINCT ${WHO})::int AS people,
              count(temperature_at)::int AS checked, count(*) FILTER (WHERE temperature_celsius >= $4)::int AS abnormal
       FROM (${COUNTED}) day GROUP BY 1`, [...day, TEMPERATURE_ABNORMAL_FROM]),
    db.query<{ user_id: string; assisted: number } & TempRow>(
      `SELECT w.user_id, sum(w.assisted)::int AS assisted, sum(w.checked)::int AS checked, sum(w.abnormal)::int AS abnormal
       FROM (
         SELECT inspector_id AS user_id, 1 AS assisted, 0 AS checked, 0 AS abnormal FROM (${COUNTED}) day WHERE inspector_id IS NOT NULL
         UNION ALL
         SELECT temperature_by, 0, 1, CASE WHEN temperature_celsius >= $4 THEN 1 ELSE 0 END FROM (${COUNTED}) day WHERE temperature_by IS NOT NULL
       ) w GROUP BY w.user_id ORDER BY w.user_id`, [...day, TEMPERATURE_ABNORMAL_FROM]),
    db.query<{ d: number; entries: number; people: number }>(
      `SELECT floor(extract(epoch FROM checked_in_at - $2::timestamptz) / 86400)::int AS d, count(*)::int AS entries, count(DISTINCT ${WHO})::int AS people
       FROM (${COUNTED}) week GROUP BY 1`, [venueId, weekStart, end]),
    db.query<{ id: string; name: string; removed: boolean }>(
      'SELECT id, name, removed_at IS NOT NULL AS removed FROM checkpoints WHERE venue_id = $1 ORDER BY created_at, id', [venueId])
  ])

  const inspectorNames = await accountNames(db, perInspector.map((i) => i.user_id))
  const byHour = new Map(hourly.map((h) => [h.hour, h.entries]))
  const byCheckpoint = new Map(perCheckpoint.map((c) => [c.checkpoint_id, c]))
  const byDay = new Map(trend.map((t) => [t.d, t]))
  const key = deps.config.dataKeys
  return {
    venueId,
    date,
    totals: { entries: totals.entries, people: totals.people, assisted: totals.assisted, yellow: totals.yellow, red: totals.red },
    hourly: Array.from({ length: 24 }, (_, hour) => ({ hour, entries: byHour.get(hour) ?? 0 })),
    // Removed checkpoints appear only on days they were used.
    checkpoints: checkpoints.filter((c) => !c.removed || byCheckpoint.has(c.id)).map((c) => {
      const s = byCheckpoint.get(c.id)
      return {
        checkpointId: c.id, name: c.name, removed: c.removed,
        entries: s?.entries ?? 0, people: s?.people ?? 0, temperature: temps(s ?? { checked: 0, abnormal: 0 })
      }
    }),
    inspectors: perInspector.map((i) => ({
      userId: i.user_id,
      nameMasked: inspectorNames.get(i.user_id) ? maskName(decrypt(key, inspectorNames.get(i.user_id)!)) : UNNAMED_USER,
      assisted: i.assisted,
      temperature: temps(i)
    })),
    temperature: temps(totals),
    trend: Array.from({ length: TREND_DAYS }, (_, d) => {
      const t = byDay.get(d)
      return { date: addDays(date, d + 1 - TREND_DAYS), entries: t?.entries ?? 0, people: t?.people ?? 0 }
    })
  }
}
