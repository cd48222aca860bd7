import type { AlertDetail, AlertView, StatusChangeView } from '../../src/shared/api'
import {
  alertFinding, alertLine, formatPeriod, historyLine, mergeAlert, officialLinks, openAlertCount, scopeLine, sortAlerts,
  traceableAlert
} from '../../src/services/official-view'

const alert = (over: Partial<AlertView> = {}): AlertView => ({
  alertId: 'a1',
  kind: 'status',
  venueId: 'v1',
  venueName: '泉城广场',
  checkpointName: '主入口',
  personNameMasked: '钱*',
  healthStatus: 'yellow',
  temperatureCelsius: null,
  exposure: null,
  createdAt: '2026-11-20T02:05:00.000Z',
  acknowledgedAt: null,
  closedAt: null,
  role: 'official',
  ...over
})

describe('links of 防控工作台', () => {
  it('names the alert or the person in the query, encoded', () => {
    expect(officialLinks.alert('a 1')).toBe('/official/alert/index?alertId=a%201')
    expect(officialLinks.trace('p1')).toBe('/official/trace/index?personId=p1')
  })
  it('opens 流调查询 empty when no person is named', () => {
    expect(officialLinks.trace()).toBe('/official/trace/index')
    expect(officialLinks.trace('')).toBe('/official/trace/index')
  })
})

it('reads the appointment as region · office', () => {
  expect(scopeLine({ regionCode: '3701', regionName: '山东省济南市', office: '济南市疫情防控指挥部' })).toBe('山东省济南市 · 济南市疫情防控指挥部')
})

describe('the alert list', () => {
  it('puts open alerts first, each group newest first, and counts the open ones', () => {
    const list = [
      alert({ alertId: 'closed-new', createdAt: '2026-11-20T05:00:00Z', closedAt: '2026-11-20T06:00:00Z' }),
      alert({ alertId: 'open-old', createdAt: '2026-11-19T05:00:00Z' }),
      alert({ alertId: 'closed-old', createdAt: '2026-11-18T05:00:00Z', closedAt: '2026-11-18T06:00:00Z' }),
      alert({ alertId: 'open-new', createdAt: '2026-11-20T04:00:00Z' })
    ]
    expect(sortAlerts(list).map((a) => a.alertId)).toEqual(['open-new', 'open-old', 'closed-new', 'closed-old'])
    expect(openAlertCount(list)).toBe(2)
    // The list given is not reordered in place.
    expect(list[0].alertId).toBe('closed-new')
  })

  it('reads a status alert with the masked person, the place and China time', () => {
    expect(alertLine(alert())).toEqual({
      kind: '异常健康码人员扫码',
      place: '泉城广场 · 主入口',
      who: '钱*',
      finding: '黄码',
      at: '2026-11-20 10:05',
      state: '待处置',
      open: true,
      tone: 'yellow'
    })
    expect(alertLine(alert({ healthStatus: 'red' })).tone).toBe('red')
  })

  it('reads a fever by its temperature, in red', () => {
    const line = alertLine(alert({ kind: 'temperature', healthStatus: 'green', temperatureCelsius: 38.2 }))
    expect(line.finding).toBe('体温 38.2 ℃')
    expect(line.tone).toBe('red')
  })

  it('reads a case\'s visit by its period and names no one', () => {
    const a = alert({
      kind: 'exposure', personNameMasked: null, healthStatus: null, checkpointName: null,
      exposure: { from: '2026-11-19T15:10:00Z', to: '2026-11-19T17:40:00Z' }
    })
    const line = alertLine(a)
    expect(line.who).toBeNull()
    expect(line.place).toBe('泉城广场')
    expect(line.finding).toBe('病例到访 2026-11-19 23:10—11-20 01:40')
    expect(line.tone).toBe('red')
  })

  it('says 已处置 once closed', () => {
    const line = alertLine(alert({ closedAt: '2026-11-20T03:00:00Z' }))
    expect([line.state, line.open]).toEqual(['已处置', false])
  })

  it('falls back to the kind when an alert carries nothing to show', () => {
    expect(alertFinding({ kind: 'temperature', healthStatus: null, temperatureCelsius: null, exposure: null })).toBe('体温异常')
  })
})

