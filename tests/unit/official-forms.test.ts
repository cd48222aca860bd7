import { HEALTH_STATUS_LABELS } from '../../src/shared/api'
import { addDays } from '../../src/shared/time'
import {
  EMPTY_STATUS_FORM, REASON_MAX, STATUS_CHOICES, defaultTracePeriod, idCardSearch, periodDays, redConfirmText,
  serverStatusErrors, statusFormErrors, statusProposedText, statusRequest, statusSetText, statusUnchangedText, tracePeriodError, traceRequest
} from '../../src/services/official-forms'

const SUN_BA = '370102199203157896'

describe('finding a person by ID number', () => {
  it('takes the number as read out: spaces and a lower-case x', () => {
    expect(idCardSearch(' 3701 0219 9203 1578 96 ')).toEqual({ idCard: SUN_BA })
    expect(idCardSearch('11010519491231002x')).toEqual({ idCard: '11010519491231002X' })
  })
  it('refuses a wrong number with the shared validator\'s message, nothing to send', () => {
    expect(idCardSearch('')).toEqual({ error: '请填写身份证号码' })
    expect(idCardSearch('370102199203157890')).toEqual({ error: '身份证号码校验位不正确，请核对' })
  })
})

describe('the status form', () => {
  it('offers the three codes in order', () => {
    expect(STATUS_CHOICES.map((s) => HEALTH_STATUS_LABELS[s])).toEqual(['绿码', '黄码', '红码'])
  })

  it('needs a status and a reason', () => {
    expect(statusFormErrors(EMPTY_STATUS_FORM, false)).toEqual({ status: '请选择要设置的健康码', reason: '请填写原因' })
    expect(statusFormErrors({ name: '', status: 'red', reason: '核酸检测阳性' }, false)).toEqual({})
  })

  it('checks the reason\'s length and characters', () => {
    expect(statusFormErrors({ name: '', status: 'red', reason: '阳' }, false).reason).toBe('原因至少2个字')
    expect(statusFormErrors({ name: '', status: 'red', reason: '阳'.repeat(REASON_MAX + 1) }, false).reason).toBe(`原因不能超过${REASON_MAX}个字`)
    expect(statusFormErrors({ name: '', status: 'red', reason: '密接\u202e者' }, false).reason).toContain('控制字符')
  })

  it('checks a typed name only for a person not known yet', () => {
    const form = { name: '', status: 'yellow' as const, reason: '密接者' }
    expect(statusFormErrors(form, false)).toEqual({})
    expect(statusFormErrors(form, true)).toEqual({ name: '请填写姓名' })
    expect(statusFormErrors({ ...form, name: '王小明' }, true)).toEqual({})
  })

  it('sends trimmed values and the normalised ID number', () => {
    expect(statusRequest('3701 0219 9203 1578 96', { name: ' 孙八 ', status: 'red', reason: ' 核酸检测阳性 ' }))
      .toEqual({ idCard: SUN_BA, name: '孙八', status: 'red', reason: '核酸检测阳性' })
  })

  it('keeps only the server\'s messages of this form\'s fields', () => {
    expect(serverStatusErrors({ reason: '原因不能超过200个字', other: 'x' })).toEqual({ reason: '原因不能超过200个字' })
    expect(serverStatusErrors(undefined)).toEqual({})
  })

  it('says what a red code does before it is set, and what was set after', () => {
    expect(redConfirmText('孙八')).toContain('“孙八”')
    expect(redConfirmText('孙八')).toContain('请勿进入')
    expect(redConfirmText('孙八')).toContain('另一名工作人员复核通过后生效')
    expect(statusSetText('孙八', 'red')).toBe('已将“孙八”的健康码设为红码')
    expect(statusProposedText('孙八', 'red')).toBe('已提交将“孙八”的健康码设为红码的申请，待另一名工作人员复核')
    expect(statusUnchangedText('孙八', 'green')).toBe('“孙八”的健康码已是绿码，无需变更')
  })
})

describe('the period of a 流调', () => {
  it('defaults to the last 14 China days, today included', () => {
    const p = defaultTracePeriod('2026-11-21')
    expect(p).toEqual({ from: '2026-11-08', to: '2026-11-21' })
    expect(periodDays(p.from, p.to)).toBe(14)
  })
  it('crosses months and leap days', () => {
    expect(defaultTracePeriod('2028-03-05')).toEqual({ from: '2028-02-21', to: '2028-03-05' })
    expect(periodDays('2028-02-28', '2028-03-01')).toBe(3)
  })
  it('refuses a period in the wrong order, after today, or not a date', () => {
    const today = '2026-11-21'
    expect(tracePeriodError('2026-11-10', '2026-11-21', today)).toBeNull()
    expect(tracePeriodError('2026-11-21', '2026-11-21', today)).toBeNull()
    expect(tracePeriodError('2026-11-12', '2026-11-11', today)).toBe('开始日期不能晚于结束日期')
    expect(tracePeriodError('2026-11-12', addDays(today, 1), today)).toBe('结束日期不能晚于今天')
    expect(tracePeriodError('2026-02-30', '2026-03-01', today)).toBe('请选择开始日期和结束日期')
    expect(tracePeriodError('', today, today)).toBe('请选择开始日期和结束日期')
  })
  it('asks for the named person, else the typed ID number', () => {
    expect(traceRequest({ personId: 'p1' }, '2026-11-08', '2026-11-21')).toEqual({ personId: 'p1', from: '2026-11-08', to: '2026-11-21' })
    expect(traceRequest({ idCard: '11010519491231002x' }, '2026-11-08', '2026-11-21'))
      .toEqual({ idCard: '11010519491231002X', from: '2026-11-08', to: '2026-11-21' })
  })
})
