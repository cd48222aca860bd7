/**
 * 保存到相册 and 打印 on H5, in Chromium: the saved file is the whole card at print resolution
 * and its QR decodes to the code's link; printing gives the card alone on one page.
 */
import fs from 'fs'
import path from 'path'
import { PNG } from 'pngjs'
import jsQR from 'jsqr'
import type { Page } from 'playwright-core'
import { PHONE } from '../support/browser'
import { useBrowserAndStack } from '../support/e2e-session'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots')

const session = useBrowserAndStack()

beforeAll(() => { fs.mkdirSync(SHOTS, { recursive: true }) })

/**
 * The demo venue admin on the code page of 泉城广场, reached as a person does: home, the venue's
 * 场所管理, then its checkpoint's 查看场所码. Returns the code's link from myVenues.
 */
async function codePage(): Promise<{ page: Page; codeUrl: string; close: () => Promise<void> }> {
  const context = await session.browser.newContext({ ...PHONE, acceptDownloads: true })
  const page = await context.newPage()
  await page.goto(session.stack.url + '/')
  const venues = page.waitForResponse((r) => r.url().endsWith('/api/myVenues'))
  await page.locator('[data-account="venue_admin"]').first().click()
  const body = await (await venues).json()
  const codeUrl: string = body.data.venues[0].code.url
  await page.locator('.home__venue').first().click()
  await page.locator('.manage-venue__checkpoint .manage-venue__code').first().click()
  await page.locator('.code__notice-text').filter({ visible: true }).waitFor()
  return { page, codeUrl, close: () => context.close() }
}

/** The one 打印/保存 button, then the named choice of the action sheet. */
async function output(page: Page, choice: string) {
  await page.locator('.poster-output__button').filter({ visible: true }).click()
  await page.locator('.taro-actionsheet__cell').filter({ hasText: choice, visible: true }).click()
}

test('打印/保存 → 保存图片 downloads the whole card at print resolution, and its QR decodes to the link', async () => {
  const { page, codeUrl, close } = await codePage()
  const download = page.waitForEvent('download')
  await output(page, '保存图片')
  const file = await (await download).path()
  const bytes = fs.readFileSync(file)
  fs.writeFileSync(path.join(SHOTS, 'poster-download.png'), bytes)
  const png = PNG.sync.read(bytes)
  expect(png.width).toBeGreaterThanOrEqual(1080)
  // A card, not a bare square QR: title above and venue and notice below make it tall.
  expect(png.height).toBeGreaterThan(png.width * 1.4)
  // The card's blue ground at the top, where the title is.
  const [r, g, b] = png.data.subarray((10 * png.width + 10) * 4, (10 * png.width + 10) * 4 + 3)
  expect([r, g, b]).toEqual([0x16, 0x77, 0xff])
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)
  expect(found?.data).toBe(codeUrl)
  await close()
})

test('打印 prints the card alone, on one page', async () => {
  const { page, close } = await codePage()
  await page.emulateMedia({ media: 'print' })
  for (const sel of ['.code__poster-title', '.venue-qrcode', '.code__venue-name', '.code__venue-address', '.code__checkpoint', '.code__notice-text']) {
    expect(await page.locator(sel).filter({ visible: true }).count()).toBe(1)
  }
  for (const sel of ['.code__declaration', '.poster-output', '.code__regenerate']) {
    expect(await page.locator(sel).filter({ visible: true }).count()).toBe(0)
  }
  const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1')
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1)
  await close()
})

test('打印/保存 → 下载A4海报（PDF） downloads the checkpoint\'s A4 poster as a named PDF', async () => {
  const { page, close } = await codePage()
  const download = page.waitForEvent('download')
  await output(page, '下载A4海报（PDF）')
  const file = await download
  expect(file.suggestedFilename()).toBe('场所码-泉城广场-主入口.pdf')
  const bytes = fs.readFileSync(await file.path())
  fs.writeFileSync(path.join(SHOTS, 'poster-download.pdf'), bytes)
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  // One A4 page (595.28 × 841.89 pt).
  const pdf = bytes.toString('latin1')
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1)
  expect(pdf).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/)
  await close()
})
