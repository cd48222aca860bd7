/**
 * 扫码结果, signed out (browser): the code is judged by the public look-up before any sign-in is
 * offered. A genuine code names its venue, address and checkpoint and offers 在微信中打开 /
 * 在支付宝中打开 above sign-in; a forged one is the full warning with no sign-in at all.
 * Real functions throughout; only WeChat's server is a fake.
 */
import Checkin from '../../src/pages/checkin'
import type { AlipayConfig } from '../../server/config'
import { parseVenueCode } from '../../src/shared/venue-code'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { createTestStack, type TestStack } from '../support/stack'
import {
  bodyText, buttonByText, click, connect, JSDOM_BASE, linkPath, mountPage, openUrl, q, signOut, waitFor, type Wire
} from './support/helpers'

const ALIPAY_APP_ID = '2021000000000002'
let stack: TestStack
let wechat: FakeWechat
let wire: Wire
let codeUrl: string

beforeAll(async () => {
  wechat = await startFakeWechat()
  stack = await createTestStack({
    config: { publicBaseUrl: JSDOM_BASE, codeLinkBases: [JSDOM_BASE], wechat: wechat.config, alipay: { appId: ALIPAY_APP_ID } as AlipayConfig }
  })
  const admin = await stack.login('venue_admin')
  const mine = await stack.call('myVenues', {}, admin)
  if (!mine.ok) throw new Error(mine.message)
  codeUrl = mine.data.venues[0].code.url
})
afterAll(async () => {
  await stack.close()
  await wechat.close()
})
beforeEach(() => { wire = connect(stack); signOut() })

const buttons = () => Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent)

test('a genuine code: venue, address and checkpoint, then 在微信中打开 / 在支付宝中打开 and sign-in', async () => {
  openUrl(linkPath(codeUrl))
  const utils = await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-login__venue'), 'the venue on the signed-out screen')
  expect(q('.checkin-login__venue .venue-name').textContent).toBe('泉城广场')
  expect(q('.checkin-login__venue .venue-address').textContent).toBe('山东省济南市历下区泉城路街道 泉城路1号')
  expect(q('.checkin-login__checkpoint').textContent).toBe('检测点：主入口')
  expect(q('.checkin-login__next').textContent).toBe('登录后完成登记')
  expect(bodyText()).not.toContain('非官方场所码')
  // The same venue and checkpoint in the verified apps: the printed link goes along whole.
  expect(q('.checkin-open-in__wechat').getAttribute('data-href')).toMatch(/^https:\/\/wxaurl\.cn\//)
  expect(q('.checkin-open-in__alipay').getAttribute('data-href'))
    .toBe(`alipays://platformapi/startapp?appId=${ALIPAY_APP_ID}&page=pages/checkin/index&query=${encodeURIComponent(`code=${encodeURIComponent(codeUrl)}`)}`)
  await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo buttons')
  const order = buttons()
  const signIn = order.findIndex((t) => t?.includes('市民（绿码）'))
  expect(signIn).toBeGreaterThan(0)
  expect(order.indexOf('在微信中打开')).toBeGreaterThanOrEqual(0)
  expect(order.indexOf('在支付宝中打开')).toBeLessThan(signIn)
  expect(document.querySelectorAll('taro-input-core, textarea')).toHaveLength(0)
  // Signing in finishes the same check-in.
  click(utils, buttonByText('市民（绿码）'))
  await waitFor(() => !!document.querySelector('.checkin-result'), 'result after sign-in')
  expect(q('.health-status').textContent).toBe('绿码')
  expect(wire.calls).toEqual(['checkIn', 'codeInfo', 'listDemoAccounts', 'demoLogin', 'checkIn'])
})

test('a forged code while signed out: the full 非官方场所码 warning, and no sign-in offered', async () => {
  const parsed = parseVenueCode(codeUrl, { bases: [JSDOM_BASE] })
  if (!parsed.ok) throw new Error('demo code does not parse')
  const sig = parsed.code.signature
  openUrl(`/c?t=${parsed.code.signedPart}.${(sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)}`)
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-warning'), 'warning screen')
  expect(q('.checkin-warning__headline').textContent).toBe('非官方场所码，谨防诈骗')
  expect(bodyText()).toContain('该码未通过防伪校验')
  expect(bodyText()).not.toContain('登录')
  expect(buttons()).toEqual(['返回首页'])
  expect(document.querySelector('.demo-accounts')).toBeNull()
})
