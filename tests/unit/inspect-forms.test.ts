/** 绑定场所 and 接收场所: the code is six digits, the new admin's name and mobile follow the shared rules. */
import {
  declarationCodeError, handoverFormErrors, handoverRequest, normalizeDeclarationCode, serverHandoverErrors
} from '../../src/services/inspect-forms'

test('the 场所申报码 keeps digits only, full-width ones converted, at most six', () => {
  expect(normalizeDeclarationCode('123 456')).toBe('123456')
  expect(normalizeDeclarationCode('１２３４５６')).toBe('123456')
  expect(normalizeDeclarationCode('1234567')).toBe('123456')
  expect(normalizeDeclarationCode('12a3')).toBe('123')
})

test('a code of the wrong shape gets the server message', () => {
  expect(declarationCodeError('123456')).toBeNull()
  expect(declarationCodeError('12345')).toBe('请输入6位数字场所申报码')
  expect(declarationCodeError('')).toBe('请输入6位数字场所申报码')
})

test('the new admin: name and mobile checked as on 申领场所码, sent trimmed', () => {
  expect(handoverFormErrors({ adminName: '', adminMobile: '123' })).toEqual({
    adminName: '请填写姓名', adminMobile: '手机号码应为以1开头的11位数字'
  })
  expect(handoverFormErrors({ adminName: '王五', adminMobile: '138 0000 0005' })).toEqual({})
  expect(handoverRequest({ adminName: ' 王五 ', adminMobile: '138 0000 0005' })).toEqual({ adminName: '王五', adminMobile: '13800000005' })
  expect(serverHandoverErrors({ adminName: 'x', other: 'y' })).toEqual({ adminName: 'x' })
  expect(serverHandoverErrors(undefined)).toEqual({})
})
