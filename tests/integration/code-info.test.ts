/**
 * codeInfo: the public look-up a signed-out browser makes before asking anyone to sign in.
 * It judges the code exactly as checkIn does, answers a genuine current code with what its
 * poster prints and the links into the verified apps (WeChat's URL Link from the fake WeChat
 * server, kept per code), and is limited per client address.
 */
import type { AlipayConfig } from '../../server/config'
import { CODE_INFO_LIMIT } from '../../server/domain/code-info'
import { forgetUrlLinks } from '../../server/wechat/url-link'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { createTestStack, type TestStack } from '../support/stack'
import { unwrap } from './fixtures'

const ALIPAY_APP_ID = '2021000000000001'
let wechat: FakeWechat
let stack: TestStack
let admin: string
let venueId: string
let current: string

/** The same link with one character of its signature changed (still well-formed). */
function forge(url: string): string {
  const at = url.length - 6
  return url.slice(0, at) + (url[at] === 'A' ? 'B' : 'A') + url.slice(at + 1)
}

const from = (address: string) => ({ 'x-forwarded-for': address })
let nextAddress = 1
const freshAddress = () => `198.51.100.${nextAddress++}`

beforeAll(async () => {
  wechat = await startFakeWechat()
  stack = await createTestStack({
    config: { wechat: wechat.config, alipay: { appId: ALIPAY_APP_ID } as AlipayConfig }
  })
  admin = await stack.login('venue_admin')
  const venue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
  venueId = venue.venue.id
  current = venue.code.url
})
afterAll(async () => {
  await stack?.close()
  await wechat?.close()
})
afterEach(() => wechat.setMode('up'))

test('a genuine code answers the venue, address and checkpoint and nothing personal, to anyone', async () => {
  forgetUrlLinks()
  const res = await stack.call('codeInfo', { code: current }, undefined, from(freshAddress()))
  const data = unwrap(res)
  expect(data.venue).toEqual({ name: '泉城广场', fullAddress: '山东省济南市历下区泉城路街道 泉城路1号', checkpointName: '主入口' })
  expect(Object.keys(data).sort()).toEqual(['openIn', 'venue'])
  // Nothing of the admin (name, mobile), the credit code, the 场所申报码 or any id beyond the code's own.
  const text = JSON.stringify(data)
  for (const secret of ['王', '138', 'declaration', 'admin', 'creditCode', venueId]) {
    if (!current.includes(secret)) expect(text).not.toContain(secret)
  }
  expect(data.openIn.alipay).toBe(
    `alipays://platformapi/startapp?appId=${ALIPAY_APP_ID}&page=pages/checkin/index&query=${encodeURIComponent(`code=${encodeURIComponent(current)}`)}`)
  // WeChat's URL Link opens the check-in page with the printed link as `q`, as WeChat's scanner does.
  expect(data.openIn.wechat).toMatch(/^https:\/\/wxaurl\.cn\//)
  expect(wechat.urlLinks.get(data.openIn.wechat as string)).toEqual({ path: 'pages/checkin/index', query: `q=${encodeURIComponent(current)}` })
})

test('the URL Link is made once per code: a second look-up asks WeChat nothing', async () => {
  forgetUrlLinks()
  const first = unwrap(await stack.call('codeInfo', { code: current }, undefined, from(freshAddress())))
  const calls = wechat.requests.filter((r) => r.path === '/wxa/generate_urllink').length
  const second = unwrap(await stack.call('codeInfo', { code: current }, undefined, from(freshAddress())))
  expect(second.openIn.wechat).toBe(first.openIn.wechat)
  expect(wechat.requests.filter((r) => r.path === '/wxa/generate_urllink')).toHaveLength(calls)
})

test('WeChat down or refusing: the look-up still answers, without the WeChat link', async () => {
  forgetUrlLinks()
  await wechat.goDown()
  try {
    const data = unwrap(await stack.call('codeInfo', { code: current }, undefined, from(freshAddress())))
    expect(data.venue.name).toBe('泉城广场')
    expect(data.openIn.wechat).toBeNull()
    expect(data.openIn.alipay).not.toBeNull()
  } finally {
    await wechat.comeBack()
  }
  wechat.setMode('busy')
  expect(unwrap(await stack.call('codeInfo', { code: current }, undefined, from(freshAddress()))).openIn.wechat).toBeNull()
})

test('without WeChat or Alipay configured, neither link is offered', async () => {
  await stack.close()
  stack = await createTestStack()
  admin = await stack.login('venue_admin')
  const venue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
  venueId = venue.venue.id
  current = venue.code.url
  const data = unwrap(await stack.call('codeInfo', { code: current }, undefined, from(freshAddress())))
  expect(data.openIn).toEqual({ wechat: null, alipay: null })
})

test('forged, foreign, malformed and rotated codes get checkIn\'s warnings, signed in or not', async () => {
  const old = current
  const rotated = unwrap(await stack.call('regenerateCode', { venueId }, admin)).code.url
  current = rotated
  const citizen = await stack.login('citizen')
  const cases: Array<[string, string]> = [
    [forge(rotated), 'VENUE_CODE_FORGED'],
    ['https://phish.example.com/c?t=x', 'VENUE_CODE_FOREIGN'],
    ['WIFI:S:cafe;T:WPA;P:12345678;;', 'VENUE_CODE_FOREIGN'],
    [rotated.slice(0, -3), 'VENUE_CODE_FORGED'],
    [old, 'VENUE_CODE_REVOKED'],
    ['', 'VENUE_CODE_FOREIGN']
  ]
  for (const [code, expected] of cases) {
    const looked = await stack.call('codeInfo', { code }, undefined, from(freshAddress()))
    expect(looked).toMatchObject({ ok: false, code: expected })
    const checked = await stack.call('checkIn', { code }, citizen)
    expect(checked).toMatchObject({ ok: false, code: expected })
  }
  expect(unwrap(await stack.call('codeInfo', { code: rotated }, undefined, from(freshAddress()))).venue.name).toBe('泉城广场')
})

test('look-ups are limited per client address, with a Chinese message; other addresses go on', async () => {
  const address = freshAddress()
  for (let i = 0; i < CODE_INFO_LIMIT.maxFailures; i++) {
    const res = await stack.call('codeInfo', { code: i % 2 ? current : forge(current) }, undefined, from(address))
    expect(res.ok || res.code === 'VENUE_CODE_FORGED').toBe(true)
  }
  const refused = await stack.call('codeInfo', { code: current }, undefined, from(address))
  expect(refused).toMatchObject({ ok: false, code: 'RATE_LIMITED', message: expect.stringMatching(/[\u4e00-\u9fa5]/) })
  expect(unwrap(await stack.call('codeInfo', { code: current }, undefined, from(freshAddress()))).venue.name).toBe('泉城广场')
})
