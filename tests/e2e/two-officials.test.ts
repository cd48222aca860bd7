/**
 * The two-person rule and 申诉 end to end in Chromium against the local stack (issue 20), on
 * phones (375×812, 2×, touch): 赵六 proposes 红码 for 张三 with a reason → 张三's 首页 still shows
 * 绿码 → 赵六 cannot approve his own (no buttons on his page; the API refuses PROPOSAL_OWN) → 周九
 * approves with his reason → 张三's 首页 shows 红码 with the office, 赵* and 周*, the reason and the
 * time → 张三 taps 申诉, writes a short text and sends it → 周九 answers 更正 with a reason, which
 * only proposes 绿码 again → 赵六 approves that → 张三 sees the answer and 绿码. Every screen is
 * saved to test-results/screenshots/two-officials-*.png for a person to look at.
 */
import fs from 'fs'
import path from 'path'
import type { Page } from 'playwright-core'
import { mobilePhone } from '../support/browser'
import { useBrowserAndStack, visible } from '../support/e2e-session'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots')
const session = useBrowserAndStack()

/** Demo people (server/domain/demo.ts). */
const ZHANG_SAN_ID = '370102199001011231'

beforeAll(() => { fs.mkdirSync(SHOTS, { recursive: true }) })

/** Once Taro's H5 router has slid the page in: no sideways scroll, then the whole page saved. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(500)
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
  if (scrollWidth > innerWidth) throw new Error(`${name}: the page is ${scrollWidth}px wide on a ${innerWidth}px screen`)
  await page.screenshot({ path: path.join(SHOTS, `two-officials-${name}.png`), fullPage: true })
}

/** A phone of its own (375×812, 2×, touch), signed in as a demo account from 首页. */
async function phoneAs(account: string): Promise<Page> {
  const context = await session.browser.newContext(mobilePhone(375, 2, 812))
  const page = await context.newPage()
  await page.goto(session.stack.url + '/')
  await page.locator(`[data-account="${account}"]`).first().tap()
  await page.getByText('当前登录').waitFor()
  return page
}

const confirmModal = (page: Page) => page.locator('.taro-model__confirm').filter({ visible: true }).tap()

