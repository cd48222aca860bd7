import { normalizeVenueApplication, venueApplicationErrors, venueFieldError } from '../../src/shared/venue-application'

const valid = {
  townCode: '370102004', address: '泉城路1号', type: 'scenic' as const, name: '泉城广场',
  creditCode: '91350100M000100Y43', adminName: '李四', adminMobile: '13800000000'
}

describe('a 申领场所码 application, field by field', () => {
  it('accepts a complete application', () => {
    expect(venueApplicationErrors(valid)).toEqual({})
  })
  it('names every missing field, whatever arrives in its place', () => {
    expect(venueApplicationErrors({ address: 42, type: 'spaceship' })).toEqual({
      townCode: '请选择所在乡镇（街道）',
      address: '请填写详细地址',
      type: '请选择场所类型',
      name: '请填写场所名称',
      creditCode: '请填写统一社会信用代码',
      adminName: '请填写姓名',
      adminMobile: '请填写手机号码'
    })
  })
  it('asks a vehicle for its plate or route instead of a street address', () => {
    expect(venueFieldError('address', { ...valid, type: 'bus', address: '' })).toBe('请填写车牌号或线路')
  })
  it('stores what was typed trimmed, with the credit code and mobile normalised', () => {
    expect(normalizeVenueApplication({ ...valid, name: ' 泉城广场 ', creditCode: '9135 0100 m000 100y 43', adminMobile: '138 0000 0000' }))
      .toEqual(valid)
  })
})
