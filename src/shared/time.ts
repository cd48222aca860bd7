import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/** China has one time zone and no daylight saving: a fixed +08:00 needs no Intl tz data. */
const SHANGHAI_OFFSET_MINUTES = 8 * 60

/** Show a UTC instant (ISO string or Date) in Asia/Shanghai, e.g. 2022-04-06 09:30:05. */
export function formatShanghai(instant: string | number | Date, pattern = 'YYYY-MM-DD HH:mm:ss'): string {
  return dayjs(instant).utcOffset(SHANGHAI_OFFSET_MINUTES).format(pattern)
}

/** The China calendar date of an instant, YYYY-MM-DD. */
export function shanghaiDate(instant: string | number | Date): string {
  return formatShanghai(instant, 'YYYY-MM-DD')
}

/** Whether text is a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && addDays(text, 0) === text
}

/** The instant a China calendar day begins (00:00 in Asia/Shanghai). */
export function shanghaiDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`)
}

/** date plus n days (n may be negative), YYYY-MM-DD; a date that does not exist rolls over. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}
