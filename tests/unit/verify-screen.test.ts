/**
 * The platforms' own verification screens are the edge of 实名核验: WeChat's
 * wx.requestFacialVerify and Alipay's my.startAPVerify, faked here as globals the way the
 * mini-program runtime provides them. Each file passes on exactly what the server handed out
 * (verifyId; certifyId and url) and turns the platform's answer into done / cancelled / failed.
 * Passing is never decided here: confirmVerification asks the provider.
 */
import { showVerifyScreen as wechatScreen } from '../../src/services/verify-screen.weapp'
import { showVerifyScreen as alipayScreen } from '../../src/services/verify-screen.alipay'
import { showVerifyScreen as browserScreen } from '../../src/services/verify-screen'
import { alipayAnswer, SCREEN_FAILED_MESSAGE, wechatFailAnswer } from '../../src/services/verify-screen-answer'

type Callbacks = { success?: (res?: unknown) => void; fail?: (err?: unknown) => void }
const globals = globalThis as unknown as { wx?: unknown; my?: unknown }

afterEach(() => {
  delete globals.wx
  delete globals.my
})

/** A platform API that records what it was given and answers as told. */
function fakeApi(answer: (cb: Callbacks) => void) {
  const calls: Array<Record<string, unknown>> = []
  const fn = (options: Record<string, unknown> & Callbacks) => {
    calls.push(Object.fromEntries(Object.entries(options).filter(([, v]) => typeof v !== 'function')))
    answer(options)
  }
  return { calls, fn }
}

describe('WeChat: wx.requestFacialVerify', () => {
  test('is given the verifyId alone; its success means the person went through the face check', async () => {
    const api = fakeApi((cb) => cb.success?.({ errMsg: 'requestFacialVerify:ok' }))
    globals.wx = { requestFacialVerify: api.fn }
    expect(await wechatScreen({ verifyId: 'v-123' })).toEqual({ kind: 'done' })
    expect(api.calls).toEqual([{ verifyId: 'v-123' }])
  })

  test.each([
    ['errCode 90100', { errCode: 90100, errMsg: 'requestFacialVerify:fail' }],
    ['a cancel message', { errMsg: 'requestFacialVerify:fail cancel' }]
  ])('closed by the person (%s): cancelled, not an error', async (_label, err) => {
    globals.wx = { requestFacialVerify: fakeApi((cb) => cb.fail?.(err)).fn }
    expect(await wechatScreen({ verifyId: 'v-1' })).toEqual({ kind: 'cancelled' })
  })

  test('any other failure: failed, with a message a person can act on', async () => {
    globals.wx = { requestFacialVerify: fakeApi((cb) => cb.fail?.({ errCode: 90199, errMsg: 'requestFacialVerify:fail system error' })).fn }
    expect(await wechatScreen({ verifyId: 'v-1' })).toEqual({ kind: 'failed', message: SCREEN_FAILED_MESSAGE })
  })

  test('an old WeChat without the API: failed, asking for an update', async () => {
    globals.wx = {}
    expect(await wechatScreen({ verifyId: 'v-1' })).toEqual({ kind: 'failed', message: '当前微信版本不支持人脸核身，请升级微信后重试' })
  })

  test('an Alipay ticket is never shown to WeChat; the demo needs no screen', async () => {
    const api = fakeApi((cb) => cb.success?.())
    globals.wx = { requestFacialVerify: api.fn }
    expect((await wechatScreen({ certifyId: 'c', url: 'https://x' })).kind).toBe('failed')
    expect(await wechatScreen({ demo: true })).toEqual({ kind: 'done' })
    expect(api.calls).toHaveLength(0)
  })
})

describe('Alipay: my.startAPVerify', () => {
  test('is given the certifyId and url; resultStatus 9000 means the check ran through', async () => {
    const api = fakeApi((cb) => cb.success?.({ resultStatus: '9000', result: { certifyId: 'c-9' } }))
    globals.my = { startAPVerify: api.fn }
    expect(await alipayScreen({ certifyId: 'c-9', url: 'https://openapi.alipay.com/certify?id=c-9' })).toEqual({ kind: 'done' })
    expect(api.calls).toEqual([{ certifyId: 'c-9', url: 'https://openapi.alipay.com/certify?id=c-9' }])
  })

  test('6001 (the person left the flow): cancelled', async () => {
    globals.my = { startAPVerify: fakeApi((cb) => cb.success?.({ resultStatus: '6001', result: null })).fn }
    expect(await alipayScreen({ certifyId: 'c', url: 'u' })).toEqual({ kind: 'cancelled' })
  })

  test.each([
    ['4000 (business error)', { resultStatus: '4000', result: { errorCode: 'Z5120' } }, SCREEN_FAILED_MESSAGE],
    ['6002 (network)', { resultStatus: '6002' }, '网络不可用，请检查网络后重新核验']
  ])('%s: failed with a message', async (_label, res, message) => {
    globals.my = { startAPVerify: fakeApi((cb) => cb.success?.(res)).fn }
    expect(await alipayScreen({ certifyId: 'c', url: 'u' })).toEqual({ kind: 'failed', message })
  })

  test('the API failing outright: failed', async () => {
    globals.my = { startAPVerify: fakeApi((cb) => cb.fail?.({ error: 11 })).fn }
    expect(await alipayScreen({ certifyId: 'c', url: 'u' })).toEqual({ kind: 'failed', message: SCREEN_FAILED_MESSAGE })
  })

  test('a WeChat ticket is never shown to Alipay', async () => {
    const api = fakeApi((cb) => cb.success?.({ resultStatus: '9000' }))
    globals.my = { startAPVerify: api.fn }
    expect((await alipayScreen({ verifyId: 'v' })).kind).toBe('failed')
    expect(api.calls).toHaveLength(0)
  })
})

test('a browser has no platform screen: only the demo verifies, the others say where to go', async () => {
  expect(await browserScreen({ demo: true })).toEqual({ kind: 'done' })
  expect(await browserScreen({ verifyId: 'v' })).toEqual({ kind: 'failed', message: '请在微信小程序中完成人脸核身' })
  expect(await browserScreen({ certifyId: 'c', url: 'u' })).toEqual({ kind: 'failed', message: '请在支付宝小程序中完成身份验证' })
})

test('the answer rules on their own: no answer at all is a failure, never a pass', () => {
  expect(wechatFailAnswer(undefined)).toEqual({ kind: 'failed', message: SCREEN_FAILED_MESSAGE })
  expect(alipayAnswer(undefined)).toEqual({ kind: 'failed', message: SCREEN_FAILED_MESSAGE })
  expect(alipayAnswer({ resultStatus: '9000' })).toEqual({ kind: 'done' })
})
