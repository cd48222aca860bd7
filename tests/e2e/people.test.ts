/**
 * People in a browser, against the README's local stack: a newcomer scans before recording
 * 实名信息, is sent into the app and comes back to a finished check-in; adds two companions and
 * brings one along; an inspector registers a person without a phone; a wrong entry is withdrawn
 * and 我的扫码记录 marks it. Screenshots of every new screen go to test-results/screenshots/people.
 */
import fs from 'fs'
import path from 'path'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { PHONE } from '../support/browser'
import { useBrowserAndStack } from '../support/e2e-session'
import type { DemoAccountId } from '../../src/shared/api'
import { idCardCheckChar } from '../../src/shared/validators'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots/people')
const session = useBrowserAndStack()
let codeUrl = ''

const idCard = (first17: string) => first17 + idCardCheckChar(first17)
const NEWCOMER = { name: '周新', idCard: idCard('37010219880705123'), phone: '13912340000' }
const MOTHER = { name: '吴秀英', idCard: idCard('37010219560214002') }
const FATHER = { name: '周建国', idCard: idCard('37010219541120001'), phone: '13800001111' }
const GRANDMA = { name: '刘桂兰', idCard: idCard('37010219450312002') }

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  const { token } = await session.api('demoLogin', { account: 'venue_admin' })
  const { venues } = await session.api('myVenues', {}, token)
  codeUrl = venues[0].code.url
})

interface Phone { context: BrowserContext; page: Page }

/** A phone signed in as a demo account (the way a person does it, on the home page). */
async function phone(account: DemoAccountId, opts: { width?: number; elder?: boolean } = {}): Promise<Phone> {
  const context = await session.browser.newContext({ ...PHONE, viewport: { width: opts.width ?? 375, height: 760 } })
  const page = await context.newPage()
  await page.goto(session.stack.url + '/')
  if (opts.elder) {
    await page.locator('.home__elder .weui-switch').click()
    await page.locator('.home.elder').waitFor()
  }
  await page.locator(`[data-account="${account}"]`).first().click()
  await page.getByText('当前登录').waitFor()
  return { context, page }
}

/** Taro's H5 router keeps earlier pages in the DOM, hidden: only what is shown counts. */
const shown = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true })

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
  expect(`${name}: ${scrollWidth}px wide`).toBe(`${name}: ${Math.min(scrollWidth, innerWidth)}px wide`)
}

/** Taro's H5 picker opens a wheel; its first entry is selected unless scrolled. */
async function pickFirst(page: Page, trigger: string) {
  await shown(page, trigger).click()
  const confirm = page.locator('.weui-picker__action:visible, .taro-picker__action:visible').last()
  await confirm.waitFor()
  await confirm.click()
  await page.waitForTimeout(300)
}

async function fill(page: Page, values: Partial<Record<'name' | 'idCard' | 'phone', string>>) {
  for (const [field, value] of Object.entries(values)) await shown(page, `.input-${field} input`).fill(value!)
}

/** No way to type anything on the page reached by scanning (the anti-fraud promise). */
async function expectNothingToType(page: Page) {
  expect(await page.locator('.checkin-profile, .checkin-choose, .checkin-result').filter({ visible: true }).locator('input, textarea, select').count()).toBe(0)
}

