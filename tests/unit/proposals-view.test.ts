/** 待复核 and 申诉处理 as the official reads them: who decides what, how a proposal and an appeal read. */
import {
  appealAnswerError, appealLines, correctConfirmText, decideConfirmText, decisionReasonError, pendingForPerson, proposalLineText, proposalLines,
  replaceProposal, splitAppeals, splitProposals, timeLeft, waitingCount
} from '../../src/services/proposals-view'
import type { AppealView, ProposalView } from '../../src/shared/api'

const NOW = Date.parse('2026-12-07T02:00:00Z')

const proposal = (proposalId: string, extra: Partial<ProposalView> = {}): ProposalView => ({
  proposalId, kind: 'status', state: 'pending', source: 'manual', proposedBy: '济南市疫情防控指挥部 赵*',
  proposedAt: '2026-12-07T01:00:00Z', expiresAt: '2026-12-08T01:00:00Z', reason: '核酸检测阳性',
  lines: [{ personId: 'p1', nameMasked: '张*', idCardMasked: '3701**********1231', fromStatus: 'green', toStatus: 'red', reason: '核酸检测阳性' }],
  lineCount: 1, traceId: null, caseNameMasked: null, contactCount: null, decidedBy: null, decidedAt: null, decisionReason: null,
  emergency: false, canDecide: true, mine: false, ...extra
})

test('the caller decides others\' pending proposals (closest to expiring first); their own wait for someone else; decided ones last, newest first', () => {
  const { toDecide, mine, decided } = splitProposals([
    proposal('late', { expiresAt: '2026-12-08T05:00:00Z' }),
    proposal('own', { mine: true, canDecide: false }),
    proposal('soon', { expiresAt: '2026-12-07T05:00:00Z' }),
    proposal('out-of-reach', { canDecide: false }),
    proposal('old', { state: 'approved', decidedAt: '2026-12-06T01:00:00Z' }),
    proposal('expired', { state: 'expired', expiresAt: '2026-12-07T00:00:00Z' })
  ])
  expect(toDecide.map((p) => p.proposalId)).toEqual(['soon', 'late'])
  expect(mine.map((p) => p.proposalId)).toEqual(['own'])
  expect(decided.map((p) => p.proposalId)).toEqual(['expired', 'old'])
})

test('one\'s own proposal is never counted as waiting for one\'s decision, even if a server said canDecide', () => {
  expect(waitingCount([proposal('a'), proposal('b', { mine: true }), proposal('c', { state: 'rejected' })])).toBe(1)
})

test('a decision and an answer need the second official\'s own reason', () => {
  expect(decisionReasonError('')).toBe('请填写复核意见')
  expect(decisionReasonError('好')).toBe('复核意见至少2个字')
  expect(decisionReasonError('x'.repeat(201))).toBe('复核意见不能超过200个字')
  expect(decisionReasonError('核对检测报告无误')).toBeNull()
  expect(appealAnswerError(' ')).toBe('请填写答复理由')
  expect(appealAnswerError('复核检测报告，结果为阳性')).toBeNull()
})

test('a single change reads whom, to which colour, by whom, and until when it may be decided', () => {
  const lines = proposalLines(proposal('a'), NOW)
  expect(lines.title).toBe('逐个设置：张* 设为红码')
  expect(lines.tone).toBe('red')
  expect(lines.proposed).toBe('提出：济南市疫情防控指挥部 赵* · 2026-12-07 09:00')
  expect(lines.expiry).toBe('有效至 12-08 09:00（还剩 23 小时）')
  expect(lines.state).toBe('待复核')
  expect(lines.decision).toBeNull()
  expect(lines.more).toBeNull()
  expect(proposalLineText(proposal('a').lines[0])).toBe('张* 3701**********1231 绿码 → 红码')
})

test('a file reads its count, its highest colour and the lines not listed; a trace reads its contacts', () => {
  const file = proposal('f', {
    source: 'import', lineCount: 60,
    lines: [
      { personId: 'p1', nameMasked: '张*', idCardMasked: 'x', fromStatus: 'red', toStatus: 'green', reason: 'r' },
      { personId: 'p2', nameMasked: '李*', idCardMasked: 'y', fromStatus: 'green', toStatus: 'yellow', reason: 'r' }
    ]
  })
  expect(proposalLines(file, NOW)).toMatchObject({ title: '批量导入：60 人变更', tone: 'yellow', more: '另有 58 人未列出' })
  const trace = proposal('t', { kind: 'trace', lines: [], lineCount: 0, contactCount: 5, caseNameMasked: '孙*', reason: '流调确认' })
  expect(proposalLines(trace, NOW)).toMatchObject({ title: '流调：向 5 人发出风险提示', tone: 'trace', reason: '病例 孙*：流调确认' })
  expect(decideConfirmText(trace, true)).toContain('5 名同场人员')
})

