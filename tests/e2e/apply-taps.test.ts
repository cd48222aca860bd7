/**
 * Taps, counted (issue 17, observation 6 and Done): applying for a venue code from home to
 * 申领成功 takes at most 12 taps plus typing, and 进入场所管理 lands on 场所管理; a family of
 * three checks in with at most 2 taps once the chooser remembers last time's companions.
 * Every tap goes through `tap`, so a flow that needs more fails here.
 */
import fs from 'fs'
import path from 'path'
import type { Locator, Page } from 'playwright-core'
import { useBrowserAndStack, visible } from '../support/e2e-session'
import { creditCodeCheckChar, idCardCheckChar } from '../../src/shared/validators'

const session = useBrowserAndStack()
const SHOTS = path.resolve(__dirname, '../../test-results/screenshots')
beforeAll(() => { fs.mkdirSync(SHOTS, { recursive: true }) })
const VENUE_NAME = '泉城路芙蓉小馆'
const FIRST17 = '91370102MA3TAP71X'
const idCard = (first17: string) => first17 + idCardCheckChar(first17)

function tapCounter() {
  let taps = 0
  return {
    get count() { return taps },
    async tap(target: Locator) { taps++; await target.click() }
  }
}

const option = (page: Page, name: string) => visible(page, '.region-sheet__option').filter({ hasText: name }).first()

test('申领场所码 from home to 申领成功 in ≤ 12 taps plus typing, then 进入场所管理', async () => {
  const page = await session.signedIn('citizen')
  const t = tapCounter()

  // Without venues of one's own it is a small link under 扫一扫 (home by role).
  await t.tap(visible(page, '.home__small-link').filter({ hasText: '申领场所码' }).first())
  // 实名信息 fills the admin in: nothing to type there.
  await visible(page, '.admin-self__value').filter({ hasText: '张* · 138****0001' }).waitFor()

  await t.tap(visible(page, '.region-picker'))
  await option(page, '山东省').waitFor()
  await page.screenshot({ path: `${SHOTS}/apply-region-sheet.png` })
  for (const name of ['山东省', '济南市', '历下区', '泉城路街道']) await t.tap(option(page, name))
  await visible(page, '.region-picker__value').filter({ hasText: '山东省 济南市 历下区 泉城路街道' }).waitFor()

  // Taro's H5 wheel: its first entry is selected unless scrolled; 确定 confirms it.
  await t.tap(visible(page, '.venue-type'))
  await t.tap(page.locator('.weui-picker__action:visible, .taro-picker__action:visible').last())
  await page.locator('.weui-picker').filter({ visible: true }).waitFor({ state: 'detached' }).catch(() => {})

  await visible(page, '.input-address input').fill('芙蓉街18号')
  await visible(page, '.input-name input').fill(VENUE_NAME)
  await visible(page, '.input-creditCode input').fill(FIRST17 + creditCodeCheckChar(FIRST17))
  await page.screenshot({ path: `${SHOTS}/apply-form.png`, fullPage: true })
  await t.tap(visible(page, '.apply__submit'))

  await visible(page, '.apply-done__title').filter({ hasText: '申领成功' }).waitFor()
  await visible(page, '.apply-done__venue').filter({ hasText: VENUE_NAME }).waitFor()
  expect(await visible(page, '.apply__banner').count()).toBe(0)
  expect(t.count).toBeLessThanOrEqual(12)
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${SHOTS}/apply-done.png`, fullPage: true })

  await t.tap(visible(page, 'taro-button-core').filter({ hasText: '进入场所管理' }))
  await page.waitForURL(/\/manage\/venue\/index\?venueId=/)
  await visible(page, '.manage-venue__name, .venue-name').filter({ hasText: VENUE_NAME }).first().waitFor()
  await page.context().close()
})

test('a family of three checks in with ≤ 2 taps after the first time', async () => {
  const { token } = await session.api('demoLogin', { account: 'citizen' })
  for (const c of [{ name: '张建国', idCard: idCard('37010219600101101'), relation: 'parent' }, { name: '张小雨', idCard: idCard('37010220150601102'), relation: 'child' }]) {
    await session.api('people', { action: 'addCompanion', ...c }, token)
  }
  const admin = (await session.api('demoLogin', { account: 'venue_admin' })).token
  const first = (await session.api('myVenues', {}, admin)).venues[0].code.url
  const mine = (await session.api('myVenues', {}, token)).venues as Array<{ venue: { name: string }; code: { url: string } }>
  const second = mine.find((v) => v.venue.name === VENUE_NAME)?.code.url ?? first

  const page = await session.signedIn('citizen')
  // First time: the scan opens the chooser; both companions ticked, then 确认登记.
  await page.goto(first)
  await visible(page, '.choose-sheet').waitFor()
  const rows = visible(page, '.choose-row:not(.choose-row--holder)')
  await rows.nth(0).click()
  await rows.nth(1).click()
  await visible(page, '.choose-sheet__confirm').filter({ hasText: '确认登记（3人）' }).click()
  await visible(page, '.checkin-result').waitFor()

  // Next time (another venue's code): the chooser remembers; the scan itself is the camera.
  const t = tapCounter()
  await page.goto(second)
  await visible(page, '.choose-sheet').waitFor()
  await t.tap(visible(page, '.choose-sheet__confirm').filter({ hasText: '确认登记（3人）' }))
  await visible(page, '.checkin-result').waitFor()
  expect(await visible(page, '.status-card').count()).toBe(3)
  expect(t.count).toBeLessThanOrEqual(2)
  await page.context().close()
})
