/**
 * The device keeps the scan, as the WeChat build runs it: cloud.weapp.ts (WeChat cloud's
 * callFunction, which rejects when the phone has no network), launch-link.weapp.ts (the scanner
 * rule's `q`) and scan-queue-wake.weapp.ts (WeChat's network events) in place of the H5 files.
 * WeChat's client is the edge and is faked: its callFunction carries the signed-in citizen to the
 * real functions, as WeChat carries the caller's openid. Everything else is real.
 */
import Taro from '@tarojs/taro'
import Checkin from '../../src/pages/checkin'
import Entries from '../../src/pages/entries'
import Index from '../../src/pages/index'
import { parseVenueCode } from '../../src/shared/venue-code'
import { scanQueue } from '../../src/services/scan-queue-device'
import type { TestStack } from '../support/stack'
import { setTransport } from '../../src/services/cloud'
import { bodyText, click, createPageStack, demoCodeUrl, JSDOM_BASE, mountPage, q, signInAs, signOut, waitFor } from './support/helpers'
import { emptyDevice, network, offlineScanIsKeptAndUploaded, serve, serverEntries, waitForSaved, type Platform } from './support/kept-scans'

jest.mock('../../src/services/cloud', () => jest.requireActual('../../src/services/cloud.weapp'))
jest.mock('../../src/services/launch-link', () => jest.requireActual('../../src/services/launch-link.weapp'))
jest.mock('../../src/services/scan-queue-wake', () => jest.requireActual('../../src/services/scan-queue-wake.weapp'))
// A page mounted alone has no router: the query WeChat opens the check-in page with.
let mockPageQuery: Record<string, string> = {}
jest.mock('../../src/services/page-params', () => ({ getPageParams: () => mockPageQuery }))

let stack: TestStack
let codeUrl: string
let token = ''
const net = network()
const networkListeners: Array<(res: { isConnected: boolean; networkType: string }) => void> = []

const env = process.env.TARO_ENV
beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
  const fake = Taro as unknown as Record<string, unknown>
  fake.cloud = {
    callFunction: async ({ name, data }: { name: string; data: Record<string, unknown> }) => {
      if (!net.online) throw { errMsg: 'cloud.callFunction:fail Error: errCode: -404011 cloud function execution error | errMsg: request:fail' }
      return { result: await serve(stack, net, name, data, token) }
    }
  }
  fake.onNetworkStatusChange = (fn: (res: { isConnected: boolean; networkType: string }) => void) => { networkListeners.push(fn) }
  // The app's entry registers the network listener and starts the queue, as a WeChat launch does.
  require('../../src/app')
})
afterAll(async () => {
  await mountPage(() => null)
  emptyDevice()
  await stack.close()
})
beforeEach(async () => {
  process.env.TARO_ENV = 'weapp'
  setTransport(null)
  signOut()
  emptyDevice()
  net.online = true
  net.checkIns.length = 0
  token = await signInAs(stack, 'citizen')
})
afterEach(() => { process.env.TARO_ENV = env })

const wechat: Platform = {
  get stack() { return stack },
  net,
  token: () => token,
  openCheckin: async (scanned) => {
    // WeChat's "扫普通链接二维码打开小程序" rule hands the link over encoded, as q.
    mockPageQuery = { q: scanned }
    await mountPage(Checkin)
  },
  openPage: async (page) => { await mountPage(page === 'home' ? Index : Entries) },
  networkBack: () => { for (const fn of networkListeners) fn({ isConnected: true, networkType: 'wifi' }) }
}

test('no network at the scan: kept, 已保存, 待上传 in 我的扫码记录, logged once when WeChat says the network is back', async () => {
  await offlineScanIsKeptAndUploaded(wechat, encodeURIComponent(codeUrl))
})

test('a forged code kept offline is refused on upload, and 首页 tells the person until 知道了', async () => {
  const parsed = parseVenueCode(codeUrl, { bases: [JSDOM_BASE] })
  if (!parsed.ok) throw new Error('demo code does not parse')
  const sig = parsed.code.signature
  const forged = `${JSDOM_BASE}/c?t=${parsed.code.signedPart}.${(sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)}`
  const before = (await serverEntries(stack, token)).length

  net.online = false
  await wechat.openCheckin(encodeURIComponent(forged))
  await waitForSaved()
  await mountPage(Index)
  net.online = true
  wechat.networkBack()
  await waitFor(() => !!document.querySelector('.scan-notices'), 'the notice on 首页')
  expect(q('.scan-notices').textContent).toContain('的扫码未能补登：非官方场所码，谨防诈骗')
  expect(scanQueue.pending()).toEqual([])
  expect(await serverEntries(stack, token)).toHaveLength(before)

  const utils = await mountPage(Index)
  await waitFor(() => !!document.querySelector('.scan-notices'), 'the notice, still there on the next visit')
  click(utils, q('.scan-notices__dismiss'))
  await waitFor(() => !document.querySelector('.scan-notices'), 'the notice gone')
  expect(scanQueue.notices()).toEqual([])
  expect(bodyText()).toContain('扫一扫')
})