test('propose → 张三 still green → the proposer cannot approve → 周九 approves → 张三 sees 红码 with who and why → 申诉 → 更正 → 张三 sees the answer', async () => {
  // 赵六: 防控工作台 → 设置健康码 → 张三 红码, with a reason, asked first.
  const zhao = await phoneAs('official')
  await visible(zhao, '.official-card__head').tap()
  await visible(zhao, '.official-home__status').tap()
  await visible(zhao, '.official-status__id').locator('input').fill(ZHANG_SAN_ID)
  await visible(zhao, '.official-status__find').tap()
  await visible(zhao, '.official-status__person').waitFor()
  await visible(zhao, '.official-status__choice--red').tap()
  await visible(zhao, '.official-status__reason').locator('input').fill('核酸检测阳性')
  await visible(zhao, '.official-status__save').tap()
  await confirmModal(zhao)
  const proposed = visible(zhao, '.official-status__proposed')
  await proposed.waitFor()
  expect(await proposed.innerText()).toContain('已提交，待另一名工作人员复核')
  expect(await proposed.innerText()).toContain('济南市疫情防控指挥部 赵*')
  expect(await visible(zhao, '.official-status__person .health-chip').innerText()).toBe('绿码')
  await shot(zhao, 'status-proposed')

  // 张三's 首页: still 绿码, nothing listed.
  const zhang = await phoneAs('citizen')
  expect(await visible(zhang, '.home__status-text').innerText()).toBe('绿码')
  await zhang.waitForTimeout(500)
  expect(await visible(zhang, '.status-notice').count()).toBe(0)
  await shot(zhang, 'home-still-green')

  // 赵六 cannot approve his own: 待复核 lists it as 等待他人复核 without buttons, and the API refuses.
  await visible(zhao, '.official-status__to-proposals').tap()
  const own = visible(zhao, '.proposal-item').first()
  await own.waitFor()
  expect(await own.locator('.proposal-item__state').innerText()).toBe('等待他人复核')
  expect(await own.locator('.proposal-item__approve').count()).toBe(0)
  await shot(zhao, 'proposals-own')
  const zhaoToken = (await session.api('demoLogin', { account: 'official' })).token
  const { proposals } = await session.api('official', { action: 'proposals', state: 'pending' }, zhaoToken)
  await expect(session.api('official', { action: 'decideProposal', proposalId: proposals[0].proposalId, approve: true, reason: '我自己批准' }, zhaoToken))
    .rejects.toThrow('PROPOSAL_OWN 不能复核自己提出的变更，请由另一名工作人员复核')

  // 周九: 首页's card counts one waiting → 待复核 → his reason → 批准, asked first.
  const zhou = await phoneAs('official_reviewer')
  const waiting = visible(zhou, '.official-card__link--proposals')
  await waiting.locator('.official-card__link-count').filter({ hasText: '1' }).waitFor()
  await waiting.scrollIntoViewIfNeeded()
  await shot(zhou, 'home-card')
  await waiting.tap()
  const item = visible(zhou, '.proposal-item').filter({ hasText: '张* 设为红码' }).first()
  await item.waitFor()
  expect(await item.innerText()).toContain('张* 3701**********1231 绿码 → 红码')
  expect(await item.innerText()).toContain('原因：核酸检测阳性')
  await item.locator('.proposal-item__input input').fill('已核对检测报告')
  await shot(zhou, 'proposals-decide')
  await item.locator('.proposal-item__approve').tap()
  await confirmModal(zhou)
  await item.locator('.proposal-item__decision').waitFor()
  expect(await item.locator('.proposal-item__state').innerText()).toBe('已批准')
  await shot(zhou, 'proposals-approved')

  // 张三's 首页: 红码, and the change with the office, both officials masked, the reason and the time.
  await zhang.reload()
  await visible(zhang, '.home__status-text').filter({ hasText: '红码' }).waitFor()
  const notice = visible(zhang, '.status-notice').first()
  await notice.waitFor()
  const noticeText = await notice.innerText()
  expect(noticeText).toContain('本人 张*')
  expect(noticeText).toContain('变更为红码（原绿码）')
  expect(noticeText).toContain('济南市疫情防控指挥部')
  expect(noticeText).toContain('提出：赵* · 复核：周*')
  expect(noticeText).toContain('原因：核酸检测阳性')
  expect(noticeText).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/)
  expect(noticeText).not.toMatch(/赵六|周九/)
  await shot(zhang, 'home-red')

  // 申诉 with a short text: counted, sent, 已提交，等待答复.
  await notice.locator('.status-notice__appeal').tap()
  const area = visible(zhang, '.appeal__text').locator('textarea')
  await area.waitFor()
  await area.fill('我这几天一直在家，没有做过核酸检测')
  await visible(zhang, '.appeal__count').filter({ hasText: '17/200' }).waitFor()
  await shot(zhang, 'appeal-form')
  await visible(zhang, '.appeal__send').tap()
  await visible(zhang, '.appeal__waiting').waitFor()
  expect(await visible(zhang, '.appeal__waiting').innerText()).toBe('已提交，等待答复')
  await shot(zhang, 'appeal-sent')

  // 周九: 申诉处理 → 更正 with a reason (asked first): it proposes 绿码 again.
  await zhou.goto(session.stack.url + '/')
  await visible(zhou, '.official-card__link--appeals').tap()
  const appeal = visible(zhou, '.appeal-item').first()
  await appeal.waitFor()
  expect(await appeal.innerText()).toContain('我这几天一直在家，没有做过核酸检测')
  expect(await appeal.innerText()).toContain('张* 3701**********1231')
  await appeal.locator('.appeal-item__input input').fill('检测样本登记错误，已与检测机构核实')
  await shot(zhou, 'appeals-open')
  await appeal.locator('.appeal-item__correct').tap()
  await confirmModal(zhou)
  await appeal.locator('.appeal-item__answer').waitFor()
  expect(await appeal.innerText()).toContain('已提出更正，须另一名工作人员复核后生效')
  await shot(zhou, 'appeals-answered')

  // 张三 sees the answer at once, while 红码 stays until the correction is approved.
  await zhang.reload()
  await visible(zhang, '.appeal__answer').waitFor()
  const answer = await visible(zhang, '.appeal__answer').innerText()
  expect(answer).toContain('答复：更正')
  expect(answer).toContain('理由：检测样本登记错误，已与检测机构核实')
  expect(answer).toContain('济南市疫情防控指挥部 周*')
  await shot(zhang, 'appeal-answered')

  // 赵六 approves the correction (周九 proposed it): 张三 is green again, the change listed as such.
  await zhao.goto(session.stack.url + '/')
  await visible(zhao, '.official-card__link--proposals').tap()
  const correction = visible(zhao, '.proposal-item').filter({ hasText: '申诉更正' }).first()
  await correction.waitFor()
  await correction.locator('.proposal-item__input input').fill('同意更正')
  await correction.locator('.proposal-item__approve').tap()
  await confirmModal(zhao)
  await correction.locator('.proposal-item__decision').waitFor()

  await zhang.goto(session.stack.url + '/')
  await visible(zhang, '.home__status-text').filter({ hasText: '绿码' }).waitFor()
  const latest = visible(zhang, '.status-notice').first()
  await latest.waitFor()
  expect(await latest.innerText()).toContain('变更为绿码（原红码）')
  expect(await latest.innerText()).toContain('提出：周* · 复核：赵*')
  const older = visible(zhang, '.status-notice').nth(1)
  expect(await older.locator('.status-notice__appeal-text').innerText()).toBe('申诉答复：更正')
  await shot(zhang, 'home-corrected')

  // 长辈模式: the same screens in large text.
  await visible(zhang, '.home__elder .weui-switch').tap()
  await zhang.locator('.home.elder').waitFor()
  await shot(zhang, 'home-elder')
  await older.locator('.status-notice__appeal-state').tap()
  await visible(zhang, '.appeal.elder .appeal__answer').waitFor()
  await shot(zhang, 'appeal-elder')
})

