import { maskIdCard, maskName, maskPhone } from '../../src/shared/mask'

describe('masking personal data for the screen', () => {
  it('keeps only the family name of a person', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName('王')).toBe('*')
    expect(maskName('  李四 ')).toBe('李*')
  })
  it('keeps the first four and last four characters of an ID number', () => {
    expect(maskIdCard('370102199001011234')).toBe('3701**********1234')
  })
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13800000000')).toBe('138****0000')
  })
})
