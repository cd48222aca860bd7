/**
 * 支付宝一键登录 against the real functions and the fake Alipay gateway. The Alipay app itself is
 * the only other stand-in: its `my.getAuthCode` hands out codes the fake gateway issued, as the
 * real app hands out codes Alipay's gateway will accept.
 */
import { MessageChannel, MessagePort, BroadcastChannel } from 'worker_threads'
import { ReadableStream, TransformStream, WritableStream } from 'stream/web'
import { clearImmediate, clearTimeout as nodeClearTimeout, setImmediate, setTimeout as nodeSetTimeout } from 'timers'
import { TextDecoder, TextEncoder } from 'util'
import { useState } from 'react'
import type { Me } from '../../src/shared/api'
import AlipaySignIn from '../../src/components/AlipaySignIn'
import { getToken } from '../../src/services/token'
import { startFakeAlipay, type FakeAlipay } from '../support/fake-alipay'
import { createTestStack, type TestStack } from '../support/stack'
import { bodyText, buttonByText, click, connect, mountPage, signOut, waitForText } from './support/helpers'

// What Taro's Alipay build does: alipay-auth.alipay.ts in place of alipay-auth.ts.
jest.mock('../../src/services/alipay-auth', () => jest.requireActual('../../src/services/alipay-auth.alipay'))

// The functions run in this file's jsdom realm, and alipay-sdk's HTTP client (undici) needs
// Node's own globals there: text codecs, web streams, channels, and timers that can be unref'd.
Object.assign(globalThis, {
  TextDecoder, TextEncoder, ReadableStream, WritableStream, TransformStream, MessageChannel, MessagePort, BroadcastChannel,
  setTimeout: nodeSetTimeout, clearTimeout: nodeClearTimeout, setImmediate, clearImmediate
})

let fake: FakeAlipay
let stack: TestStack
/** The account the Alipay app is signed in to; null makes getAuthCode fail. */
let alipayAccount: string | null
const signedIn: Me[] = []

function Host() {
  const [me, setMe] = useState<Me | null>(null)
  return (
    <>
      <AlipaySignIn onSignedIn={(m) => { signedIn.push(m); setMe(m) }} />
      {me ? `已登录 ${me.userId}` : '未登录'}
    </>
  )
}

const env = process.env.TARO_ENV
beforeAll(async () => {
  fake = await startFakeAlipay()
  stack = await createTestStack({ demoLogin: false, config: { alipay: fake.config } })
  ;(globalThis as Record<string, unknown>).my = {
    getAuthCode(options: { scopes: string; success: (res: { authCode: string }) => void; fail: (err: unknown) => void }) {
      if (options.scopes !== 'auth_base' || !alipayAccount) return options.fail({ error: 11, errorMessage: '用户取消授权' })
      options.success({ authCode: fake.issueCode(alipayAccount) })
    }
  }
})
afterAll(async () => {
  delete (globalThis as Record<string, unknown>).my
  await stack.close()
  await fake.close()
})
beforeEach(() => {
  process.env.TARO_ENV = 'alipay'
  connect(stack)
  signOut()
  fake.setMode('up')
  alipayAccount = '2088000000000901'
  signedIn.length = 0
})
afterEach(() => { process.env.TARO_ENV = env })

test('signs in with one tap: the session is stored and the page is told who it is', async () => {
  const utils = await mountPage(Host)
  click(utils, buttonByText('支付宝一键登录'))
  await waitForText('已登录')
  expect(signedIn).toHaveLength(1)
  const whoAmI = await stack.call('whoAmI', {}, getToken())
  expect(whoAmI).toEqual({ ok: true, data: signedIn[0] })
})

test('shows Alipay being down in Chinese under the button, and stays signed out', async () => {
  fake.setMode('bad-gateway')
  const utils = await mountPage(Host)
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    click(utils, buttonByText('支付宝一键登录'))
    await waitForText('支付宝服务暂时不可用，请稍后重试')
  } finally {
    spy.mockRestore()
  }
  expect(document.querySelector('.alipay-sign-in__error')?.textContent).toBe('支付宝服务暂时不可用，请稍后重试')
  expect(bodyText()).toContain('未登录')
  expect(getToken()).toBe('')
})

test('says so when the Alipay app gives no code, without asking the server', async () => {
  alipayAccount = null
  const asked = fake.requests.length
  const utils = await mountPage(Host)
  click(utils, buttonByText('支付宝一键登录'))
  await waitForText('未能取得支付宝授权，请重试')
  expect(fake.requests.length).toBe(asked)
  expect(signedIn).toHaveLength(0)
})

test('renders nothing outside the Alipay build', async () => {
  process.env.TARO_ENV = 'h5'
  await mountPage(Host)
  expect(document.querySelector('.alipay-sign-in')).toBeNull()
  expect(bodyText()).toBe('未登录')
})