test('a status file is one proposal: 赵六 sees its changed line masked and 待复核; 周九 rejects it with his reason and nobody changes', async () => {
  const zhao = await phoneAs('official')
  await zhao.goto(`${session.stack.url}/official/import/index`)
  const [chooser] = await Promise.all([zhao.waitForEvent('filechooser'), visible(zhao, '.official-import__choose').tap()])
  await chooser.setFiles({
    name: '密接名单.csv', mimeType: 'text/csv',
    buffer: Buffer.from('身份证号,姓名,健康码,原因\n370102198512124567,钱七,红码,与确诊病例同场所停留\n')
  })
  await visible(zhao, '.official-import__send').tap()
  await confirmModal(zhao)
  const card = visible(zhao, '.official-import__proposal')
  await card.waitFor()
  expect(await visible(zhao, '.official-import__applied').innerText()).toBe('文件已提交：共 1 行，其中 1 人状态将变更，待另一名工作人员复核')
  expect(await card.innerText()).toContain('钱* 3701**********4567 黄码 → 红码')
  expect(await card.innerText()).toContain('待复核')
  await shot(zhao, 'import-proposed')

  const zhou = await phoneAs('official_reviewer')
  await zhou.goto(`${session.stack.url}/official/proposals/index`)
  const item = visible(zhou, '.proposal-item').filter({ hasText: '批量导入' }).first()
  await item.waitFor()
  expect(await item.innerText()).toContain('文件：密接名单.csv')
  await item.locator('.proposal-item__input input').fill('名单未附流调报告，请补充后重新提交')
  await item.locator('.proposal-item__reject').tap()
  await confirmModal(zhou)
  await item.locator('.proposal-item__decision').waitFor()
  expect(await item.locator('.proposal-item__state').innerText()).toBe('已驳回')
  await shot(zhou, 'proposals-rejected')

  const qian = (await session.api('demoLogin', { account: 'citizen_yellow' })).token
  expect((await session.api('whoAmI', {}, qian)).healthStatus).toBe('yellow')
})
