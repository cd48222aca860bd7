/**
 * 实名 means verified, in a browser against the README's local stack (issue 16). Fresh accounts
 * come from Alipay sign-in against a fake of Alipay's gateway (the one outside service faked), and
 * carry their session the way the app keeps it. An account that typed 张三's name and ID number
 * scans and sees 身份未核验 and nothing of 张三's; a person who typed their own verifies from the
 * result screen in one tap (the local stack's demo provider) and sees their colour.
 * Screenshots go to test-results/screenshots/identity.
 */
import fs from 'fs'
import path from 'path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { launchChromium, PHONE } from '../support/browser'
import { startFakeAlipay, type FakeAlipay } from '../support/fake-alipay'
import { startLocalStack, type RunningStack } from '../support/local-stack-process'
import { DEMO_PEOPLE } from '../../server/domain/demo'
import { idCardCheckChar } from '../../src/shared/validators'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots/identity')
const ZHANG = DEMO_PEOPLE.find((p) => p.id === 'citizen')!
const idCard = (first17: string) => first17 + idCardCheckChar(first17)

let browser: Browser
let stack: RunningStack
let alipay: FakeAlipay
let codeUrl = ''
let zhangEntries = 0
let nextUid = 2088000000900001

async function api(name: string, data: object, token?: string): Promise<any> {
  const res = await fetch(`${stack.url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(data)
  })
  const body = await res.json()
  if (!body.ok) throw new Error(`${name}: ${body.code} ${body.message}`)
  return body.data
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  alipay = await startFakeAlipay()
  browser = await launchChromium()
  stack = await startLocalStack(alipay.env)
  const { token } = await api('demoLogin', { account: 'venue_admin' })
  codeUrl = (await api('myVenues', {}, token)).venues[0].code.url
  // 张三 has been somewhere: none of it may show to anyone who merely knows the ID number.
  const zhang = (await api('demoLogin', { account: 'citizen' })).token
  await api('checkIn', { code: codeUrl }, zhang)
  zhangEntries = (await api('entries', { action: 'list' }, zhang)).entries.length
})
afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  await alipay?.close()
})

/** A phone of a new Alipay account (a first sign-in creates it), its session kept as the app keeps it. */
async function newPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const { token } = await api('alipayLogin', { authCode: alipay.issueCode(String(nextUid++)) })
  const context = await browser.newContext({ ...PHONE, isMobile: true, hasTouch: true })
  await context.addInitScript((t) => { localStorage.setItem('csm.session', JSON.stringify({ data: t })) }, token)
  return { context, page: await context.newPage() }
}

const shown = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true })
const COLOURS = '.status-card--green, .status-card--yellow, .status-card--red'

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

async function typeProfile(page: Page, person: { name: string; idCard: string; phone: string }) {
  await page.goto(codeUrl)
  await shown(page, '.checkin-profile__go').click()
  await shown(page, '.profile__submit').waitFor()
  for (const [field, value] of Object.entries(person)) await shown(page, `.input-${field} input`).fill(value)
  await shown(page, '.profile__submit').click()
  await shown(page, '.profile__verify').waitFor()
}

describe('verified identity in a browser', () => {
  it('an account that typed 张三\'s name and ID number scans, sees 身份未核验, and nothing of 张三\'s', async () => {
    const { context, page } = await newPhone()
    await typeProfile(page, { name: ZHANG.name!, idCard: ZHANG.idCard!, phone: '13900000999' })
    await shot(page, 'impostor-verify-offer')
    await shown(page, '.profile__skip').click()

    await shown(page, '.checkin-result').waitFor()
    await shown(page, '.status-card--identity_unverified').waitFor()
    expect(await page.locator(COLOURS).filter({ visible: true }).count()).toBe(0)
    await expect(shown(page, '.status-card__hidden-text').innerText()).resolves.toBe('身份未核验')
    const text = await page.locator('body').innerText()
    for (const colour of ['绿码', '黄码', '红码']) expect(text).not.toContain(colour)
    await shot(page, 'impostor-result')

    // 我的扫码记录 holds the one entry this account made, not 张三's; the access log is empty.
    await page.goto(`${stack.url}/pages/entries/index`)
    await shown(page, '.entry[data-entry]').first().waitFor()
    expect(zhangEntries).toBeGreaterThan(0)
    expect(await page.locator('.entry[data-entry]').filter({ visible: true }).count()).toBe(1)
    await shot(page, 'impostor-entries')
    await page.goto(`${stack.url}/pages/access-log/index`)
    await shown(page, '.access-log__empty').waitFor()
    await context.close()
  })

  it('a newcomer verifies from the result screen in one tap and sees their colour', async () => {
    const { context, page } = await newPhone()
    await typeProfile(page, { name: '柳青', idCard: idCard('37010219930303442'), phone: '13900000777' })
    await shown(page, '.profile__skip').click()
    await shown(page, '.status-card--identity_unverified').waitFor()

    await shown(page, '.status-card__verify').click()
    await shown(page, '.profile__verify').click()
    // Back on the scanned page, which retried: the same entry, now with its colour.
    await shown(page, '.status-card--green').waitFor()
    await shot(page, 'verified-result')
    await page.goto(`${stack.url}/pages/profile/index`)
    await shown(page, '.profile__verified').waitFor()
    await shot(page, 'verified-profile')
    await context.close()
  })
})
