/** 健康码变更 on the home page and the 申诉 of it, as the person reads them. */
import {
  EMERGENCY_TEXT, answerLines, appealCount, appealLink, appealState, appealTextError, noticeLines, showsStatusNotices, sortNotices
} from '../../src/services/status-notices'
import type { AppealView, StatusNoticeView } from '../../src/shared/api'

const notice = (changeId: string, extra: Partial<StatusNoticeView> = {}): StatusNoticeView => ({
  changeId, personId: 'p1', nameMasked: '张*', relationLabel: '本人', fromStatus: 'green', toStatus: 'red',
  office: '济南市疫情防控指挥部', proposedBy: '赵*', approvedBy: '周*', emergency: false, reason: '核酸检测阳性',
  at: '2026-12-07T02:00:00Z', appeal: null, canAppeal: true, ...extra
})

const appeal = (extra: Partial<AppealView> = {}): AppealView => ({
  appealId: 'a1', changeId: 'c1', personNameMasked: '张*', idCardMasked: '3701**********1231', fromStatus: 'green', toStatus: 'red',
  changeReason: '核酸检测阳性', office: '济南市疫情防控指挥部', text: '我没有做过核酸检测', createdAt: '2026-12-07T03:00:00Z',
  state: 'open', decision: null, answer: null, answeredBy: null, answeredAt: null, correctionProposalId: null, ...extra
})

test('only a verified account is told of changes (only it has a colour)', () => {
  expect(showsStatusNotices({ identity: 'verified' })).toBe(true)
  expect(showsStatusNotices({ identity: 'unverified' })).toBe(false)
  expect(showsStatusNotices({ identity: 'none' })).toBe(false)
})

test('newest change first', () => {
  expect(sortNotices([notice('old', { at: '2026-12-01T00:00:00Z' }), notice('new')]).map((n) => n.changeId)).toEqual(['new', 'old'])
})

test('a change reads whose, the new colour, the office, both officials masked, the reason and the time', () => {
  expect(noticeLines(notice('c', { relationLabel: '母亲', nameMasked: '王**' }))).toEqual({
    who: '母亲 王**', colour: 'red', change: '变更为红码（原绿码）', office: '济南市疫情防控指挥部',
    officials: '提出：赵* · 复核：周*', emergency: false, reason: '原因：核酸检测阳性', time: '2026-12-07 10:00'
  })
  expect(noticeLines(notice('first', { fromStatus: null, toStatus: 'yellow' })).change).toBe('设为黄码')
})

test('an emergency change says first that nobody reviewed it', () => {
  const lines = noticeLines(notice('e', { emergency: true, approvedBy: null }))
  expect(lines.emergency).toBe(true)
  expect(lines.officials).toBe(`${EMERGENCY_TEXT} · 提出：赵*`)
  expect(lines.officials).not.toContain('复核：')
})

test('申诉 is offered once: none yet, waiting, answered', () => {
  expect(appealState(notice('a'))).toEqual({ kind: 'none', canAppeal: true })
  expect(appealState(notice('b', { canAppeal: false }))).toEqual({ kind: 'none', canAppeal: false })
  expect(appealState(notice('c', { appeal: appeal(), canAppeal: false }))).toEqual({ kind: 'waiting', text: '申诉已提交，等待答复' })
  expect(appealState(notice('d', { appeal: appeal({ state: 'answered', decision: 'upheld' }) })))
    .toEqual({ kind: 'answered', decision: '维持', text: '申诉答复：维持' })
  expect(appealLink('c 1')).toBe('/pages/appeal/index?changeId=c%201')
})

test('the answer reads the decision, the reason, who and when; 更正 says it waits for a second official', () => {
  expect(answerLines(appeal())).toBeNull()
  const upheld = answerLines(appeal({ state: 'answered', decision: 'upheld', answer: '检测报告无误', answeredBy: '济南市疫情防控指挥部 赵*', answeredAt: '2026-12-07T04:00:00Z' }))
  expect(upheld).toEqual({ decision: '维持', reason: '理由：检测报告无误', by: '答复：济南市疫情防控指挥部 赵*', at: '2026-12-07 12:00', corrected: null })
  const corrected = answerLines(appeal({ state: 'answered', decision: 'corrected', answer: '样本登记错误', answeredAt: '2026-12-07T04:00:00Z' }))
  expect(corrected?.corrected).toContain('恢复为绿码')
})

test('a 申诉 text is a few words, not more than 200 characters, counted as the server counts', () => {
  expect(appealTextError('')).toBe('请填写申诉内容')
  expect(appealTextError('不对')).toBe('申诉内容至少5个字')
  expect(appealTextError('好'.repeat(201))).toBe('申诉内容不能超过200个字')
  expect(appealTextError('我没有做过核酸检测')).toBeNull()
  expect(appealCount(' 我没有做过核酸检测 ')).toBe('9/200')
})
