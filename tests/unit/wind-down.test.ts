import { isRegistration, stoppedMessage } from '../../server/domain/wind-down'
import { uploadVerdict } from '../../src/services/scan-queue'
import { receiptView } from '../../src/services/receipt-view'
import type { DeletionReceipt } from '../../src/shared/api'
import { ERRORS } from '../../src/shared/errors'

/** 停用's rules without a database: what is refused in wind-down, what a kept scan does, how the receipt reads. */
describe('停用 (issue 20)', () => {
  it('dates the refusal as a person reads it', () => {
    expect(stoppedMessage('2026-12-07')).toBe('本系统已于2026年12月7日停止登记')
    expect(stoppedMessage(null)).toBe(ERRORS.SYSTEM_STOPPED)
  })

  it('refuses registrations only; reading and withdrawing stay open', () => {
    expect(isRegistration('checkIn', {})).toBe(true)
    expect(isRegistration('assist', { action: 'register' })).toBe(true)
    expect(isRegistration('generateCode', { action: 'apply' })).toBe(true)
    expect(isRegistration('people', { action: 'addCompanion' })).toBe(true)
    expect(isRegistration('assist', { action: 'recent' })).toBe(false)
    expect(isRegistration('generateCode', { action: 'poster' })).toBe(false)
    expect(isRegistration('entries', { action: 'list' })).toBe(false)
    expect(isRegistration('entries', { action: 'withdraw' })).toBe(false)
    expect(isRegistration('people', { action: 'accessLog' })).toBe(false)
    expect(isRegistration('people', null)).toBe(false)
  })

  it('drops a kept scan refused for 停用, telling the person the date, and never tries it again', () => {
    const message = stoppedMessage('2026-12-07')
    expect(uploadVerdict({ ok: false, code: 'SYSTEM_STOPPED', message })).toEqual({ kind: 'drop', code: 'SYSTEM_STOPPED', message })
    expect(uploadVerdict({ ok: false, code: 'SYSTEM_ENDED', message: ERRORS.SYSTEM_ENDED })).toEqual({ kind: 'drop', code: 'SYSTEM_ENDED', message: ERRORS.SYSTEM_ENDED })
  })

  it('reads the receipt in Chinese: dates in Beijing time, named counts first, technical ones left out, keys and the audit head', () => {
    const receipt: DeletionReceipt = {
      stoppedAt: '2026-11-07T02:00:00.000Z',
      stoppedOn: '2026-11-07',
      destroyedAt: '2026-12-07T16:30:00.000Z',
      counts: { users: 9, persons: 10, entries: 4, log_bytes: 120, wal_segments_removed: 1, audit_heads: 3, some_new_table: 2 },
      lastAuditHead: 'ab'.repeat(32),
      keysDestroyed: ['d1', 'lookup-hash']
    }
    const view = receiptView(receipt)
    expect(view.summary).toBe('本系统已于2026年11月7日停止登记，并于2026年12月8日 00:30（北京时间）销毁了全部个人信息和扫码记录。')
    expect(view.counts.map((c) => [c.key, c.count])).toEqual([['persons', 10], ['entries', 4], ['users', 9], ['audit_heads', 3], ['some_new_table', 2]])
    expect(view.keys).toBe('已销毁加密个人信息的数据密钥 d1，以及身份证号、手机号的查询密钥：即使留有备份，其中的个人信息也无法解密。')
    expect(view.counts.find((c) => c.key === 'audit_heads')!.label).toBe('审计链头')
    expect(view.auditHead).toBe('ab'.repeat(32))
  })
})
