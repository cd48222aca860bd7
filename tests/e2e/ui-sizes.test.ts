/**
 * How the H5 build looks on real phone widths, measured in Chromium against the local stack:
 * text follows the 750-wide design like rpx does, 长辈模式 grows every text on every page,
 * field errors are never larger than their labels, unknown addresses get a page of their own,
 * and no page scrolls sideways. Screenshots of every page at 320/375/414 in both modes go to
 * test-results/screenshots/ui for a person to look at.
 */
import fs from 'fs'
import path from 'path'
import type { BrowserContext, Page } from 'playwright-core'
import { PHONE } from '../support/browser'
import { useBrowserAndStack } from '../support/e2e-session'
import type { DemoAccountId } from '../../src/shared/api'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots/ui')
const WIDTHS = [320, 375, 414] as const

const session = useBrowserAndStack()
let codeUrl = ''
let venueId = ''

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  // The demo venue's code link, as the venue admin's own list gives it.
  const { token } = await session.api('demoLogin', { account: 'venue_admin' })
  const { venues } = await session.api('myVenues', {}, token)
  codeUrl = venues[0].code.url
  venueId = venues[0].venue.id
  // The gate lists a yellow entry (banded) and a green one; a handover waits for the inspector.
  for (const account of ['citizen_yellow', 'citizen'] as const) {
    await session.api('checkIn', { code: codeUrl }, (await session.api('demoLogin', { account })).token)
  }
  const inspector = (await session.api('demoLogin', { account: 'inspector' })).token
  const { userId } = await session.api('whoAmI', {}, inspector)
  await session.api('venue', { action: 'handover', venueId, toUserId: userId }, token)
})

interface Opened { context: BrowserContext; page: Page }

/** A phone of the given width; 长辈模式 is switched on the way a person does it, on the home page. */
async function phone(width: number, elder: boolean, account: DemoAccountId | null): Promise<Opened> {
  const context = await session.browser.newContext({ ...PHONE, viewport: { width, height: 760 } })
  const page = await context.newPage()
  await page.goto(session.stack.url + '/')
  await page.locator('.home__elder').waitFor()
  if (elder) {
    await page.locator('.home__elder .weui-switch').click()
    await page.locator('.home.elder').waitFor()
  }
  if (account) {
    await page.locator(`[data-account="${account}"]`).first().click()
    await page.getByText('当前登录').waitFor()
  }
  return { context, page }
}

interface Screen {
  name: string
  account: DemoAccountId | null
  /** Brings the page to the screen and waits until it is complete. */
  show(page: Page): Promise<void>
}

/** One of the people pages, loaded. */
async function openPage(p: Page, name: string): Promise<void> {
  await p.goto(`${session.stack.url}/pages/${name}/index`)
  await p.locator(`.page.${name}`).waitFor()
  await p.getByText('正在加载…').waitFor({ state: 'detached' })
}

