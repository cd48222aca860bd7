import type { VenueView } from '../../src/shared/api'
import { editFormOf, validateEditField, validateEditForm, venueChanges } from '../../src/services/apply-form'

const venue = {
  id: 'v1', name: '泉城广场', type: 'scenic', typeLabel: '旅游景点', address: '泉城路1号',
  region: {
    province: { code: '370000', name: '山东省' }, city: { code: '370100', name: '济南市' },
    county: { code: '370102', name: '历下区' }, town: { code: '370102004', name: '泉城路街道' }
  },
  fullAddress: '山东省济南市历下区泉城路街道 泉城路1号', creditCodeMasked: '9137**********CP0L', adminNameMasked: '李*',
  adminMobileMasked: '138****0004', declarationCode: '123456', createdAt: '2022-04-15T00:00:00.000Z'
} as VenueView

describe('修改场所信息: what the form starts with and what it sends', () => {
  const before = editFormOf(venue)

  it('starts with the values the venue function shows in full, and the masked ones empty', () => {
    expect(before).toEqual({ townCode: '370102004', address: '泉城路1号', type: 'scenic', name: '泉城广场', creditCode: '', adminName: '', adminMobile: '' })
  })

  it('sends nothing when nothing changed but surrounding spaces', () => {
    expect(venueChanges({ ...before, address: ' 泉城路1号 ' }, before)).toEqual({})
  })

  it('sends only the changed fields, normalised as stored', () => {
    expect(venueChanges({ ...before, address: '泉城路2号 ' }, before)).toEqual({ address: '泉城路2号' })
    expect(venueChanges({ ...before, townCode: '370102005', type: 'mall' }, before)).toEqual({ townCode: '370102005', type: 'mall' })
  })

  it('sends a masked field whenever one was typed: its current value is unknown here', () => {
    expect(venueChanges({ ...before, creditCode: '9137 0102 ma3c 0qcp 0l', adminMobile: '139 1234 5678' }, before))
      .toEqual({ creditCode: '91370102MA3C0QCP0L', adminMobile: '13912345678' })
  })

  it('checks a masked field only when something was typed in it', () => {
    expect(validateEditForm(before)).toEqual({})
    expect(validateEditField('adminMobile', { ...before, adminMobile: '  ' })).toBeNull()
    expect(validateEditField('adminMobile', { ...before, adminMobile: '1380000' })).toBe('手机号码应为以1开头的11位数字')
  })

  it('still needs the fields it was given: a cleared name or street is refused', () => {
    expect(validateEditForm({ ...before, name: '', address: ' ' })).toEqual({ name: '请填写场所名称', address: '请填写详细地址' })
  })
})
