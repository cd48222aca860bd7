/** 检测统计 as the admin reads it: the busiest hour in words, MM-DD days, empty days, tiles, dates. */
import type { VenueStats } from '../../src/shared/api'
import {
  busiestHour, busyHours, canGoLater, countAxis, dayName, hourRange, hourlyChartData, isEmptyDay, monthDay, peakText,
  summaryTiles, trendRows, weekEntries
} from '../../src/services/stats-view'

const none = { checked: 0, normal: 0, abnormal: 0 }

function stats(hourly: Record<number, number> = {}, extra: Partial<VenueStats> = {}): VenueStats {
  const entries = Object.values(hourly).reduce((a, b) => a + b, 0)
  return {
    venueId: 'v',
    date: '2022-04-06',
    totals: { entries, people: entries, assisted: 0, yellow: 0, red: 0 },
    hourly: Array.from({ length: 24 }, (_, hour) => ({ hour, entries: hourly[hour] ?? 0 })),
    checkpoints: [],
    inspectors: [],
    temperature: none,
    trend: ['03-31', '04-01', '04-02', '04-03', '04-04', '04-05', '04-06'].map((d, i) => ({ date: `2022-${d}`, entries: i === 6 ? entries : 0, people: i === 6 ? entries : 0 })),
    ...extra
  }
}

test('an hour is named as the span it counts, the last one ending at 24:00', () => {
  expect(hourRange(0)).toBe('00:00–01:00')
  expect(hourRange(9)).toBe('09:00–10:00')
  expect(hourRange(23)).toBe('23:00–24:00')
})

test('the busiest hour is named with its count; on a tie the earlier hour', () => {
  const day = stats({ 8: 12, 9: 32, 17: 32, 20: 1 })
  expect(busiestHour(day)).toEqual({ hour: 9, entries: 32 })
  expect(peakText(day)).toBe('高峰时段 09:00–10:00，32人次')
})

test('an empty day has no busiest hour and says so', () => {
  const day = stats()
  expect(isEmptyDay(day)).toBe(true)
  expect(busiestHour(day)).toBeNull()
  expect(peakText(day)).toBe('当日暂无登记')
  expect(busyHours(day)).toEqual([])
  expect(isEmptyDay(stats({ 23: 1 }))).toBe(false)
})

test('the hourly chart gets all 24 hours, empty ones too; the list beside it only the busy ones', () => {
  const day = stats({ 7: 2, 9: 5 })
  const data = hourlyChartData(day)
  expect(data).toHaveLength(24)
  expect(data[0]).toEqual({ hour: '00', entries: 0 })
  expect(data[9]).toEqual({ hour: '09', entries: 5 })
  expect(busyHours(day)).toEqual([
    { hour: 7, label: '07:00–08:00', entries: 2 },
    { hour: 9, label: '09:00–10:00', entries: 5 }
  ])
})

test('the trend labels its days MM-DD, oldest first, and counts the week', () => {
  const day = stats({ 9: 3 }, {
    trend: [
      { date: '2022-03-31', entries: 4, people: 3 }, { date: '2022-04-01', entries: 0, people: 0 },
      { date: '2022-04-02', entries: 1, people: 1 }, { date: '2022-04-03', entries: 0, people: 0 },
      { date: '2022-04-04', entries: 0, people: 0 }, { date: '2022-04-05', entries: 2, people: 2 },
      { date: '2022-04-06', entries: 3, people: 3 }
    ]
  })
  expect(monthDay('2022-12-01')).toBe('12-01')
  const rows = trendRows(day)
  expect(rows.map((r) => r.label)).toEqual(['03-31', '04-01', '04-02', '04-03', '04-04', '04-05', '04-06'])
  expect(rows[0]).toEqual({ date: '2022-03-31', label: '03-31', entries: 4, people: 3 })
  expect(weekEntries(day)).toBe(10)
})

test('yellow and red tiles take their colour only when someone had that status', () => {
  const quiet = summaryTiles(stats({ 9: 3 }))
  expect(quiet.map((t) => [t.label, t.value, t.tone])).toEqual([
    ['登记人次', 3, 'plain'], ['登记人数', 3, 'plain'], ['辅助登记', 0, 'plain'], ['黄码人数', 0, 'plain'], ['红码人数', 0, 'plain']
  ])
  const day = stats({ 9: 3 })
  const alarmed = summaryTiles({ ...day, totals: { ...day.totals, yellow: 1, red: 2 } })
  expect(alarmed.find((t) => t.key === 'yellow')).toMatchObject({ value: 1, tone: 'yellow' })
  expect(alarmed.find((t) => t.key === 'red')).toMatchObject({ value: 2, tone: 'red' })
})

test('today and yesterday are named; 后一天 stops at today, also across a month end', () => {
  expect(dayName('2022-04-06', '2022-04-06')).toBe('今天')
  expect(dayName('2022-04-05', '2022-04-06')).toBe('昨天')
  expect(dayName('2022-04-04', '2022-04-06')).toBe('')
  expect(dayName('2022-03-31', '2022-04-01')).toBe('昨天')
  expect(canGoLater('2022-04-05', '2022-04-06')).toBe(true)
  expect(canGoLater('2022-04-06', '2022-04-06')).toBe(false)
  expect(canGoLater('2022-03-31', '2022-04-01')).toBe(true)
})

test('the count axis has whole-number ticks from 0, at most five, in steps of 1, 2 or 5 times ten to a power', () => {
  expect(countAxis(0)).toEqual({ max: 1, ticks: [0, 1] })
  expect(countAxis(2)).toEqual({ max: 2, ticks: [0, 1, 2] })
  expect(countAxis(4)).toEqual({ max: 4, ticks: [0, 1, 2, 3, 4] })
  expect(countAxis(5)).toEqual({ max: 6, ticks: [0, 2, 4, 6] })
  expect(countAxis(32)).toEqual({ max: 40, ticks: [0, 10, 20, 30, 40] })
  expect(countAxis(1234)).toEqual({ max: 1500, ticks: [0, 500, 1000, 1500] })
  for (let n = 0; n <= 3000; n++) {
    const { max, ticks } = countAxis(n)
    expect(max).toBeGreaterThanOrEqual(n)
    expect(ticks.length).toBeLessThanOrEqual(5)
    expect(ticks.every(Number.isInteger)).toBe(true)
    expect(ticks[ticks.length - 1]).toBe(max)
  }
})
