/**
 * 长辈模式 reaches everything Taro draws in the browser build, and shrinks nothing. At 375 px,
 * normal and 长辈模式 side by side: every control of home and 同行人员 is at least as high as in
 * normal mode (home's once-only 开启长辈模式 offer is gone there by design); the 删除 confirm
 * dialog, the relation picker's wheel with its 取消/确定, the 打印/保存 action sheet and the 已保存
 * toast (drawn on the document, outside the page) have text at least 1.25× and
 * controls at least 48 px high. Screenshots go to test-results/screenshots/elder for a person.
 */
import fs from 'fs'
import path from 'path'
import type { Page } from 'playwright-core'
import { PHONE } from '../support/browser'
import { useBrowserAndStack, visible } from '../support/e2e-session'
import type { DemoAccountId } from '../../src/shared/api'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots/elder')
const session = useBrowserAndStack()
let venueId = ''

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  const citizen = (await session.api('demoLogin', { account: 'citizen' })).token
  await session.api('people', { action: 'addCompanion', name: '周小明', idCard: '370102201503070012', relation: 'child' }, citizen)
  const admin = (await session.api('demoLogin', { account: 'venue_admin' })).token
  venueId = (await session.api('myVenues', {}, admin)).venues[0].venue.id
})

/** What a person can tap or press. */
const CONTROLS = 'taro-button-core, taro-switch-core, taro-input-core, .picker-row, .person-field__picker, [role="checkbox"], .taro-model__btn, .weui-picker__action'

interface Box { height: number; font: number }

/** Every shown element of a selector, keyed by its classes and text (the same in both modes). */
async function boxes(page: Page, selector: string): Promise<Record<string, Box>> {
  return page.locator(selector).evaluateAll((els) => {
    const out: Record<string, { height: number; font: number }> = {}
    for (const el of els) {
      const r = el.getBoundingClientRect()
      if (!r.height || !el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue
      const classes = (el.getAttribute('class') || '').split(/\s+/).filter((c) => c && c !== 'elder' && !c.startsWith('hydrated')).join('.')
      let key = `${el.tagName.toLowerCase()}.${classes}:${(el.textContent || '').trim().slice(0, 24)}`
      while (out[key]) key += "'"
      out[key] = { height: r.height, font: parseFloat(getComputedStyle(el).fontSize) }
    }
    return out
  })
}

interface Scene {
  name: string
  account: DemoAccountId
  /** Brings the scene to the screen. */
  show(page: Page): Promise<void>
  /** Controls whose height must not drop in 长辈模式 (and reach 48 px there when `min48`). */
  controls?: string
  min48?: boolean
  /** Texts that must grow by 1.25× at least. */
  texts?: string
}

const openCompanions = async (p: Page) => {
  await p.goto(`${session.stack.url}/pages/companions/index`)
  await visible(p, '.companion__remove').first().waitFor()
}

/** The venue's 场所码 page with its 打印/保存 choices open. */
const openCode = async (p: Page) => {
  await p.goto(`${session.stack.url}/pages/code/index?venueId=${encodeURIComponent(venueId)}`)
  await visible(p, '.poster-output__button').click()
}

const SCENES: Scene[] = [
  {
    name: 'home', account: 'citizen', controls: CONTROLS,
    show: async (p) => { await visible(p, '.home__scan').waitFor(); await p.getByText('当前登录').waitFor() }
  },
  { name: 'companions', account: 'citizen', controls: CONTROLS, show: openCompanions },
  {
    name: 'confirm-delete', account: 'citizen', controls: '.taro-model__btn', min48: true,
    texts: '.taro-modal__title, .taro-modal__text, .taro-model__btn',
    show: async (p) => {
      await openCompanions(p)
      await visible(p, '.companion__remove').first().click()
      await p.locator('.taro-modal__content').waitFor()
      await p.waitForTimeout(300) // Taro fades the dialog in
    }
  },
  {
    name: 'picker', account: 'citizen', controls: '.weui-picker__action', min48: true,
    texts: '.weui-picker__action, .weui-picker__item',
    show: async (p) => {
      await openCompanions(p)
      await visible(p, '.companions__add').click()
      await visible(p, '.relation-picker').click()
      await visible(p, '.weui-picker').waitFor()
      await p.waitForTimeout(400) // the wheel slides up
    }
  },
  {
    // 打印/保存's choices are Taro's action sheet, drawn on the document like the dialog.
    name: 'action-sheet', account: 'venue_admin', texts: '.taro-actionsheet__cell',
    show: async (p) => {
      await openCode(p)
      await p.locator('.taro-actionsheet__cell').filter({ hasText: '保存图片' }).waitFor()
      await p.waitForTimeout(300) // the sheet slides up
    }
  },
  {
    // 保存图片 answers with Taro's 已保存 toast (the copy page's 内容已复制 is taken away at once).
    name: 'toast', account: 'venue_admin', texts: '.taro__toast p:last-of-type', // the title, not the ✓ icon's empty <p>
    show: async (p) => {
      await openCode(p)
      await p.locator('.taro-actionsheet__cell').filter({ hasText: '保存图片' }).click()
      await p.locator('.taro__toast p').filter({ hasText: '已保存' }).waitFor()
      await p.waitForTimeout(200)
    }
  }
]

async function visit(scene: Scene, elder: boolean): Promise<{ controls: Record<string, Box>; texts: Record<string, Box> }> {
  const context = await session.browser.newContext({ ...PHONE, viewport: { width: 375, height: 760 } })
  if (elder) await context.addInitScript(() => localStorage.setItem('csm.elderMode', JSON.stringify({ data: true })))
  const page = await context.newPage()
  await page.goto(session.stack.url + '/')
  await page.locator(`[data-account="${scene.account}"]`).first().click()
  await page.getByText('当前登录').waitFor()
  await scene.show(page)
  await page.screenshot({ path: path.join(SHOTS, `${scene.name}-375${elder ? '-elder' : ''}.png`) })
  const seen = { controls: scene.controls ? await boxes(page, scene.controls) : {}, texts: scene.texts ? await boxes(page, scene.texts) : {} }
  await context.close()
  return seen
}

describe('长辈模式 at 375 px', () => {
  it.each(SCENES.map((s) => [s.name, s] as const))('%s', async (_name, scene) => {
    const normal = await visit(scene, false)
    const elder = await visit(scene, true)
    expect(Object.keys(normal.controls).length + Object.keys(normal.texts).length).toBeGreaterThan(0)
    const shrunk = Object.keys(normal.controls)
      .filter((k) => !k.includes('.home__elder-offer-'))
      .filter((k) => !elder.controls[k] || elder.controls[k].height < normal.controls[k].height - 0.5 || (scene.min48 && elder.controls[k].height < 48))
      .map((k) => `${k} ${normal.controls[k].height}px → ${elder.controls[k]?.height ?? 'missing'}px`)
    expect(shrunk).toEqual([])
    const small = Object.keys(normal.texts)
      .filter((k) => !elder.texts[k] || elder.texts[k].font < normal.texts[k].font * 1.25 - 0.01)
      .map((k) => `${k} ${normal.texts[k].font}px → ${elder.texts[k]?.font ?? 'missing'}px`)
    expect(small).toEqual([])
  })
})
