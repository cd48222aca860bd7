/**
 * The core loop as people do it, in headless Chromium against the README's local stack:
 * a venue admin applies for a code through the form, the QR code is decoded from the
 * rendered canvas, a citizen opens the decoded link and sees the blue result screen; a
 * forged and a tampered code reach the warning screen instead.
 */
import fs from 'fs'
import path from 'path'
import type { BrowserContext, Page } from 'playwright-core'
import { decodeQrFrom, PHONE } from '../support/browser'
import { useBrowserAndStack } from '../support/e2e-session'
import { parseVenueCode } from '../../src/shared/venue-code'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots')
const VENUE_NAME = '济南泉城书香文化传播有限公司'
const CREDIT_CODE = '91350100M000100Y43'

const session = useBrowserAndStack()

beforeAll(() => { fs.mkdirSync(SHOTS, { recursive: true }) })

async function signedInPage(account: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await session.browser.newContext(PHONE)
  const page = await context.newPage()
  await page.goto(session.stack.url + '/')
  await page.locator(`[data-account="${account}"]`).first().click()
  await page.getByText('当前登录').waitFor()
  return { context, page }
}

/** Taro's H5 picker opens a wheel; its first entry is selected unless scrolled. */
async function pickFirst(page: Page, trigger: string) {
  await page.locator(trigger).click()
  const confirm = page.locator('.weui-picker__action:visible, .taro-picker__action:visible').last()
  await confirm.waitFor()
  await confirm.click()
  await page.waitForTimeout(300)
}

describe('申领场所码 → 扫码 → 入场登记 in a browser', () => {
  let codeUrl = ''

  it('a venue admin applies through the form and gets a scannable code', async () => {
    const { context, page } = await signedInPage('venue_admin')
    await page.screenshot({ path: path.join(SHOTS, 'home.png') })
    await page.getByText('申领场所码', { exact: true }).first().click()
    await page.locator('.region-picker').waitFor()

    // A wrong credit code is refused next to its field, and nothing is submitted.
    await page.locator('.input-creditCode input').fill('91350100M000100Y44')
    await page.locator('.apply__submit').click()
    await page.getByText('统一社会信用代码校验位不正确，请核对').waitFor()

    // 所在地区: one sheet, a tap per level (the first listed each time).
    await page.locator('.region-picker').click()
    while (await page.locator('.region-sheet').count()) {
      await page.getByText('加载中…').waitFor({ state: 'detached' })
      await page.locator('.region-sheet__option').first().click()
      await page.waitForTimeout(300)
    }
    await pickFirst(page, '.venue-type')
    await page.locator('.input-address input').fill('泉城路188号')
    await page.locator('.input-name input').fill(VENUE_NAME)
    await page.locator('.input-creditCode input').fill(CREDIT_CODE)
    // The admin is 本人 from 实名信息 (李四): another is typed after 改填其他管理员.
    await page.locator('.admin-self__other').click()
    await page.locator('.input-adminName input').fill('李四')
    await page.locator('.input-adminMobile input').fill('13800000000')
    await page.screenshot({ path: path.join(SHOTS, 'apply.png'), fullPage: true })
    await page.locator('.apply__submit').click()

    // 申领成功, then its code page (from 场所管理).
    await page.locator('.apply-done__title').filter({ visible: true }).waitFor()
    await page.locator('.apply-done__manage').filter({ visible: true }).click()
    await page.locator('.manage-venue__code').filter({ visible: true }).first().click()
    // Taro's H5 router keeps earlier pages in the DOM, hidden: look only at what is shown.
    const canvas = page.locator('#venue-qrcode canvas').filter({ visible: true })
    await page.locator('.code__venue-name').filter({ hasText: VENUE_NAME, visible: true }).waitFor()
    await page.locator('.code__notice-text').filter({ hasText: '无需填写任何个人信息', visible: true }).waitFor()
    await canvas.waitFor()
    await page.waitForTimeout(800)
    await page.screenshot({ path: path.join(SHOTS, 'code.png'), fullPage: true })

    codeUrl = await decodeQrFrom(canvas)
    expect(codeUrl.startsWith(session.stack.url + '/c?t=CSM1.')).toBe(true)
    expect(parseVenueCode(codeUrl, { bases: [session.stack.url] }).ok).toBe(true)
    await context.close()
  })

  it('a citizen opens the decoded link and sees the blue result screen with no form', async () => {
    const { context, page } = await signedInPage('citizen')
    await page.goto(codeUrl)
    const result = page.locator('.checkin-result')
    await result.waitFor()
    await expect(page.locator('.venue-name').innerText()).resolves.toBe(VENUE_NAME)
    await expect(page.locator('.person-name').innerText()).resolves.toBe('张*')
    await expect(page.locator('.health-status').innerText()).resolves.toContain('绿码')
    expect(await page.locator('input, textarea').count()).toBe(0)

    const bg = await result.evaluate((el) => getComputedStyle(el).backgroundColor)
    const [r, g, b] = (bg.match(/\d+/g) || []).map(Number)
    expect(b).toBeGreaterThan(150)
    expect(b).toBeGreaterThan(r + 60)
    expect(b).toBeGreaterThan(g)

    // The clock is live: its seconds move.
    const clock = page.locator('.checkin__clock-time')
    const first = await clock.innerText()
    await page.waitForTimeout(1500)
    expect(await clock.innerText()).not.toBe(first)
    await page.screenshot({ path: path.join(SHOTS, 'checkin-result.png'), fullPage: true })
    await context.close()
  })

  it('a code this system did not issue reaches the warning screen', async () => {
    const { context, page } = await signedInPage('citizen')
    const parsed = parseVenueCode(codeUrl, { bases: [session.stack.url] })
    if (!parsed.ok) throw new Error('decoded code did not parse')
    // Forged: a well-formed code for the same venue, signed by someone without our key.
    const forged = `${parsed.code.signedPart}.${'A'.repeat(22)}`
    await page.goto(`${session.stack.url}/c?t=${forged}`)
    await page.locator('.checkin-warning').waitFor()
    await expect(page.locator('.checkin-warning__headline').innerText()).resolves.toContain('非官方场所码')
    expect(await page.locator('.checkin-result').count()).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, 'warning-forged.png'), fullPage: true })
    await context.close()
  })

  it('a tampered code (venue id changed, signature kept) reaches the warning screen', async () => {
    const { context, page } = await signedInPage('citizen')
    const parsed = parseVenueCode(codeUrl, { bases: [session.stack.url] })
    if (!parsed.ok) throw new Error('decoded code did not parse')
    const c = parsed.code
    const otherVenue = c.venueId.slice(0, -1) + (c.venueId.endsWith('a') ? 'b' : 'a')
    const tampered = ['CSM1', c.kid, otherVenue, c.checkpointId, c.codeVersion, c.signature].join('.')
    await page.goto(`${session.stack.url}/c?t=${tampered}`)
    await page.locator('.checkin-warning').waitFor()
    await expect(page.locator('.checkin-warning__headline').innerText()).resolves.toContain('非官方场所码')
    await context.close()
  })

  it('a phishing link of another site is refused without calling the server', async () => {
    const { context, page } = await signedInPage('citizen')
    const requests: string[] = []
    page.on('request', (r) => { if (r.url().includes('/api/checkIn')) requests.push(r.url()) })
    await page.goto(`${session.stack.url}/c?code=${encodeURIComponent('https://evil.example.com/register?t=1')}`)
    await page.locator('.checkin-warning').waitFor()
    expect(requests).toEqual([])
    await context.close()
  })
})
