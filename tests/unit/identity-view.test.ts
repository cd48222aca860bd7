/** 实名核验 in words: who vouched, what an unverified account is told, why a card has no colour. */
import {
  companionRequestsText, identityMovedText, meStatusLabel, profileLinkText, STATUS_HIDDEN_EXPLAIN, statusHiddenLabel, verifiedLabel, verifyHint
} from '../../src/services/identity-view'
import type { Me } from '../../src/shared/api'

test('a verified profile names its provider', () => {
  expect(verifiedLabel('wechat')).toBe('已核验（微信人脸核身）')
  expect(verifiedLabel('alipay')).toBe('已核验（支付宝身份验证）')
  expect(verifiedLabel('demo')).toBe('已核验（演示）')
  expect(verifiedLabel(null)).toBe('已核验')
})

test('去核验 says beforehand what it opens', () => {
  expect(verifyHint('wechat')).toContain('微信人脸核身')
  expect(verifyHint('alipay')).toContain('支付宝身份验证')
  expect(verifyHint('demo')).toContain('无需刷脸')
})

test('a hidden status says why, and what the inspector does instead', () => {
  expect(statusHiddenLabel('identity_unverified')).toBe('身份未核验')
  expect(statusHiddenLabel('venue_unreviewed')).toBe('场所未经审核')
  expect(statusHiddenLabel(null)).toBe('身份未核验')
  expect(STATUS_HIDDEN_EXPLAIN.identity_unverified).toContain('出示本人健康码')
  expect(STATUS_HIDDEN_EXPLAIN.venue_unreviewed).toContain('辅助登记不显示健康码颜色')
})

const me = (extra: Partial<Me>): Me => ({
  userId: 'u1', roles: ['citizen'], nameMasked: '周*', hasProfile: true, healthStatus: null,
  identity: 'unverified', identityProvider: 'demo', identityMovedAt: null, ...extra
})

test('我的 · 实名信息 and the signed-in line: 未实名, 未核验 or the colour once verified', () => {
  expect(profileLinkText(me({ identity: 'none', hasProfile: false }))).toBe('未实名，扫码登记前请先填写 ›')
  expect(profileLinkText(me({}))).toBe('周* · 未核验，去核验 ›')
  expect(profileLinkText(me({ identity: 'verified', healthStatus: 'green' }))).toBe('周* · 已核验 ›')
  expect(meStatusLabel(me({ identity: 'none', hasProfile: false }))).toBe('未实名')
  expect(meStatusLabel(me({}))).toBe('未核验')
  expect(meStatusLabel(me({ identity: 'verified', healthStatus: 'yellow' }))).toBe('黄码')
})

test('the takeover notice says when, what moved, and what to do if it was not them', () => {
  // 10:30 in Shanghai.
  const text = identityMovedText('2022-04-06T02:30:00Z')
  expect(text.startsWith('4月6日 10:30，')).toBe(true)
  expect(text).toContain('另一个账号')
  expect(text).toContain('联系当地疫情防控部门')
})

test('waiting 同行人员 requests are counted', () => {
  expect(companionRequestsText(2)).toBe('有 2 个同行人员请求待您同意')
})
