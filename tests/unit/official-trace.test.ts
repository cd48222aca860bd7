import type { ProposalView, TraceContact, TraceResult, TraceStay } from '../../src/shared/api'
import {
  confirmTraceContent, confirmedAtText, contactLine, csvForExcel, overlapText, periodDate, safeCsvName, stayCard,
  traceContacts, traceProposalLines, traceSummary, tracedVenueCount
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
  it('says an overlap under half a minute (0 when rounded) is under a minute, not none', () => {
    expect(overlapText(5)).toBe('重叠5分钟')
    expect(overlapText(0)).toBe('重叠不足1分钟')
    expect(contactLine(contact({ overlapMinutes: 0 })).overlap).toBe('重叠不足1分钟')
  })
})

describe('the contacts of a trace', () => {
  it('lists each person once, in the order they first came, with their overlap at each stay underneath', () => {
    const a = contact({ personId: 'a', nameMasked: '甲*', enteredAt: '2026-11-20T02:30:00.000Z', overlapMinutes: 20 })
    const b = contact({ personId: 'b', nameMasked: '乙*', enteredAt: '2026-11-20T02:10:00.000Z', overlapMinutes: 5 })
    const a2 = contact({ personId: 'a', nameMasked: '甲*', enteredAt: '2026-11-19T02:05:00.000Z', leftAt: '2026-11-19T02:35:00.000Z', method: 'companion', overlapMinutes: 30 })
    const t = trace({ contactCount: 2, stays: [stay({ contacts: [b, a] }), stay({ entryId: 'e2', venueName: '大明湖', enteredAt: '2026-11-19T02:00:00Z', leftAt: '2026-11-19T05:00:00Z', contacts: [a2] }), stay({ entryId: 'e3', contacts: [] })] })
    const cards = traceContacts(t)
    expect(cards.map((c) => c.personId)).toEqual(['a', 'b'])
    expect(cards).toHaveLength(t.contactCount)
    expect(cards[0]).toEqual({
      personId: 'a', name: '甲*', idCard: '3701**********1231', phone: '138****0001', healthStatus: 'green',
      overlaps: [
        { stayEntryId: 'e1', venue: '泉城广场', stayPeriod: '2026-11-20 10:00—11:00', period: '2026-11-20 10:30—11:40', method: '本人', ending: '按默认停留时长', overlap: '重叠20分钟' },
        { stayEntryId: 'e2', venue: '大明湖', stayPeriod: '2026-11-19 10:00—13:00', period: '2026-11-19 10:05—10:35', method: '同行', ending: '按默认停留时长', overlap: '重叠30分钟' }
      ]
    })
    expect(cards[1].overlaps.map((o) => o.overlap)).toEqual(['重叠5分钟'])
    expect(traceContacts(trace({ stays: [] }))).toEqual([])
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
    expect(text).toContain('另一名工作人员复核')
    expect(text).toContain('无法撤回')
  })
  it('says a confirmation waits for a second official, and what became of it', () => {
    const p: ProposalView = {
      proposalId: 'p1', kind: 'trace', state: 'pending', source: 'manual', proposedBy: '济南市疫情防控指挥部 赵*',
      proposedAt: '2026-11-20T02:00:00Z', expiresAt: '2026-11-21T02:00:00Z', reason: '确认病例', lines: [], lineCount: 0,
      traceId: 't1', caseNameMasked: '孙*', contactCount: 7, decidedBy: null, decidedAt: null, decisionReason: null,
      emergency: false, canDecide: false, mine: true
    }
    expect(traceProposalLines(p)).toEqual({
      title: '已提交复核，待另一名工作人员批准后发出风险提示', state: '待复核', tone: 'pending',
      detail: '济南市疫情防控指挥部 赵* 于 11-20 10:00 提交；11-21 10:00 前未批准则失效'
    })
    const decided = { ...p, decidedBy: '济南市疫情防控指挥部 周*', decidedAt: '2026-11-20T03:00:00Z', decisionReason: '核实无误' }
    expect(traceProposalLines({ ...decided, state: 'approved' })).toMatchObject({ title: '已批准，风险提示已发出', state: '已批准', tone: 'ok',
      detail: '济南市疫情防控指挥部 周* 于 11-20 11:00 批准：核实无误' })
    expect(traceProposalLines({ ...decided, state: 'rejected', decisionReason: '时段有误' })).toMatchObject({ state: '已驳回', tone: 'stopped',
      title: '复核未通过，未发出风险提示', detail: '济南市疫情防控指挥部 周* 驳回：时段有误' })
    expect(traceProposalLines({ ...p, state: 'expired' })).toMatchObject({ state: '已超时失效', tone: 'stopped', title: '复核超时，未发出风险提示' })
  })
  it('says when a trace was confirmed', () => {
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
