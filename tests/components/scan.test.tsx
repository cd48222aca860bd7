/**
 * 扫一扫: in the browser there is no camera API, so the page explains how to scan; in a
 * mini-program the camera's text goes to the one check-in page. Taro.scanCode is the only
 * mock (there is no camera); the check-in that follows runs against the real functions.
 */
import Taro from '@tarojs/taro'
import Scan from '../../src/pages/scan'
import { readScannedText as readWeappScannedText } from '../../src/services/launch-link.weapp'
import Checkin from '../../src/pages/checkin'
import { createTestStack, type TestStack } from '../support/stack'
import {
  bodyText, buttonByText, click, connect, mountPage, openUrl, q, recordNavigation, waitFor
} from './support/helpers'

let stack: TestStack
beforeAll(async () => { stack = await createTestStack() })
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack) })

test('H5 without a camera: says so in Chinese and offers 从相册选择 and 返回首页, never a dead end', async () => {
  // jsdom has no navigator.mediaDevices, as an old browser or an http:// page.
  await mountPage(Scan)
  await waitFor(() => !!document.querySelector('.scan-camera__error'), 'the camera error')
  expect(q('.scan-camera__error').textContent).toMatch(/摄像头/)
  const buttons = Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent)
  expect(buttons).toEqual(expect.arrayContaining(['重新打开摄像头', '从相册选择', '返回首页']))
  expect(document.querySelector('input[type=file][accept="image/*"]')).not.toBeNull()
  // Not 扫一扫扫描 (issue 17, observation 12).
  expect(bodyText()).not.toMatch(/扫一扫”?扫/)
})

describe('as a mini-program', () => {
  const env = process.env.TARO_ENV
  beforeEach(() => { process.env.TARO_ENV = 'weapp' })
  afterEach(() => { process.env.TARO_ENV = env })

  async function scanText(text: string): Promise<string> {
    const scan = jest.spyOn(Taro, 'scanCode').mockResolvedValue({ result: text, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' } as never)
    const nav = recordNavigation()
    const utils = await mountPage(Scan)
    click(utils, buttonByText('扫一扫'))
    await waitFor(() => nav.urls.length === 1, 'navigation to the check-in page')
    expect(scan).toHaveBeenCalledWith(expect.objectContaining({ onlyFromCamera: true, scanType: ['qrCode'] }))
    scan.mockRestore()
    nav.restore()
    return nav.urls[0]
  }

  test('a scanned venue code opens the check-in page, which logs the entry', async () => {
    const admin = await stack.login('venue_admin')
    const mine = await stack.call('myVenues', {}, admin)
    if (!mine.ok) throw new Error(mine.message)
    const url = mine.data.venues[0].code.url

    const target = await scanText(url)
    expect(target).toBe(`/pages/checkin/index?code=${encodeURIComponent(url)}`)

    // What the WeChat check-in page reads from that navigation is the scanned text, unchanged,
    // and it checks in (the H5 page is its own link instead: see checkin.test.tsx).
    const params = Object.fromEntries(new URLSearchParams(target.split('?')[1]))
    const scanned = readWeappScannedText(params)
    expect(scanned).toBe(url)
    const citizen = await stack.login('citizen')
    const res = await stack.call('checkIn', { code: scanned as string }, citizen)
    expect(res).toMatchObject({ ok: true, data: { venue: { name: '泉城广场' } } })
  })

  test('any other QR code goes to the same page and ends on the warning', async () => {
    const target = await scanText('WIFI:S:cafe;T:WPA;P:12345678;;')
    expect(target.startsWith('/pages/checkin/index?code=')).toBe(true)
    process.env.TARO_ENV = 'h5'
    openUrl(target)
    await mountPage(Checkin)
    await waitFor(() => !!document.querySelector('.checkin-warning'), 'warning')
    expect(q('.checkin-warning__headline').textContent).toBe('非官方场所码，谨防诈骗')
  })
})
