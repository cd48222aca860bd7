/**
 * The device keeps the scan, in headless Chromium against the README's local stack: a demo
 * citizen's phone loses the network (context.setOffline), opens a venue's link, sees 已保存 with the
 * scan time and the colour 首页 showed; 我的扫码记录 lists the scan 待上传; the network returns (the
 * browser's `online` event) and the entry is logged once, at the time of the scan, and listed.
 *
 * The link is opened inside the running app (what its router does for an in-app link): a browser
 * without the network cannot load a page it does not hold, so what the browser build can keep is
 * a scan made in a loaded app whose check-in gets no answer. The app fetches the check-in page
 * and 我的扫码记录 ahead once it has started, so neither needs to have been opened before.
 */
import fs from 'fs'
import path from 'path'
import type { Page } from 'playwright-core'
import { mobilePhone } from '../support/browser'
import { useBrowserAndStack, visible } from '../support/e2e-session'

const session = useBrowserAndStack()
const SHOTS = process.env.OFFLINE_SHOTS_DIR || path.resolve(__dirname, '../../test-results/screenshots')

beforeAll(() => { fs.mkdirSync(SHOTS, { recursive: true }) })

/** Follow an in-app link as Taro's router does: push the address and let the router see it. */
async function openInApp(page: Page, pathAndQuery: string) {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to)
    window.dispatchEvent(new PopStateEvent('popstate', { state: {} }))
  }, pathAndQuery)
}

test('no network at the scan: 已保存, 待上传 in 我的扫码记录, logged once when the network returns', async () => {
  const admin = await session.api('demoLogin', { account: 'venue_admin' })
  const codeUrl: string = (await session.api('myVenues', {}, admin.token)).venues[0].code.url
  const code = new URL(codeUrl)

  const context = await session.browser.newContext(mobilePhone(375, 2, 812))
  const page = await context.newPage()
  await page.goto(session.stack.url + '/')
  await page.locator('[data-account="citizen"]').first().click()
  await page.getByText('当前登录').waitFor()
  // 首页 shows the verified holder's colour: the one the device will show, with its age, offline.
  await visible(page, '.home__status-chip').waitFor()
  const token: string = await page.evaluate(() => JSON.parse(localStorage.getItem('csm.session') as string).data)
  const before = (await session.api('entries', { action: 'list' }, token)).entries.length

  // Neither page has been opened: the app fetches both soon after it starts, for this moment
  // (preloadKeptScanPages). Their styles arriving is the sign their chunks are here.
  await page.waitForFunction(() => ['.checkin-saved__title', '.entries__scope'].every((rule) => Array.from(document.styleSheets).some((sheet) => {
    try { return Array.from(sheet.cssRules).some((r) => r.cssText.includes(rule)) } catch { return false }
  })), undefined, { timeout: 20_000 })

  await context.setOffline(true)
  const scannedFrom = Date.now()
  await openInApp(page, `${code.pathname}${code.search}`)
  await visible(page, '.checkin-saved__title').waitFor({ timeout: 30_000 })
  expect(await visible(page, '.checkin-saved__title').textContent()).toBe('已保存，网络恢复后自动登记')
  expect(await visible(page, '.checkin-saved__time').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  expect(await visible(page, '.checkin-saved__last-label').textContent()).toMatch(/^上次查询：绿码（(刚刚|1 分钟前)）$/)
  await page.screenshot({ path: path.join(SHOTS, 'offline-saved.png') })

  await visible(page, '.checkin-saved__entries').click()
  await visible(page, '.entry--pending').waitFor()
  expect(await visible(page, '.entry--pending .entry__pending').textContent()).toBe('待上传')
  await visible(page, '.load-error__message').waitFor()
  await page.screenshot({ path: path.join(SHOTS, 'offline-entries-pending.png') })
  expect((await session.api('entries', { action: 'list' }, token)).entries).toHaveLength(before)

  await context.setOffline(false)
  await visible(page, '.entry:not(.entry--pending)').first().waitFor({ timeout: 30_000 })
  expect(await visible(page, '.entry--pending').count()).toBe(0)
  await page.screenshot({ path: path.join(SHOTS, 'offline-entries-uploaded.png') })

  const after = (await session.api('entries', { action: 'list' }, token)).entries
  expect(after).toHaveLength(before + 1)
  const logged = after.find((e: { venueName: string }) => e.venueName === '泉城广场')
  // At the device's time of the scan, received later.
  expect(Date.parse(logged.checkedInAt)).toBeGreaterThanOrEqual(scannedFrom - 1000)
  expect(Date.parse(logged.receivedAt)).toBeGreaterThanOrEqual(Date.parse(logged.checkedInAt))
  await context.close()
})
