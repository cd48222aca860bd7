/** 风险提示: where and when in China time, what to do, and nothing about the case. */
import { riskNoticeText, riskVenueText } from '../../src/services/risk-notice'
import type { RiskNoticeView } from '../../src/shared/api'

const notice: RiskNoticeView = {
  noticeId: 'n1',
  venueId: 'v1',
  nameMasked: '张*',
  venueName: '泉城广场',
  fullAddress: '山东省济南市历下区泉城路街道 泉城路1号',
  // 00:30 on 6 April in Shanghai, still 5 April in UTC.
  enteredAt: '2022-04-05T16:30:00Z',
  createdAt: '2022-04-08T02:00:00Z'
}

test('the notice names whose entry, the Shanghai time and the place, then what to do', () => {
  expect(riskNoticeText(notice)).toBe(
    '张* 于 4月6日 00:30 到访 泉城广场（山东省济南市历下区泉城路街道 泉城路1号），该场所有确诊病例曾到访。'
    + '请立即向所在社区报备，配合核酸检测，做好健康监测。'
  )
})

test('a companion\'s notice names the companion', () => {
  expect(riskNoticeText({ ...notice, nameMasked: '张**' }).startsWith('张** 于 ')).toBe(true)
})

describe('one line per venue', () => {
  const venue = {
    venueName: '泉城广场', fullAddress: '山东省济南市历下区泉城路街道 泉城路1号', names: ['张*', '张**'],
    entries: 1, firstEnteredAt: '2022-04-05T16:30:00Z', lastEnteredAt: '2022-04-05T16:30:00Z'
  }
  test('one visit: its time', () => {
    expect(riskVenueText({ ...venue, names: ['张*'] })).toBe('张* 于 4月6日 00:30 到访 泉城广场（山东省济南市历下区泉城路街道 泉城路1号），该场所有确诊病例曾到访。')
  })
  test('several visits: the days in China time and the count, each person once', () => {
    expect(riskVenueText({ ...venue, entries: 3, lastEnteredAt: '2022-04-07T02:00:00Z' }))
      .toBe('张*、张** 于 4月6日至4月7日 共3次 到访 泉城广场（山东省济南市历下区泉城路街道 泉城路1号），该场所有确诊病例曾到访。')
    expect(riskVenueText({ ...venue, entries: 2, lastEnteredAt: '2022-04-06T02:00:00Z' }).startsWith('张*、张** 于 4月6日 共2次 到访')).toBe(true)
  })
})
