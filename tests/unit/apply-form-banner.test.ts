/**
 * 申领场所码's banner follows the fields (observation 6: it stayed after every field was fixed),
 * and 本人 as the admin from 实名信息.
 */
import { adminSelfLabel, afterEdit, bannerText, emptyApplyForm, NO_BANNER, toApplyRequest, validateApplyForm } from '../../src/services/apply-form'

describe('the banner reflects the current errors', () => {
  const aboutFields = { message: '请按提示修改标红的内容', aboutFields: true }
  test('shown while any field has a message, gone when none has', () => {
    expect(bannerText(aboutFields, { name: '请填写场所名称', address: undefined })).toBe('请按提示修改标红的内容')
    expect(bannerText(aboutFields, { name: undefined, address: undefined })).toBe('')
    expect(bannerText(aboutFields, {})).toBe('')
  })
  test('a message about the whole submit stays until the next edit', () => {
    const whole = { message: '没有修改任何内容', aboutFields: false }
    expect(bannerText(whole, {})).toBe('没有修改任何内容')
    expect(afterEdit(whole)).toEqual(NO_BANNER)
    expect(afterEdit(aboutFields)).toBe(aboutFields)
  })
})

describe('本人 as the admin', () => {
  test('offered only when 实名信息 has a name and a mobile', () => {
    expect(adminSelfLabel({ nameMasked: '张*', phoneMasked: '138****0001' })).toBe('张* · 138****0001')
    expect(adminSelfLabel({ nameMasked: '张*', phoneMasked: '' })).toBeNull()
    expect(adminSelfLabel(null)).toBeNull()
  })
  test('the admin\'s fields are then neither checked nor sent', () => {
    const form = emptyApplyForm()
    expect(Object.keys(validateApplyForm(form, true))).not.toContain('adminName')
    expect(Object.keys(validateApplyForm(form, false))).toEqual(expect.arrayContaining(['adminName', 'adminMobile']))
    const typed = { ...form, adminName: '周九', adminMobile: '13912345678' }
    expect(toApplyRequest(typed, true)).toMatchObject({ adminSelf: true, adminName: '', adminMobile: '' })
    expect(toApplyRequest(typed, false)).not.toHaveProperty('adminSelf')
  })
})
