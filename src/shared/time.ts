import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/** China has one time zone and no daylight saving: a fixed +08:00 needs no Intl tz data. */
const SHANGHAI_OFFSET_MINUTES = 8 * 60

/** Show a UTC instant (ISO string or Date) in Asia/Shanghai, e.g. 2022-04-06 09:30:05. */
export function formatShanghai(instant: string | number | Date, pattern = 'YYYY-MM-DD HH:mm:ss'): string {
  return dayjs(instant).utcOffset(SHANGHAI_OFFSET_MINUTES).format(pattern)
}