describe('people, companions and entries in a browser', () => {
  it('a newcomer scans, records 实名信息 in the app, and the check-in completes by itself', async () => {
    const { context, page } = await phone('newcomer')
    await shown(page, '.home__link--profile').getByText('未实名').waitFor()
    await shot(page, 'home-newcomer')

    await page.goto(codeUrl)
    await shown(page, '.checkin-profile').waitFor()
    await expectNothingToType(page)
    await shot(page, 'checkin-profile-required')
    await shown(page, '.checkin-profile__go').click()

    await shown(page, '.profile__submit').waitFor()
    await shown(page, '.profile__submit').click()
    await shown(page, '.field-error[data-field="phone"]').waitFor()
    await shot(page, 'profile-first-errors')
    await fill(page, NEWCOMER)
    await shown(page, '.profile__submit').click()
    // Typed 实名信息 is offered 实名核验 at once; the demo provider passes in one tap.
    await shown(page, '.profile__verify').waitFor()
    await shot(page, 'profile-verify-offer')
    await shown(page, '.profile__verify').click()

    // Back on the scanned page, which retried by itself.
    await shown(page, '.checkin-result').waitFor()
    await expect(shown(page, '.person-name').innerText()).resolves.toBe('周*')
    await shown(page, '.status-card--green').waitFor()
    await expect(shown(page, '.venue-name').innerText()).resolves.toBe('泉城广场')
    await expectNothingToType(page)
    expect(new URL(page.url()).pathname).toBe('/c')
    await context.close()
  })

  it('adds two companions, brings one along and sees two status cards', async () => {
    const { context, page } = await phone('newcomer')
    await shown(page, '.home__link--profile').click()
    await shown(page, '.profile__status').waitFor()
    await shot(page, 'profile-recorded')
    await page.goBack()

    await shown(page, '.home__link--companions').click()
    await shown(page, '.companions__count').getByText('0/10').waitFor()
    for (const person of [MOTHER, FATHER]) {
      await shown(page, '.companions__add').click()
      await shown(page, '.input-name input').waitFor()
      await fill(page, person)
      await pickFirst(page, '.relation-picker')
      await shown(page, '.companions__save').click()
      await shown(page, '.companions__notice').waitFor()
    }
    await shown(page, '.companions__count').getByText('2/10').waitFor()
    await shot(page, 'companions-list')
    await shown(page, '.companions__add').click()
    await shown(page, '.companions__save').click()
    await shown(page, '.field-error[data-field="relation"]').waitFor()
    await shot(page, 'companions-add-errors')

    await page.goto(codeUrl)
    await shown(page, '.choose-sheet').waitFor()
    await expectNothingToType(page)
    await expect(shown(page, '.choose-sheet__confirm').innerText()).resolves.toBe('确认登记（1人）')
    await shown(page, '.choose-row').filter({ hasText: '吴**' }).click()
    await expect(shown(page, '.choose-sheet__confirm').innerText()).resolves.toBe('确认登记（2人）')
    await shot(page, 'checkin-choose')
    await shown(page, '.choose-sheet__confirm').click()

    await shown(page, '.checkin-result').waitFor()
    const names = await shown(page, '.status-card .person-name').allInnerTexts()
    expect(names).toEqual(['周*', '吴**'])
    await expect(shown(page, '.status-card').nth(1).locator('.status-card__tag').innerText()).resolves.toBe(`父母 · ${MOTHER.idCard.slice(-4)}`)
    await expectNothingToType(page)
    await shot(page, 'checkin-two-cards')
    await context.close()
  })

  it('an inspector registers a person without a phone and sees the status card', async () => {
    const { context, page } = await phone('inspector')
    await shown(page, '.home__link--assist').click()
    await shown(page, '.assist__venue-name').getByText('泉城广场').waitFor()
    await expect(shown(page, '.checkpoint-picker').innerText()).resolves.toContain('主入口')
    await shot(page, 'assist-form')
    await fill(page, GRANDMA)
    await shown(page, '.assist__submit').click()
    await shown(page, '.assist__result').waitFor()
    await expect(shown(page, '.assist__result .person-name').innerText()).resolves.toBe('刘**')
    await expect(shown(page, '.assist__result .status-card__tag').innerText()).resolves.toBe(`辅助登记 · ${GRANDMA.idCard.slice(-4)}`)
    await expect(shown(page, '.assist__result .entry-method').innerText()).resolves.toBe('辅助登记')
    await shot(page, 'assist-result')
    await context.close()
  })

  it('a wrong entry is withdrawn and 我的扫码记录 marks it 已撤销', async () => {
    const { context, page } = await phone('newcomer')
    await shown(page, '.home__link--entries').click()
    await shown(page, '.entry').first().waitFor()
    expect(await shown(page, '.entry').count()).toBe(2)
    const line = shown(page, '.entry').filter({ hasText: `吴** · 父母 · ${MOTHER.idCard.slice(-4)}` })
    await line.locator('.entry__withdraw').click()
    await page.locator('.taro-model__confirm').filter({ visible: true }).click()
    await shown(page, '.entry--withdrawn').getByText(/^已撤销 · \d{2}:\d{2}$/).waitFor()
    await expect(shown(page, '.entry--withdrawn').innerText()).resolves.toContain('吴**')
    expect(await shown(page, '.entry--withdrawn').count()).toBe(1)
    const grey = await shown(page, '.entry--withdrawn .entry__venue').evaluate((el) => getComputedStyle(el).color)
    expect(grey).toBe('rgb(176, 181, 189)')
    await shot(page, 'entries-withdrawn')

    // Opened again, from the server: still marked.
    await page.reload()
    await shown(page, '.entry--withdrawn').waitFor()
    await context.close()
  })

  it("a red companion's card is as large as the holder's, and the banner asks everyone to wait", async () => {
    const { token } = await session.api('demoLogin', { account: 'citizen' })
    // The red demo citizen, listed by the green one as a companion.
    await session.api('people', { action: 'addCompanion', name: '孙八', idCard: '370102199203157896', relation: 'friend' }, token)
    // 孙八 holds a verified account of their own: shown at 张三's scans only once they accept.
    const sun = (await session.api('demoLogin', { account: 'citizen_red' })).token
    const { requests } = await session.api('people', { action: 'companionRequests' }, sun)
    await session.api('people', { action: 'answerCompanionRequest', requestId: requests[0].requestId, accept: true }, sun)
    const { context, page } = await phone('citizen')
    await page.goto(codeUrl)
    await shown(page, '.choose-row').filter({ hasText: '孙*' }).click()
    await shown(page, '.choose-sheet__confirm').click()
    await shown(page, '.checkin-result').waitFor()
    await expect(shown(page, '.checkin__banner').innerText()).resolves.toBe('已登记 · 请配合工作人员核验')
    const boxes = await shown(page, '.status-card__status').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect()
      return { w: Math.round(r.width), h: Math.round(r.height), bg: getComputedStyle(e).backgroundColor }
    }))
    expect(boxes).toHaveLength(2)
    expect(boxes[1]).toEqual({ w: boxes[0].w, h: boxes[0].h, bg: 'rgb(224, 32, 32)' })
    const nameSizes = await shown(page, '.status-card .person-name').evaluateAll((els) => els.map((e) => getComputedStyle(e).fontSize))
    expect(nameSizes[1]).toBe(nameSizes[0])
    await shot(page, 'checkin-red-companion')
    await context.close()
  })
})

describe('the new screens on a small phone and in 长辈模式', () => {
  it.each([
    ['320', { width: 320 }],
    ['375-elder', { elder: true }]
  ] as const)('%s: nothing scrolls sideways', async (label, opts) => {
    const { context, page } = await phone('newcomer', opts)
    await shot(page, `home-${label}`)
    await page.goto(codeUrl)
    await shown(page, '.choose-sheet').waitFor()
    await shot(page, `checkin-choose-${label}`)
    await shown(page, '.choose-sheet__confirm').click()
    await shown(page, '.checkin-result').waitFor()
    await shot(page, `checkin-result-${label}`)
    for (const [name, url, ready] of [
      ['profile', '/pages/profile/index', '.profile__status'],
      ['companions', '/pages/companions/index', '.companion'],
      ['entries', '/pages/entries/index', '.entry']
    ] as const) {
      await page.goto(session.stack.url + url)
      await shown(page, ready).first().waitFor()
      await shot(page, `${name}-${label}`)
    }
    await context.close()
  })
})
