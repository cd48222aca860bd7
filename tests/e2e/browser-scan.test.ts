/**
 * The browser's 扫一扫 (observation 4: it was a card of text, no action, no way back). A poster of
 * the demo venue's genuine code is played to Chromium as its camera (a Y4M file through
 * --use-fake-device-for-media-stream); the page decodes it and lands on the check-in result. The
 * same poster as a photo (从相册选择) lands on the signed-out venue screen, and a refused camera is
 * said in Chinese with the ways on.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { CAMERA_REFUSED } from '../../src/services/browser-scan'
import { CHROMIUM_PATH, PHONE } from '../support/browser'
import { visible } from '../support/e2e-session'
import { startLocalStack, type RunningStack } from '../support/local-stack-process'
import { qrGrey, qrPng } from '../support/qr'

jest.setTimeout(120_000)

/** A short YUV4MPEG2 (4:2:0) video of a poster: the QR centred on white, the same frame a few times. */
function posterY4m(text: string, file: string): void {
  const width = 640
  const height = 480
  const { side, grey } = qrGrey(text, 6)
  const y = Buffer.alloc(width * height, 235)
  const left = Math.floor((width - side) / 2)
  const top = Math.floor((height - side) / 2)
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) y[(top + r) * width + left + c] = grey[r * side + c] ? 235 : 16
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma])
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame]))
}

const launch = (args: string[]) => chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync', ...args]
})

let stack: RunningStack
let codeUrl: string
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-scan-'))
const browsers: Browser[] = []

beforeAll(async () => {
  stack = await startLocalStack()
  const post = async (name: string, body: object, token?: string) => {
    const res = await fetch(`${stack.url}/api/${name}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body)
    })
    return (await res.json()).data
  }
  const admin = await post('demoLogin', { account: 'venue_admin' })
  codeUrl = (await post('myVenues', {}, admin.token)).venues[0].code.url
  expect(codeUrl.startsWith(`${stack.url}/c?t=`)).toBe(true)
})
afterAll(async () => {
  for (const b of browsers) await b.close()
  await stack?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ ...PHONE })
  return context.newPage()
}

test('the camera reads a genuine poster and the signed-in citizen lands on the check-in result', async () => {
  const video = path.join(dir, 'poster.y4m')
  posterY4m(codeUrl, video)
  const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`])
  browsers.push(browser)
  const page = await phonePage(browser)
  await page.goto(stack.url + '/')
  await page.locator('[data-account="citizen"]').first().click()
  await page.getByText('当前登录').waitFor()
  await page.goto(stack.url + '/pages/scan/index')
  await page.waitForURL((u) => u.toString() === codeUrl, { timeout: 30_000 })
  await visible(page, '.checkin-result').waitFor({ timeout: 30_000 })
  expect(await visible(page, '.checkin-result .venue-name').textContent()).toBe('泉城广场')
})

test('a refused camera says so in Chinese; 从相册选择 then reads a photo of the poster (signed out: the venue screen)', async () => {
  // No fake UI: the permission prompt is denied, as a person tapping 不允许.
  const browser = await launch(['--deny-permission-prompts', '--use-fake-device-for-media-stream'])
  browsers.push(browser)
  const page = await phonePage(browser)
  await page.goto(stack.url + '/pages/scan/index')
  await visible(page, '.scan-camera__error').waitFor()
  expect(await visible(page, '.scan-camera__error').textContent()).toBe(CAMERA_REFUSED)
  for (const label of ['重新打开摄像头', '从相册选择', '返回首页']) await visible(page, `taro-button-core:has-text("${label}")`).waitFor()

  const blank = path.join(dir, 'blank.png')
  const white = new PNG({ width: 200, height: 200 })
  white.data.fill(255)
  fs.writeFileSync(blank, PNG.sync.write(white))
  await page.locator('.scan-camera__file').last().setInputFiles(blank)
  await page.getByText('照片中未识别到二维码').waitFor()

  const photo = path.join(dir, 'poster.png')
  fs.writeFileSync(photo, qrPng(codeUrl, 8))
  await page.locator('.scan-camera__file').last().setInputFiles(photo)
  await page.waitForURL((u) => u.toString() === codeUrl)
  await visible(page, '.checkin-login__venue').waitFor({ timeout: 30_000 })
  expect(await visible(page, '.checkin-login__venue .venue-name').textContent()).toBe('泉城广场')
  expect(await visible(page, '.checkin-login__next').textContent()).toBe('登录后完成登记')
})
