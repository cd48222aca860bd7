/** 场所审核 and 不是我本人 as the official reads them. */
import { decisionLine, disputeLines, replaceReview, reviewReasonError, splitReviews } from '../../src/services/official-reviews'
import type { VenueReviewView } from '../../src/shared/api'

const venue = (venueId: string, extra: Partial<VenueReviewView> = {}): VenueReviewView => ({
  venueId, name: `场所${venueId}`, typeLabel: '商场超市', fullAddress: '山东省济南市历下区泉城路街道 泉城路1号',
  creditCode: '91370102MA3C123456', adminNameMasked: '李*', createdAt: '2022-04-01T02:00:00Z',
  reviewStatus: 'pending', reviewedAt: null, reviewReason: null, ...extra
})

test('waiting venues first, the longest waiting on top; decided ones after, the latest decision first', () => {
  const { pending, decided } = splitReviews([
    venue('new', { createdAt: '2022-04-03T02:00:00Z' }),
    venue('done-old', { reviewStatus: 'approved', reviewedAt: '2022-04-02T02:00:00Z' }),
    venue('old', { createdAt: '2022-04-01T02:00:00Z' }),
    venue('done-new', { reviewStatus: 'rejected', reviewedAt: '2022-04-05T02:00:00Z' })
  ])
  expect(pending.map((v) => v.venueId)).toEqual(['old', 'new'])
  expect(decided.map((v) => v.venueId)).toEqual(['done-new', 'done-old'])
})

test('a decision needs a reason, with the same words as every official form', () => {
  expect(reviewReasonError('')).toBe('请填写审核意见')
  expect(reviewReasonError('  ')).toBe('请填写审核意见')
  expect(reviewReasonError('好')).toBe('审核意见至少2个字')
  expect(reviewReasonError('x'.repeat(201))).toBe('审核意见不能超过200个字')
  expect(reviewReasonError('信用代码与执照一致')).toBeNull()
})

test('a decided venue replaces its line, and reads with its time in China', () => {
  const decided = venue('a', { reviewStatus: 'approved', reviewedAt: '2022-04-06T02:00:00Z', reviewReason: '一致' })
  expect(replaceReview([venue('a'), venue('b')], decided)).toEqual([decided, venue('b')])
  expect(decisionLine(decided)).toBe('已通过审核 · 2022-04-06 10:00')
  expect(decisionLine(venue('b'))).toBe('待审核')
})

test('a disputed entry: whose, where, made by whom, when made and when disputed', () => {
  expect(disputeLines({
    entryId: 'e', personNameMasked: '周*', venueName: '泉城广场', checkpointName: '主入口', method: 'assisted',
    madeByMasked: '王*', checkedInAt: '2022-04-06T02:00:00Z', disputedAt: '2022-04-06T04:30:00Z'
  })).toEqual({
    who: '周* 称不是本人',
    place: '泉城广场 · 主入口',
    madeBy: '辅助登记检测员：王*',
    at: '登记时间 2022-04-06 10:00',
    disputedAt: '标记时间 2022-04-06 12:30'
  })
})
