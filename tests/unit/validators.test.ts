import {
  checkCreditCode, checkIdCard, checkMobile, checkPersonName, checkText, hasUnsafeTextChars, unsafeTextMessage,
  creditCodeCheckChar, idCardCheckChar, normalizeCreditCode
} from '../../src/shared/validators'

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('computes the check character of published codes', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3')
    expect(creditCodeCheckChar('91110000802100433')).toBe('B')
  })
  it('accepts a valid code, typed with spaces and lower case', () => {
    expect(checkCreditCode('91350100M000100Y43')).toBeNull()
    expect(checkCreditCode('9111 0000 8021 0043 3b')).toBeNull()
    expect(normalizeCreditCode('9111 0000 8021 0043 3b')).toBe('91110000802100433B')
  })
  it('refuses a wrong check character with a message saying so', () => {
    expect(checkCreditCode('91350100M000100Y44')).toBe('统一社会信用代码校验位不正确，请核对')
  })
  it('refuses wrong length, letters outside the GB 32100 set, and a non-numeric region', () => {
    expect(checkCreditCode('')).toBe('请填写统一社会信用代码')
    expect(checkCreditCode('91350100M000100Y4')).toBe('统一社会信用代码应为18位')
    expect(checkCreditCode('91350100M000100I43')).toBe('统一社会信用代码含有无效字符“I”')
    expect(checkCreditCode('91A50100M000100Y43')).toBe('统一社会信用代码第3至8位应为行政区划代码')
  })
})

describe('居民身份证号码 (GB 11643-1999)', () => {
  const first17 = '11010519491231002'
  it('computes the check character', () => {
    expect(idCardCheckChar(first17)).toBe('X')
  })
  it('accepts a valid number and refuses a wrong check character or birth date', () => {
    expect(checkIdCard(first17 + 'X')).toBeNull()
    expect(checkIdCard(first17 + 'x')).toBeNull()
    expect(checkIdCard(first17 + '1')).toBe('身份证号码校验位不正确，请核对')
    expect(checkIdCard('110105194902300021')).toBe('身份证号码中的出生日期不正确')
    expect(checkIdCard('1101051949')).toBe('身份证号码应为18位（最后一位可以是X）')
  })
})

describe('手机号码', () => {
  it('accepts an 11-digit mainland mobile number', () => {
    expect(checkMobile('13800000000')).toBeNull()
    expect(checkMobile('138 0000 0000')).toBeNull()
  })
  it('refuses anything else', () => {
    expect(checkMobile('')).toBe('请填写手机号码')
    expect(checkMobile('12800000000')).toBe('手机号码应为以1开头的11位数字')
    expect(checkMobile('1380000000')).toBe('手机号码应为以1开头的11位数字')
    expect(checkMobile('1380000000a')).toBe('手机号码应为以1开头的11位数字')
  })
})

describe('names and free text', () => {
  it('accepts Chinese and minority names, refuses digits and one character', () => {
    expect(checkPersonName('张三')).toBeNull()
    expect(checkPersonName('阿依古丽·买买提')).toBeNull()
    expect(checkPersonName('张')).toBe('姓名应为2至20个字')
    expect(checkPersonName('张3')).toBe('姓名只能包含汉字、字母或“·”')
  })
  it('bounds text length with the field label in the message', () => {
    expect(checkText('', '详细地址', 2, 100)).toBe('请填写详细地址')
    expect(checkText('一', '详细地址', 2, 100)).toBe('详细地址至少2个字')
    expect(checkText('一'.repeat(101), '详细地址', 2, 100)).toBe('详细地址不能超过100个字')
    expect(checkText('泉城路1号', '详细地址', 2, 100)).toBeNull()
  })
})

describe('characters no text field may hold', () => {
  it.each([
    ['NUL', 'a\u0000b'], ['tab', 'a\tb'], ['newline', 'a\nb'], ['DEL', 'a\u007fb'], ['C1 control', 'a\u0085b'],
    ['right-to-left override', '泉城广场\u202egpj.exe'], ['isolate', 'a\u2067b'], ['zero-width space', '泉城\u200b广场'],
    ['BOM', '\ufeff泉城广场'], ['line separator', 'a\u2028b'], ['lone high surrogate', 'a\ud800b'], ['lone low surrogate', 'a\udc00b']
  ])('refuses a %s in a venue name or address, naming the field', (_label, value) => {
    expect(hasUnsafeTextChars(value)).toBe(true)
    expect(checkText(value, '场所名称', 1, 50)).toBe('场所名称含有控制字符或不可见的格式字符，请删除后重新填写')
    expect(checkText(value, '详细地址', 1, 100)).toBe(unsafeTextMessage('详细地址'))
    expect(checkPersonName('张' + value)).toBe(unsafeTextMessage('姓名'))
  })
  it('accepts ordinary Chinese, Latin, digits, punctuation, spaces and emoji', () => {
    for (const v of ['泉城广场', '泉城路1号 A座（东门）', 'Café № 5', '😀 小店', 'a\u00a0b']) expect(hasUnsafeTextChars(v)).toBe(false)
  })
})