const SCREENS: Screen[] = [
  { name: 'home-signed-out', account: null, show: async (p) => { await p.locator('[data-account="citizen"]').waitFor() } },
  {
    name: 'home-venue-admin', account: 'venue_admin',
    // Both cards load on their own: the venues and the gate card.
    show: async (p) => {
      await p.locator('.home__venue').first().waitFor()
      await p.locator('.gate-card__venue').first().waitFor()
      // The alert count loads after the venues; measure the card once it has.
      await p.locator('.gate-card__alerts-count').filter({ hasText: '待确认' }).waitFor()
    }
  },
  {
    name: 'apply-errors', account: 'venue_admin',
    show: async (p) => {
      await p.goto(`${session.stack.url}/pages/apply/index`)
      await p.locator('.apply__submit').click()
      await p.locator('.field-error').first().waitFor()
      await p.getByText('加载中…').waitFor({ state: 'detached' })
    }
  },
  {
    name: 'code', account: 'venue_admin',
    show: async (p) => {
      await p.goto(`${session.stack.url}/pages/code/index?venueId=${encodeURIComponent(venueId)}`)
      await p.locator('.code__notice-text').waitFor()
      await p.waitForTimeout(400)
    }
  },
  {
    name: 'manage-venue', account: 'venue_admin',
    show: async (p) => {
      await p.goto(`${session.stack.url}/manage/venue/index?venueId=${encodeURIComponent(venueId)}`)
      await p.locator('.manage-venue__add-input').waitFor()
    }
  },
  {
    name: 'manage-edit', account: 'venue_admin',
    show: async (p) => {
      await p.goto(`${session.stack.url}/manage/edit/index?venueId=${encodeURIComponent(venueId)}`)
      await p.locator('.region-picker__value').filter({ hasText: '泉城路街道' }).waitFor()
      await p.getByText('加载中…').waitFor({ state: 'detached' })
    }
  },
  { name: 'scan', account: null, show: async (p) => { await p.goto(`${session.stack.url}/pages/scan/index`); await p.locator('.scan__h5-text').waitFor() } },
  { name: 'checkin-green', account: 'citizen', show: async (p) => { await p.goto(codeUrl); await p.locator('.checkin-result').waitFor() } },
  { name: 'checkin-red', account: 'citizen_red', show: async (p) => { await p.goto(codeUrl); await p.locator('.checkin-result').waitFor() } },
  { name: 'checkin-warning', account: null, show: async (p) => { await p.goto(`${session.stack.url}/c?t=CSM1.k1.forged`); await p.locator('.checkin-warning').waitFor() } },
  {
    name: 'checkin-login', account: null,
    show: async (p) => { await p.goto(codeUrl); await p.locator('.checkin-login [data-account="citizen"]').waitFor() }
  },
  { name: 'checkin-profile-required', account: 'newcomer', show: async (p) => { await p.goto(codeUrl); await p.locator('.checkin-profile__title').waitFor() } },
  { name: 'profile', account: 'newcomer', show: (p) => openPage(p, 'profile') },
  { name: 'companions', account: 'citizen', show: (p) => openPage(p, 'companions') },
  { name: 'entries', account: 'citizen', show: (p) => openPage(p, 'entries') },
  { name: 'access-log', account: 'citizen', show: (p) => openPage(p, 'access-log') },
  {
    name: 'assist', account: 'inspector',
    // Complete once the venue's only checkpoint is preselected, a render after the venues arrive.
    show: async (p) => { await openPage(p, 'assist'); await p.locator('.checkpoint-picker:not(.assist__picker--empty)').waitFor() }
  },
  {
    name: 'inspect-bind', account: 'citizen',
    show: async (p) => { await p.goto(`${session.stack.url}/inspect/bind/index`); await p.locator('.bind__input').waitFor() }
  },
  {
    name: 'inspect-gate', account: 'inspector',
    show: async (p) => {
      await p.goto(`${session.stack.url}/inspect/gate/index?venueId=${encodeURIComponent(venueId)}`)
      // A run longer than the 5-minute window may have logged the yellow citizen twice.
      await p.locator('.gate-entry--yellow').first().waitFor()
    }
  },
  {
    name: 'inspect-alerts', account: 'inspector',
    // The yellow entry of beforeAll raised a status alert for the venue's inspector.
    show: async (p) => {
      await p.goto(`${session.stack.url}/inspect/alerts/index`)
      await p.locator('.alert-item .stop-advice').first().waitFor()
    }
  },
  {
    name: 'inspect-handover', account: 'inspector',
    show: async (p) => {
      await p.goto(`${session.stack.url}/inspect/handover/index?venueId=${encodeURIComponent(venueId)}`)
      await p.locator('.handover__venue').waitFor()
    }
  },
  {
    name: 'manage-stats', account: 'venue_admin',
    show: async (p) => {
      // A day with entries, so the tiles, charts and tables are all there.
      const { token } = await session.api('demoLogin', { account: 'citizen_yellow' })
      await session.api('checkIn', { code: codeUrl }, token)
      await p.goto(`${session.stack.url}/manage/stats/index?venueId=${encodeURIComponent(venueId)}`)
      await p.locator('[data-tile="entries"]').waitFor()
      await p.waitForTimeout(800)
    }
  },
  { name: 'not-found', account: null, show: async (p) => { await p.goto(`${session.stack.url}/register?t=abc`); await p.locator('.not-found').waitFor() } },
  {
    // The yellow check-in of beforeAll is an open alert of the official's region.
    name: 'official-home', account: 'official',
    show: async (p) => { await p.goto(`${session.stack.url}/official/index/index`); await p.locator('.official-alert').first().waitFor() }
  },
  {
    name: 'official-status', account: 'official',
    show: async (p) => {
      await p.goto(`${session.stack.url}/official/status/index`)
      await p.locator('.official-status__id input').fill('370102198512124567')
      await p.locator('.official-status__find').click()
      await p.locator('.official-status__person').waitFor()
      await p.locator('.official-status__reason input').waitFor()
    }
  },
  {
    name: 'official-import', account: 'official',
    show: async (p) => { await p.goto(`${session.stack.url}/official/import/index`); await p.locator('.official-import__columns').waitFor() }
  },
  {
    // 钱七 entered the demo venue with 张三 (beforeAll): a stay with a contact.
    name: 'official-trace', account: 'official',
    show: async (p) => {
      await p.goto(`${session.stack.url}/official/trace/index`)
      await p.locator('.official-trace__id input').fill('370102198512124567')
      await p.locator('.official-trace__query').click()
      await p.locator('.official-trace__contact').first().waitFor()
    }
  },
  {
    name: 'official-alert', account: 'official',
    show: async (p) => {
      const { token } = await session.api('demoLogin', { account: 'official' })
      const { alerts } = await session.api('alert', { action: 'list' }, token)
      await p.goto(`${session.stack.url}/official/alert/index?alertId=${encodeURIComponent(alerts[0].alertId)}`)
      await p.locator('.official-alert-page__person').waitFor()
    }
  }
]

