/**
 * Headless Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by
 * playwright-core (its own browser download cannot work here). A missing browser fails the
 * run; it is never a silent skip.
 */
import fs from 'fs'
import { chromium, type Browser, type Locator } from 'playwright-core'
import { decodeQrPng } from './qr'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (npm test installs it as root)`)
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync']
  })
}

/** Phone-sized viewport the layout is checked at. */
export const PHONE = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }

/** Screenshot an element (the QR canvas) and decode it as a phone camera would. */
export async function decodeQrFrom(element: Locator): Promise<string> {
  return decodeQrPng(await element.screenshot()).data
}

/**
 * A real phone as Chromium emulates one: the meta viewport applies and touch is on, as on the
 * phones people open a scanned link with (a desktop-sized `PHONE` hid a 1 px root font).
 */
export function mobilePhone(width: number, deviceScaleFactor: 2 | 3, height = 760) {
  return { ...PHONE, viewport: { width, height }, deviceScaleFactor, isMobile: true, hasTouch: true }
}
