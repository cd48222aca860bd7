/**
 * The front door's first screen on a phone (issue 17, observations 7 and 8): at 375 × 667 in phone
 * emulation (isMobile, touch, device scale 2), the result screen shows the venue name and address
 * without scrolling for green and red, and a citizen's home with a 风险提示 still has 扫一扫 and the
 * 长辈模式 switch on the first screen. Screenshots (normal and 长辈模式) go to
 * test-results/screenshots/front-screens.
 */
import fs from 'fs'
import path from 'path'
import type { Page } from 'playwright-core'
import { PHONE } from '../support/browser'
import { useBrowserAndStack, visible } from '../support/e2e-session'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots/front-screens')
const MOBILE = { ...PHONE, isMobile: true, hasTouch: true }
const session = useBrowserAndStack()
let codeUrl = ''

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  const { token } = await session.api('demoLogin', { account: 'venue_admin' })
  const { venues } = await session.api('myVenues', {}, token)
  codeUrl = venues[0].code.url
})

/** A fresh phone tab signed in as a demo account on the home page, in 长辈模式 if asked. */
async function phone(account: string, elder = false): Promise<Page> {
  const context = await session.browser.newContext(MOBILE)
  const page = await context.newPage()
  await page.goto(session.stack.url + '/')
  if (elder) {
    await visible(page, '.home__elder .weui-switch').click()
    await visible(page, '.home.elder').waitFor()
  }
  await page.locator(`[data-account="${account}"]`).first().click()
  await page.getByText('当前登录').waitFor()
  return page
}

/** Where an element's bottom edge is, in CSS px from the top of the page, and its height. */
async function box(page: Page, selector: string): Promise<{ bottom: number; height: number }> {
  const el = visible(page, selector).first()
  await el.waitFor()
  return el.evaluate((e) => {
    const r = e.getBoundingClientRect()
    return { bottom: r.bottom + window.scrollY, height: r.height }
  })
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
}

test.each([['citizen', 'green'], ['citizen_red', 'red']] as const)('%s: venue name and address within the first 667 px of the result', async (account, colour) => {
  for (const elder of [false, true]) {
    const page = await phone(account, elder)
    await page.goto(codeUrl.replace(/^https?:\/\/[^/]+/, session.stack.url))
    await visible(page, '.checkin-result').waitFor()
    const name = await box(page, '.checkin-result .venue-name')
    const address = await box(page, '.checkin-result .venue-address')
    // Real text, not the 1 px root font of observation 1.
    expect(name.height).toBeGreaterThan(14)
    if (!elder) {
      expect(name.bottom).toBeLessThanOrEqual(667)
      expect(address.bottom).toBeLessThanOrEqual(667)
    }
    await shot(page, `result-${colour}${elder ? '-elder' : ''}`)
    await page.context().close()
  }
})

test('a citizen with a 风险提示: 扫一扫 and the 长辈模式 switch on the first screen', async () => {
  const citizen = (await session.api('demoLogin', { account: 'citizen_yellow' })).token
  const red = (await session.api('demoLogin', { account: 'citizen_red' })).token
  await session.api('checkIn', { code: codeUrl }, citizen)
  await session.api('checkIn', { code: codeUrl }, red)
  const official = (await session.api('demoLogin', { account: 'official' })).token
  const trace = await session.api('official', { action: 'trace', idCard: '370102199203157896' }, official)
  const { proposal } = await session.api('official', { action: 'confirmTrace', traceId: trace.traceId }, official)
  // Two-person rule: the 风险提示 go out once a second official approves the confirmation.
  const reviewer = (await session.api('demoLogin', { account: 'official_reviewer' })).token
  await session.api('official', { action: 'decideProposal', proposalId: proposal.proposalId, approve: true, reason: '已核对病例行程' }, reviewer)

  for (const elder of [false, true]) {
    const page = await phone('citizen_yellow', elder)
    await visible(page, '.risk-card').waitFor()
    const scan = await box(page, '.home__scan')
    const sw = await box(page, '.home__elder .weui-switch')
    expect(scan.height).toBeGreaterThanOrEqual(44)
    expect(scan.bottom).toBeLessThanOrEqual(667)
    expect(sw.bottom).toBeLessThanOrEqual(667)
    await shot(page, `home-citizen-risk${elder ? '-elder' : ''}`)
    await page.context().close()
  }
})
