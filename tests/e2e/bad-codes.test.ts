/**
 * The bad-code corpus through the H5 check-in route in Chromium, as a phone would open each text:
 * a text on our own base is opened as the link it is; any other text arrives the way the in-app
 * scanner hands it on (`/c?code=…`). Every one must end on the warning screen, and the citizen
 * must have no entry afterwards: the genuine link then checks in as a first visit, not a repeat.
 */
import type { Page } from 'playwright-core'
import { badCodesFor } from '../support/bad-codes'
import { PHONE } from '../support/browser'
import { useBrowserAndStack } from '../support/e2e-session'

const session = useBrowserAndStack()

/**
 * How the text reaches the check-in route: opened as it is when it is an address of that route on
 * our host that the browser would not respell (it drops a trailing NUL, for one); otherwise the
 * way the in-app scanner hands any text to the route.
 */
function pageUrlFor(text: string): string {
  try {
    const u = new URL(text)
    if (u.href === text && u.origin === session.stack.url && u.pathname === '/c') return text
  } catch { /* not a URL */ }
  return `${session.stack.url}/c?code=${encodeURIComponent(text)}`
}

async function signIn(page: Page, account: string) {
  await page.goto(session.stack.url + '/')
  await page.locator(`[data-account="${account}"]`).first().click()
  await page.getByText('当前登录').waitFor()
}

test('every bad code reaches the warning screen on the check-in route and logs nothing', async () => {
  const { api } = session
  const admin = (await api('demoLogin', { account: 'venue_admin' })).token
  const venue = (await api('myVenues', {}, admin)).venues[0]
  const current = (await api('regenerateCode', { venueId: venue.venue.id }, admin)).code.url
  const codes = badCodesFor(session.stack.url, current, venue.code.url)

  const context = await session.browser.newContext(PHONE)
  const page = await context.newPage()
  await signIn(page, 'citizen')
  const notWarned: string[] = []
  for (const bad of codes) {
    await page.goto(pageUrlFor(bad.text))
    const outcome = await Promise.race([
      page.locator('.checkin-warning').waitFor({ timeout: 15000 }).then(() => 'warning'),
      page.locator('.checkin-result').waitFor({ timeout: 15000 }).then(() => 'result')
    ]).catch(() => 'nothing')
    if (outcome !== 'warning') notWarned.push(`${bad.kind}: ${outcome}`)
  }
  expect(notWarned).toEqual([])

  // No entry was written by any of them: the genuine poster is a first visit.
  await page.goto(current)
  await page.locator('.checkin-result').waitFor()
  expect(await page.locator('.checkin__repeated').count()).toBe(0)
  await context.close()
})
