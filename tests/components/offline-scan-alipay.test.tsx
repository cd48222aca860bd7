/**
 * The device keeps the scan, as the Alipay build runs it: cloud.ts over Taro.request (which
 * Alipay rejects for no network, and for any status ≥ 400 with the body attached),
 * launch-link.alipay.ts (the bound QR's `qrCode`) and scan-queue-wake.alipay.ts (Alipay's
 * network events). Alipay's client is the edge and is faked: its request reaches the real
 * functions with the session token, as the HTTP gateway would. Everything else is real.
 */
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import Checkin from '../../src/pages/checkin'
import Entries from '../../src/pages/entries'
import Index from '../../src/pages/index'
import { ERRORS } from '../../src/shared/errors'
import { setTransport } from '../../src/services/cloud'
import { scanQueue } from '../../src/services/scan-queue-device'
import type { TestStack } from '../support/stack'
import { createPageStack, demoCodeUrl, mountPage, q, showPageAgain, signInAs, signOut, waitFor } from './support/helpers'
import { emptyDevice, network, offlineScanIsKeptAndUploaded, serve, serverEntries, savedText, waitForSaved, type Platform } from './support/kept-scans'

jest.mock('../../src/services/launch-link', () => jest.requireActual('../../src/services/launch-link.alipay'))
jest.mock('../../src/services/scan-queue-wake', () => jest.requireActual('../../src/services/scan-queue-wake.alipay'))
// A page mounted alone has no router: the query Alipay opens the check-in page with.
let mockPageQuery: Record<string, string> = {}
jest.mock('../../src/services/page-params', () => ({ getPageParams: () => mockPageQuery }))

let stack: TestStack
let codeUrl: string
let token = ''
const net = network()
/** The server past capacity: checkIn answers SYSTEM_BUSY (503) without reaching the function. */
let busy = false
const networkListeners: Array<(res: { isConnected: boolean; networkType: string }) => void> = []
let App: (props: { children?: ReactNode }) => ReactNode

const env = process.env.TARO_ENV
beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
  jest.spyOn(Taro, 'request').mockImplementation((async (opts: { url: string; data: Record<string, unknown>; header: Record<string, string> }) => {
    if (!net.online) throw { error: 19, errorMessage: 'http status error', errMsg: 'request:fail' }
    const name = opts.url.split('/').pop() as string
    if (busy && name === 'checkIn') {
      net.checkIns.push(opts.data)
      throw { status: 503, data: { ok: false, code: 'SYSTEM_BUSY', message: ERRORS.SYSTEM_BUSY, retryAfterMs: 60_000 } }
    }
    const res = await serve(stack, net, name, opts.data, opts.header.Authorization?.replace(/^Bearer /, ''))
    // Alipay rejects every status ≥ 400, handing the body along.
    if (!res.ok) throw { status: res.code === 'NOT_LOGGED_IN' ? 401 : 400, data: res }
    return { statusCode: 200, data: res }
  }) as never)
  ;(Taro as unknown as Record<string, unknown>).onNetworkStatusChange = (fn: (res: { isConnected: boolean; networkType: string }) => void) => { networkListeners.push(fn) }
  // The app's entry registers the network listener and the foreground's try, as an Alipay launch does.
  App = require('../../src/app').default
})
afterAll(async () => {
  await mountPage(() => null)
  emptyDevice()
  await stack.close()
})
beforeEach(async () => {
  process.env.TARO_ENV = 'alipay'
  // The platform's own transport (cloud.ts over Taro.request), not the in-process shortcut.
  setTransport(null)
  signOut()
  emptyDevice()
  net.online = true
  net.checkIns.length = 0
  busy = false
  token = await signInAs(stack, 'citizen')
})
afterEach(() => { process.env.TARO_ENV = env })

const alipay: Platform = {
  get stack() { return stack },
  net,
  token: () => token,
  openCheckin: async (scanned) => {
    mockPageQuery = { qrCode: scanned }
    await mountPage(Checkin)
  },
  openPage: async (page) => { await mountPage(page === 'home' ? Index : Entries) },
  networkBack: () => { for (const fn of networkListeners) fn({ isConnected: true, networkType: 'WIFI' }) }
}

test('no network at the scan: kept, 已保存, 待上传 in 我的扫码记录, logged once when Alipay says the network is back', async () => {
  await offlineScanIsKeptAndUploaded(alipay, codeUrl)
})

test('the server too busy (503): kept with the same scan id; back in the foreground the open page turns into the result', async () => {
  // Another citizen: the first test's entry at this venue would fold this one into it.
  token = await signInAs(stack, 'citizen_yellow')
  busy = true
  mockPageQuery = { qrCode: codeUrl }
  const before = (await serverEntries(stack, token)).length
  const utils = await mountPage(() => <App><Checkin /></App>)
  await waitForSaved()
  expect(savedText()).toContain(ERRORS.SYSTEM_BUSY)
  const [kept] = scanQueue.pending()
  expect(net.checkIns).toEqual([{ code: codeUrl, scanId: kept.scanId }])

  // The server asked for a minute; the person unlocks the phone sooner, with the rush over.
  busy = false
  showPageAgain(utils)
  await waitFor(() => !!document.querySelector('.checkin-result'), 'the result on the same page')
  expect(q('.health-status').textContent).toBe('黄码')
  expect(net.checkIns[1]).toEqual({ code: codeUrl, companionIds: [], scanId: kept.scanId, scannedAt: kept.scannedAt })
  expect(await serverEntries(stack, token)).toHaveLength(before + 1)
  expect(scanQueue.pending()).toEqual([])
})