test('a decided proposal says who decided, when and why; an emergency one says so first', () => {
  const done = proposal('d', { state: 'rejected', decidedBy: '济南市疫情防控指挥部 周*', decidedAt: '2026-12-07T03:00:00Z', decisionReason: '证据不足' })
  expect(proposalLines(done, NOW)).toMatchObject({ state: '已驳回', decision: '复核：济南市疫情防控指挥部 周* · 2026-12-07 11:00 · 意见：证据不足' })
  expect(proposalLines(proposal('e', { emergency: true, state: 'approved' }), NOW).title).toMatch(/^紧急变更 · /)
})

test('time left counts down in hours, then minutes, then 已到期', () => {
  expect(timeLeft('2026-12-07T05:30:00Z', NOW)).toBe('还剩 3 小时')
  expect(timeLeft('2026-12-07T02:25:00Z', NOW)).toBe('还剩 25 分钟')
  expect(timeLeft('2026-12-07T02:00:00Z', NOW)).toBe('已到期')
})

test('a decided proposal replaces its line; one not listed yet goes on top', () => {
  const list = [proposal('a'), proposal('b')]
  expect(replaceProposal(list, proposal('b', { state: 'approved' })).map((p) => p.state)).toEqual(['pending', 'approved'])
  expect(replaceProposal(list, proposal('c')).map((p) => p.proposalId)).toEqual(['c', 'a', 'b'])
})

const appeal = (appealId: string, extra: Partial<AppealView> = {}): AppealView => ({
  appealId, changeId: 'c1', personNameMasked: '张*', idCardMasked: '3701**********1231', fromStatus: 'green', toStatus: 'red',
  changeReason: '核酸检测阳性', office: '济南市疫情防控指挥部', text: '我没有做过核酸检测', createdAt: '2026-12-07T02:00:00Z',
  state: 'open', decision: null, answer: null, answeredBy: null, answeredAt: null, correctionProposalId: null, ...extra
})

test('open appeals first, longest waiting on top; answered ones newest first', () => {
  const { open, answered } = splitAppeals([
    appeal('new', { createdAt: '2026-12-07T03:00:00Z' }),
    appeal('a-old', { state: 'answered', decision: 'upheld', answeredAt: '2026-12-07T03:00:00Z' }),
    appeal('old', { createdAt: '2026-12-07T01:00:00Z' }),
    appeal('a-new', { state: 'answered', decision: 'corrected', answeredAt: '2026-12-07T04:00:00Z' })
  ])
  expect(open.map((a) => a.appealId)).toEqual(['old', 'new'])
  expect(answered.map((a) => a.appealId)).toEqual(['a-new', 'a-old'])
})

test('an appeal reads the person masked, the change, its reason and office, the text; its answer once given', () => {
  expect(appealLines(appeal('a'))).toEqual({
    who: '张* 3701**********1231', change: '绿码 → 红码', changeReason: '变更原因：核酸检测阳性 · 济南市疫情防控指挥部',
    text: '我没有做过核酸检测', at: '申诉时间 2026-12-07 10:00', answer: null
  })
  const answered = appeal('b', { state: 'answered', decision: 'corrected', answer: '检测样本登记错误', answeredBy: '济南市疫情防控指挥部 赵*', answeredAt: '2026-12-07T04:00:00Z' })
  expect(appealLines(answered).answer).toBe('答复：更正 · 检测样本登记错误 · 济南市疫情防控指挥部 赵* · 2026-12-07 12:00')
  expect(correctConfirmText(appeal('a'))).toContain('恢复为绿码')
})

test('the pending status change about a person is found by any of its lines; decided ones and traces are not', () => {
  const file = proposal('file', { lines: [{ ...proposal('x').lines[0], personId: 'p9' }, { ...proposal('x').lines[0], personId: 'p2' }] })
  const list = [proposal('done', { state: 'approved' }), proposal('trace', { kind: 'trace', lines: [] }), file]
  expect(pendingForPerson(list, 'p2')?.proposalId).toBe('file')
  expect(pendingForPerson(list, 'p1')).toBeNull()
})