/**
 * Font size of every visible element that holds text of its own, keyed by its place in the
 * tree (tag, class and position), so the same element can be compared between two visits.
 */
async function textSizes(page: Page): Promise<Record<string, { size: number; text: string }>> {
  return page.evaluate(() => {
    const out: Record<string, { size: number; text: string }> = {}
    const keyOf = (el: Element): string => {
      const parts: string[] = []
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        const index = e.parentElement ? Array.from(e.parentElement.children).indexOf(e) : 0
        parts.unshift(`${e.tagName.toLowerCase()}.${(e.getAttribute('class') || '').trim().split(/\s+/).filter((c) => c !== 'elder').join('.')}[${index}]`)
      }
      return parts.join('>')
    }
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const own = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE && (n.textContent || '').trim()).map((n) => n.textContent!.trim()).join('')
      if (!own || !el.checkVisibility({ visibilityProperty: true })) continue
      out[keyOf(el)] = { size: parseFloat(getComputedStyle(el).fontSize), text: own }
    }
    return out
  })
}

async function noSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
  if (scrollWidth > innerWidth) throw new Error(`${where}: the page is ${scrollWidth}px wide on a ${innerWidth}px screen`)
}

describe('H5 follows the 750-wide design, as rpx does in the mini-programs', () => {
  it.each(WIDTHS)('at %i px wide, design px scale by width / 750', async (width) => {
    const { context, page } = await phone(width, false, null)
    const unit = width / 750
    const size = (selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(await size('html')).toBeCloseTo(40 * unit, 1)
    expect(await size('.home__elder-label')).toBeCloseTo(30 * unit, 1) // 15 px at 375
    expect(await size('.home__notice')).toBeCloseTo(26 * unit, 1)
    expect(await size('.demo-accounts__title')).toBeCloseTo(34 * unit, 1)
    // Every button a finger can hit: at least 44 CSS px high.
    const heights = await page.locator('taro-button-core').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))
    expect(heights.length).toBeGreaterThan(3)
    for (const h of heights) expect(h).toBeGreaterThanOrEqual(44)
    await context.close()
  })
})

describe('every page at 320, 375 and 414 px, normal and 长辈模式', () => {
  it.each(SCREENS.map((s) => [s.name, s] as const))('%s: no sideways scroll, screenshots taken', async (_name, screen) => {
    for (const width of WIDTHS) {
      for (const elder of [false, true]) {
        const { context, page } = await phone(width, elder, screen.account)
        await screen.show(page)
        const label = `${screen.name}-${width}${elder ? '-elder' : ''}`
        await page.screenshot({ path: path.join(SHOTS, `${label}.png`), fullPage: true })
        await noSidewaysScroll(page, label)
        await context.close()
      }
    }
  })
})

describe('长辈模式 grows every text on every page by at least 1.25×', () => {
  it.each(SCREENS.map((s) => [s.name, s] as const))('%s', async (_name, screen) => {
    const measure = async (elder: boolean) => {
      const { context, page } = await phone(375, elder, screen.account)
      await screen.show(page)
      const sizes = await textSizes(page)
      await context.close()
      return sizes
    }
    const normal = await measure(false)
    const elder = await measure(true)
    const keys = Object.keys(normal)
    expect(keys.length).toBeGreaterThan(2)
    const tooSmall = keys
      .filter((k) => !elder[k] || elder[k].size < normal[k].size * 1.25 - 0.01)
      .map((k) => `"${normal[k].text}" ${normal[k].size}px → ${elder[k] ? elder[k].size + 'px' : 'missing'}`)
    expect(tooSmall).toEqual([])
  })
})

describe('form messages', () => {
  it.each([false, true])('a field error is never larger than its label (elder: %s)', async (elder) => {
    const { context, page } = await phone(375, elder, 'venue_admin')
    await SCREENS.find((s) => s.name === 'apply-errors')!.show(page)
    const pairs = await page.locator('.form-item--error').evaluateAll((items) => items.map((item) => {
      const size = (sel: string) => parseFloat(getComputedStyle(item.querySelector(sel)!).fontSize)
      return { label: size('.form-item__label'), error: size('.field-error') }
    }))
    expect(pairs.length).toBeGreaterThanOrEqual(5)
    for (const { label, error } of pairs) expect(error).toBeLessThanOrEqual(label)
    await context.close()
  })
})

describe('an address that is not part of the app', () => {
  it('says so and leads home', async () => {
    const { context, page } = await phone(375, false, null)
    await page.goto(`${session.stack.url}/register?t=abc`)
    await page.getByText('该地址不是场所码小程序的页面').waitFor()
    await page.getByText('返回首页', { exact: true }).click()
    await page.locator('.home__scan').filter({ visible: true }).waitFor()
    await context.close()
  })
})
