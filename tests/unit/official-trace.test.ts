import type { TraceContact, TraceResult, TraceStay } from '../../src/shared/api'
import {
  confirmTraceContent, confirmedAtText, contactLine, csvForExcel, notifiedText, periodDate, safeCsvName, stayCard,
  traceSummary, tracedVenueCount
} from '../../src/services/official-trace'

const contact = (over: Partial<TraceContact> = {}): TraceContact => ({
  personId: 'c1',
  nameMasked: '张*',
  idCardMasked: '3701**********1231',
  phoneMasked: '138****0001',
  healthStatus: 'green',
  method: 'self',
  enteredAt: '2026-11-20T02:10:00.000Z',
  leftAt: '2026-11-20T03:40:00.000Z',
  checkedOut: false,
  overlapMinutes: 80,
  ...over
})

const stay = (over: Partial<TraceStay> = {}): TraceStay => ({
  entryId: 'e1',
  venueId: 'v1',
  venueName: '泉城广场',
  fullAddress: '山东省济南市历下区泉城路街道 泉城路1号',
  checkpointName: '主入口',
  enteredAt: '2026-11-20T02:00:00.000Z',
  leftAt: '2026-11-20T03:00:00.000Z',
  checkedOut: true,
  contacts: [contact()],
  ...over
})

const trace = (over: Partial<TraceResult> = {}): TraceResult => ({
  traceId: 't1',
  person: { personId: 'p1', nameMasked: '孙*', idCardMasked: '3701**********7896', healthStatus: 'red' },
  from: '2026-11-08',
  to: '2026-11-21',
  stays: [stay(), stay({ entryId: 'e2', enteredAt: '2026-11-19T02:00:00Z', leftAt: '2026-11-19T05:00:00Z', checkedOut: false }),
    stay({ entryId: 'e3', venueId: 'v2', venueName: '大明湖', contacts: [] })],
  contactCount: 1,
  confirmedAt: null,
  ...over
})

describe('a stay of the case', () => {
  it('reads place, checkpoint, period in China time and how its end is known', () => {
    expect(stayCard(stay())).toEqual({
      venue: '泉城广场',
      address: '山东省济南市历下区泉城路街道 泉城路1号',
      checkpoint: '主入口',
      period: '2026-11-20 10:00—11:00',
      ending: '离场登记'
    })
    expect(stayCard(stay({ checkedOut: false })).ending).toBe('按默认停留时长')
  })
})

describe('a contact', () => {
  it('reads masked, with status, how they entered, when and the overlap', () => {
    expect(contactLine(contact())).toEqual({
      name: '张*',
      idCard: '3701**********1231',
      phone: '138****0001',
      status: '绿码',
      method: '本人',
      period: '2026-11-20 10:10—11:40',
      ending: '按默认停留时长',
      overlap: '重叠80分钟'
    })
  })
  it('names companions, assisted entries and a missing phone', () => {
    expect(contactLine(contact({ method: 'companion' })).method).toBe('同行')
    expect(contactLine(contact({ method: 'assisted', phoneMasked: null })).phone).toBe('未登记手机号')
    expect(contactLine(contact({ method: 'assisted' })).method).toBe('辅助登记')
  })
})

describe('the whole trace', () => {
  it('counts stays, distinct venues and contacts', () => {
    expect(traceSummary(trace())).toEqual({ period: '2026-11-08 至 2026-11-21', stays: 3, venues: 2, contacts: 1 })
    expect(tracedVenueCount({ stays: [] })).toBe(0)
  })
  it('shows a period given as instants by its China dates', () => {
    expect(periodDate('2026-11-07T16:00:00.000Z')).toBe('2026-11-08')
    expect(periodDate('2026-11-08')).toBe('2026-11-08')
  })
  it('asks before notifying, saying who is told what and that the case stays unnamed', () => {
    const text = confirmTraceContent(trace({ contactCount: 7 }))
    expect(text).toContain('7名同场人员')
    expect(text).toContain('2个场所')
    expect(text).toContain('不透露病例身份')
    expect(text).toContain('无法撤回')
  })
  it('says how many were told, and when a trace was confirmed', () => {
    expect(notifiedText(7, 2)).toBe('已通知7人、2个场所')
    expect(confirmedAtText('2026-11-20T02:00:00Z')).toBe('已于 2026-11-20 10:00 确认病例并发出风险提示')
  })
})

describe('the exported file', () => {
  it('starts with one byte-order mark, so Excel reads the Chinese as UTF-8', () => {
    expect(csvForExcel('场所,时间\n')).toBe('\uFEFF场所,时间\n')
    expect(csvForExcel('\uFEFF场所\n')).toBe('\uFEFF场所\n')
  })
  it('gets a name every file system takes, ending .csv', () => {
    expect(safeCsvName('流调-3701-2026-11-21.csv')).toBe('流调-3701-2026-11-21.csv')
    expect(safeCsvName('流调/孙*')).toBe('流调_孙_.csv')
    expect(safeCsvName('')).toBe('流调记录.csv')
  })
})
