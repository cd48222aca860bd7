/**
 * 异常提醒 as venue staff read them: those waiting first, the person masked with code or
 * temperature, the red advice for someone at the door, and a case's visit with when and what to
 * do but nobody named.
 */
import {
  acceptedTemplateIds, acknowledgedNote, acknowledgeInList, alertAdvice, alertCountLabel, alertKindLabel, alertPlace, alertTemperature,
  alertTime, exposurePeriod, exposureText, sortAlerts
} from '../../src/services/alerts-view'
import type { AlertView } from '../../src/shared/api'
import { CAUSE_DETAILS, STOP_TITLE } from '../../src/shared/entry-advice'

const alert = (alertId: string, extra: Partial<AlertView> = {}): AlertView => ({
  alertId, kind: 'status', venueId: 'v1', venueName: '泉城广场', checkpointName: '主入口', personNameMasked: '孙*',
  healthStatus: 'red', temperatureCelsius: null, exposure: null, createdAt: '2022-04-06T02:00:00Z', acknowledgedAt: null,
  closedAt: null, role: 'inspector', ...extra
})

test('waiting ones first, newest first within each part', () => {
  const sorted = sortAlerts([
    alert('old-done', { createdAt: '2022-04-06T01:00:00Z', acknowledgedAt: '2022-04-06T01:05:00Z' }),
    alert('old-waiting', { createdAt: '2022-04-06T01:00:00Z' }),
    alert('new-done', { createdAt: '2022-04-06T03:00:00Z', acknowledgedAt: '2022-04-06T03:01:00Z' }),
    alert('new-waiting', { createdAt: '2022-04-06T03:00:00Z' })
  ])
  expect(sorted.map((a) => a.alertId)).toEqual(['new-waiting', 'old-waiting', 'new-done', 'old-done'])
})

test('acknowledging replaces the alert in place and counts one fewer waiting, once', () => {
  const list = { alerts: [alert('a'), alert('b')], unacknowledged: 5 }
  const done = alert('b', { acknowledgedAt: '2022-04-06T02:10:00Z' })
  const after = acknowledgeInList(list, done)
  expect(after).toEqual({ alerts: [list.alerts[0], done], unacknowledged: 4 })
  // The same answer again (a double tap) changes nothing more.
  expect(acknowledgeInList(after, done).unacknowledged).toBe(4)
  // An alert not in the list (it left with a poll meanwhile): nothing counted.
  expect(acknowledgeInList(list, alert('zzz', { acknowledgedAt: '2022-04-06T02:10:00Z' })).unacknowledged).toBe(5)
})

test('what, where, who and when', () => {
  expect(alertKindLabel(alert('a'))).toBe('异常健康码人员扫码')
  expect(alertKindLabel(alert('a', { kind: 'temperature' }))).toBe('体温异常')
  expect(alertPlace(alert('a'))).toBe('泉城广场 · 主入口')
  expect(alertPlace(alert('a', { checkpointName: null }))).toBe('泉城广场')
  expect(alertTemperature(alert('a'))).toBeNull()
  expect(alertTemperature(alert('a', { kind: 'temperature', temperatureCelsius: 37.8 }))).toBe('体温 37.8 ℃')
  const now = Date.parse('2022-04-06T04:00:00Z')
  expect(alertTime(alert('a'), now)).toBe('10:00:00')
  expect(alertTime(alert('a', { createdAt: '2022-04-04T02:00:00Z' }), now)).toBe('4月4日 10:00')
  expect(acknowledgedNote(alert('a'))).toBeNull()
  expect(acknowledgedNote(alert('a', { acknowledgedAt: '2022-04-06T02:10:00Z' }))).toBe('已知晓 · 4月6日 10:10')
})

test('the door advice for a person, by status or temperature; none for a case\'s visit', () => {
  expect(alertAdvice(alert('a'))).toEqual({ level: 'stop', title: STOP_TITLE, detail: CAUSE_DETAILS.red })
  expect(alertAdvice(alert('a', { healthStatus: 'yellow' }))?.detail).toBe(CAUSE_DETAILS.yellow)
  expect(alertAdvice(alert('a', { kind: 'temperature', healthStatus: 'green', temperatureCelsius: 38.2 }))?.detail).toBe(CAUSE_DETAILS.fever(38.2))
  expect(alertAdvice(alert('a', { kind: 'exposure', personNameMasked: null, healthStatus: null, exposure: { from: '2022-04-06T01:30:00Z', to: '2022-04-06T03:00:00Z' } }))).toBeNull()
})

test('a case\'s visit: the period in China time and what to do, no person', () => {
  const exposure = { from: '2022-04-06T01:30:00Z', to: '2022-04-06T03:00:00Z' }
  expect(exposurePeriod(exposure)).toBe('4月6日 09:30–11:00')
  expect(exposurePeriod({ from: '2022-04-06T15:00:00Z', to: '2022-04-06T16:30:00Z' })).toBe('4月6日 23:00–4月7日 00:30')
  const text = exposureText(alert('a', { kind: 'exposure', personNameMasked: null, healthStatus: null, exposure }))
  expect(text).toBe('确诊病例曾于 4月6日 09:30–11:00 到访本场所。请配合疾控部门开展消杀和排查，当时在岗的工作人员请做好健康监测，按疾控部门通知落实后续措施。')
  expect(text).not.toContain('孙')
  expect(exposureText(alert('a', { kind: 'exposure', exposure: null }))).toMatch(/^确诊病例曾到访本场所。请配合疾控部门开展消杀和排查/)
})

test('the home card line, and the templates WeChat answered accept for', () => {
  expect(alertCountLabel(0)).toBe('暂无待确认')
  expect(alertCountLabel(3)).toBe('3 条待确认')
  expect(acceptedTemplateIds({ errMsg: 'requestSubscribeMessage:ok', t1: 'accept', t2: 'reject', t3: 'ban' }, ['t1', 't2', 't3', 't4'])).toEqual(['t1'])
  expect(acceptedTemplateIds({ errMsg: 'requestSubscribeMessage:ok' }, ['t1'])).toEqual([])
})
