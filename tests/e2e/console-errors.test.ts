/**
 * Issue 17, observation 12: the browser build threw Taro's insertBefore error on the group result
 * (a button whose label had changed was set loading: React had rewritten its text with
 * textContent, removing the node Stencil anchors the loading icon to). No console error on the
 * way from the chooser to the group result.
 */
import { PHONE } from '../support/browser'
import { useBrowserAndStack, visible } from '../support/e2e-session'
import { idCardCheckChar } from '../../src/shared/validators'

const session = useBrowserAndStack()
const idCard = (first17: string) => first17 + idCardCheckChar(first17)

it('checks a family in without a console error', async () => {
  const token = (await session.api('demoLogin', { account: 'citizen' })).token
  await session.api('people', { action: 'addCompanion', name: '张晓红', idCard: idCard('37010220100101453'), relation: 'child' }, token)
  const admin = (await session.api('demoLogin', { account: 'venue_admin' })).token
  const codeUrl = (await session.api('myVenues', {}, admin)).venues[0].code.url

  const context = await session.browser.newContext({ ...PHONE })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(session.stack.url + '/')
  await page.locator('[data-account="citizen"]').first().click()
  await page.getByText('当前登录').waitFor()
  await page.goto(codeUrl)
  await visible(page, '.choose-sheet').waitFor()
  await visible(page, '.choose-row[aria-checked="false"]').first().click()
  await visible(page, '.choose-sheet__confirm').getByText('确认登记（2人）').waitFor()
  await visible(page, '.choose-sheet__confirm').click()
  await visible(page, '.checkin-result').waitFor()
  await visible(page, '.status-card').nth(1).waitFor()
  expect(errors).toEqual([])
  await context.close()
})
