/**
 * 检测统计 on H5, in Chromium: after a check-in at the demo venue its admin sees the day's numbers,
 * and the F2 charts really draw (the hourly canvas holds blue bars, not just its background);
 * the day before is an empty day without charts. Screenshots of both go to
 * test-results/screenshots for a person to look at.
 */
import fs from 'fs'
import path from 'path'
import { PNG } from 'pngjs'
import type { Page } from 'playwright-core'
import { PHONE } from '../support/browser'
import { useBrowserAndStack } from '../support/e2e-session'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots')

const session = useBrowserAndStack()

beforeAll(() => { fs.mkdirSync(SHOTS, { recursive: true }) })

/** Pixels of the chart's bar colour (#1677ff, allowing for anti-aliasing) on a canvas. */
async function bluePixels(page: Page, selector: string): Promise<number> {
  const url = await page.locator(`${selector} canvas`).evaluate((c) => (c as HTMLCanvasElement).toDataURL('image/png'))
  const png = PNG.sync.read(Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64'))
  let n = 0
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]]
    if (a > 200 && Math.abs(r - 0x16) < 40 && Math.abs(g - 0x77) < 40 && Math.abs(b - 0xff) < 40) n++
  }
  return n
}

/** F2 animates the marks in: the blue pixels once there are at least `atLeast`, or after 10 s. */
async function drawn(page: Page, selector: string, atLeast: number): Promise<number> {
  const start = Date.now()
  let n = await bluePixels(page, selector)
  while (n < atLeast && Date.now() - start < 10000) {
    await page.waitForTimeout(200)
    n = await bluePixels(page, selector)
  }
  return n
}

test('the admin sees the day in numbers and as charts drawn on the canvas; the day before is empty', async () => {
  const { token: admin } = await session.api('demoLogin', { account: 'venue_admin' })
  const { venues } = await session.api('myVenues', {}, admin)
  const venueId: string = venues[0].venue.id
  for (const account of ['citizen', 'citizen_red']) {
    const { token } = await session.api('demoLogin', { account })
    await session.api('checkIn', { code: venues[0].code.url }, token)
  }

  const context = await session.browser.newContext({ ...PHONE, viewport: { width: 375, height: 812 } })
  const page = await context.newPage()
  await page.goto(session.stack.url + '/')
  await page.locator('[data-account="venue_admin"]').first().click()
  await page.getByText('当前登录').waitFor()
  await page.goto(`${session.stack.url}/manage/stats/index?venueId=${encodeURIComponent(venueId)}`)
  await page.locator('[data-tile="entries"]').waitFor()

  const tile = (key: string) => page.locator(`[data-tile="${key}"] .stats__tile-value`).textContent()
  expect(await page.locator('.stats__venue').textContent()).toBe('泉城广场')
  expect(await tile('entries')).toBe('2')
  expect(await tile('people')).toBe('2')
  expect(await tile('red')).toBe('1')
  expect(await page.locator('[data-tile="red"]').getAttribute('class')).toContain('stats__tone--red')
  expect(await page.locator('[data-tile="yellow"]').getAttribute('class')).not.toContain('stats__tone--yellow')
  expect(await page.locator('.stats__peak').textContent()).toMatch(/^高峰时段 \d{2}:00–\d{2}:00，2人次$/)
  expect(await page.locator('.stats__checkpoints [data-col="entries"]').allTextContents()).toEqual(['2'])

  // Two canvases, each with its own id, sized for the screen's pixel ratio.
  const ids = await page.locator('.f2-chart').evaluateAll((els) => els.map((e) => e.id))
  expect(ids).toHaveLength(2)
  expect(new Set(ids).size).toBe(2)
  // The chart takes its canvas a few frames after the numbers render: wait (up to 5 s) for it to
  // be scaled to the pixel ratio; if it never is, the check below fails.
  const hourly = page.locator('.stats__chart--hourly canvas')
  await page.waitForFunction(() => {
    const c = document.querySelector('.stats__chart--hourly canvas') as HTMLCanvasElement | null
    return !!c && c.width === c.clientWidth * window.devicePixelRatio
  }, undefined, { timeout: 5000 }).catch(() => undefined)
  const size = await hourly.evaluate((c) => ({ w: (c as HTMLCanvasElement).width, css: c.clientWidth }))
  expect(size.w).toBe(size.css * 2)

  expect(await drawn(page, '.stats__chart--hourly', 500)).toBeGreaterThanOrEqual(500)
  expect(await drawn(page, '.stats__chart--trend', 100)).toBeGreaterThanOrEqual(100)
  await page.waitForTimeout(600)
  await page.screenshot({ path: path.join(SHOTS, 'stats-day.png'), fullPage: true })

  await page.locator('.stats__prev').click()
  await page.getByText('当日暂无登记').waitFor()
  expect(await page.locator('.f2-chart').count()).toBe(0)
  expect(await page.locator('.stats__date-name').textContent()).toBe('昨天')
  await page.screenshot({ path: path.join(SHOTS, 'stats-empty-day.png'), fullPage: true })

  // Back to today: the charts draw again on fresh canvases.
  await page.locator('.stats__next').click()
  await page.locator('[data-tile="entries"]').waitFor()
  expect(await drawn(page, '.stats__chart--hourly', 500)).toBeGreaterThanOrEqual(500)
  const again = await page.locator('.f2-chart').evaluateAll((els) => els.map((e) => e.id))
  expect(again.filter((id) => ids.includes(id))).toEqual([])
  await context.close()
})