describe('a period in China time', () => {
  it('gives the date once for a stay within one day', () => {
    expect(formatPeriod('2026-11-20T01:00:00Z', '2026-11-20T02:30:00Z')).toBe('2026-11-20 09:00—10:30')
  })
  it('gives the second date for a stay past midnight, China time (not UTC)', () => {
    // 15:30 UTC is 23:30 in China: the same UTC day, the next China day.
    expect(formatPeriod('2026-11-20T15:30:00Z', '2026-11-20T16:30:00Z')).toBe('2026-11-20 23:30—11-21 00:30')
  })
  it('gives the year too across new year', () => {
    expect(formatPeriod('2026-12-31T15:00:00Z', '2026-12-31T17:00:00Z')).toBe('2026-12-31 23:00—2027-01-01 01:00')
  })
})

describe('an alert detail', () => {
  const detail: AlertDetail = {
    ...alert({ healthStatus: 'red' }),
    person: { personId: 'p1', name: '孙八', idCard: '370102199203157896', phone: '13800000003' },
    acknowledgements: [{ nameMasked: '王*', role: 'inspector', at: '2026-11-20T02:06:00Z' }]
  }

  it('can be traced for a person with a yellow or red code only', () => {
    expect(traceableAlert(detail)).toBe(true)
    expect(traceableAlert({ ...detail, healthStatus: 'yellow' })).toBe(true)
    expect(traceableAlert({ ...detail, healthStatus: 'green' })).toBe(false)
    expect(traceableAlert({ ...detail, healthStatus: null })).toBe(false)
    expect(traceableAlert({ ...detail, person: null })).toBe(false)
  })

  it('keeps the person and acknowledgements when the acknowledge answer replaces the rest', () => {
    const merged = mergeAlert(detail, alert({ healthStatus: 'red', closedAt: '2026-11-20T03:00:00Z', acknowledgedAt: '2026-11-20T03:00:00Z' }))
    expect(merged.closedAt).toBe('2026-11-20T03:00:00Z')
    expect(merged.person).toEqual(detail.person)
    expect(merged.acknowledgements).toEqual(detail.acknowledgements)
  })
})

describe('a line of the status history', () => {
  const change: StatusChangeView = {
    oldStatus: 'green', newStatus: 'red', reason: '核酸检测阳性', changedBy: '济南市疫情防控指挥部 赵*',
    approvedBy: '济南市疫情防控指挥部 周*', emergency: false, source: 'manual', changedAt: '2026-11-20T02:00:00.000Z'
  }
  it('reads old → new, the reason, who proposed and who approved, how and when', () => {
    expect(historyLine(change)).toEqual({
      change: '绿码 → 红码', reason: '核酸检测阳性', by: '济南市疫情防控指挥部 赵* · 逐个设置 · 2026-11-20 10:00',
      approval: '复核人：济南市疫情防控指挥部 周*', emergency: false
    })
  })
  it('marks an emergency change as not reviewed, and names no approver for the demo seed', () => {
    expect(historyLine({ ...change, approvedBy: null, emergency: true })).toMatchObject({ approval: '紧急变更，未经复核', emergency: true })
    expect(historyLine({ ...change, approvedBy: null, changedBy: '系统' }).approval).toBeNull()
    expect(historyLine({ ...change, source: 'appeal' }).by).toContain('申诉更正')
  })
  it('reads a first status and an imported one', () => {
    const line = historyLine({ ...change, oldStatus: null, newStatus: 'yellow', source: 'import' })
    expect(line.change).toBe('首次记录为黄码')
    expect(line.by).toContain('批量导入')
  })
})
