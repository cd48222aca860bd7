import { ERRORS } from '../../src/shared/errors'
import { ageLabel, keptWhoLabel, lastKnownLabel, noticeText, pendingLine, SAVED_TITLE, savedView } from '../../src/services/checkin-offline'
import type { QueuedScan } from '../../src/services/scan-queue'

const NOW = Date.parse('2026-12-07T02:30:00Z') // 10:30 in Beijing
const scan: QueuedScan = {
  scanId: 'abcdefghijklmnop1234', code: 'x', scannedAt: '2026-12-07T02:25:07Z', companionIds: [], tries: 1,
  lastKnown: { status: 'green', knownAt: '2026-12-07T00:20:00Z' }
}

describe('the last known colour is said with its age, never as today\'s result', () => {
  it('says how long ago as a person would', () => {
    expect(ageLabel(20_000)).toBe('刚刚')
    expect(ageLabel(5 * 60_000)).toBe('5 分钟前')
    expect(ageLabel(2 * 3600_000 + 59 * 60_000)).toBe('2 小时前')
    expect(ageLabel(3 * 24 * 3600_000)).toBe('3 天前')
  })
  it('labels the colour with its age', () => {
    expect(lastKnownLabel({ status: 'green', knownAt: '2026-12-07T00:20:00Z' }, NOW)).toBe('上次查询：绿码（2 小时前）')
    expect(lastKnownLabel({ status: 'red', knownAt: '2026-12-07T02:29:30Z' }, NOW)).toBe('上次查询：红码（刚刚）')
  })
})

describe('the 已保存 screen', () => {
  it('gives the scan time in Beijing time, why it was kept, and the colour with its age', () => {
    expect(savedView(scan, { ok: false, code: 'INTERNAL', message: '', unreachable: true }, false, NOW)).toEqual({
      title: SAVED_TITLE,
      reason: '当前网络不可用',
      scannedAt: '2026-12-07 10:25:07',
      who: '将为本人登记。如有同行人员，请在网络恢复后重新扫码为他们登记',
      lastKnown: { status: 'green', label: '上次查询：绿码（2 小时前）' }
    })
    expect(savedView({ ...scan, lastKnown: null }, { ok: false, code: 'SYSTEM_BUSY', message: '' }, true, NOW))
      .toMatchObject({ reason: ERRORS.SYSTEM_BUSY, lastKnown: null, who: '将为本人登记' })
  })
  it('says who will be entered: the companions chosen, or the holder alone when nobody could be asked', () => {
    expect(keptWhoLabel({ companionIds: ['a', 'b'] }, true)).toBe('将为本人和 2 名同行人员登记')
    expect(keptWhoLabel({ companionIds: [] }, false)).toContain('如有同行人员')
  })
})

describe('我的扫码记录 and the notices', () => {
  it('a 待上传 line has the time alone today, and the date too on another day', () => {
    expect(pendingLine(scan, NOW)).toEqual({ scanId: scan.scanId, time: '10:25', who: '本人' })
    expect(pendingLine({ ...scan, companionIds: ['a'] }, NOW + 24 * 3600_000)).toEqual({ scanId: scan.scanId, time: '12月7日 10:25', who: '本人和 1 名同行人员' })
  })
  it('a notice says which scan and why', () => {
    expect(noticeText({ scanId: 's', scannedAt: scan.scannedAt, reason: 'refused', code: 'VENUE_CODE_FORGED', message: ERRORS.VENUE_CODE_FORGED }))
      .toBe(`12月7日 10:25 的扫码未能补登：${ERRORS.VENUE_CODE_FORGED}`)
  })
})
