/**
 * 异常提醒与流调 end to end in Chromium against the local stack, as the issue tells it: an official
 * marks a person yellow; the person scans and is told not to go in; the inspector sees the alert
 * without reloading and acknowledges it; the official traces a red case and confirms, a second
 * official approves the confirmation; an overlapping citizen sees the 风险提示 (the venue and time, never the case); the case's own
 * citizen sees the official's access in 谁查看了我的信息.
 */
import fs from 'fs'
import path from 'path'
import type { Page } from 'playwright-core'
import { useBrowserAndStack, visible } from '../support/e2e-session'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots')
const session = useBrowserAndStack()

/** Demo people (server/domain/demo.ts). */
const ZHANG_SAN_ID = '370102199001011231'
const SUN_BA_ID = '370102199203157896'

beforeAll(() => { fs.mkdirSync(SHOTS, { recursive: true }) })

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `e2e-${name}.png`), fullPage: true })
}

/** Scans the demo venue's printed link as the given citizen; answers the result screen. */
async function scan(page: Page, url: string): Promise<string> {
  await page.goto(url)
  await page.locator('.checkin-choose, .checkin-result').first().waitFor()
  if (await page.locator('.checkin-choose').count()) await visible(page, '.choose-sheet__confirm').click()
  await page.locator('.checkin-result').waitFor()
  return page.locator('.checkin-result').innerText()
}

test('official marks yellow → the person scans → the inspector sees the alert → a red case traced and confirmed → a contact sees 风险提示 → the case sees the access', async () => {
  const admin = await session.api('demoLogin', { account: 'venue_admin' })
  const venueUrl: string = (await session.api('myVenues', {}, admin.token)).venues[0].code.url

  // The official: 防控工作台 → 设置健康码 → 张三 yellow, with a reason.
  const official = await session.signedIn('official')
  await visible(official, '.official-card__head').click()
  await visible(official, '.official-home__status').click()
  await visible(official, '.official-status__id').locator('input').fill(ZHANG_SAN_ID)
  await visible(official, '.official-status__find').click()
  await visible(official, '.official-status__person').waitFor()
  expect(await visible(official, '.official-status__person').innerText()).toContain('张三')
  await visible(official, '.official-status__choice--yellow').click()
  await visible(official, '.official-status__reason').locator('input').fill('密切接触者')
  await visible(official, '.official-status__save').click()
  // Proposed, not changed (two-person rule): a second official of the region approves it.
  await visible(official, '.official-status__proposed').waitFor()
  expect(await visible(official, '.official-status__proposed').innerText()).toContain('已提交，待另一名工作人员复核')
  await shot(official, 'official-status')
  const statusReviewer = await session.api('demoLogin', { account: 'official_reviewer' })
  const pendingStatus = (await session.api('official', { action: 'proposals', state: 'pending' }, statusReviewer.token)).proposals
    .find((p: { kind: string }) => p.kind === 'status')
  await session.api('official', { action: 'decideProposal', proposalId: pendingStatus.proposalId, approve: true, reason: '已核对流调报告' }, statusReviewer.token)

  // The inspector opens 异常提醒 before anyone scans: the alert must arrive by itself.
  const inspector = await session.signedIn('inspector')
  await visible(inspector, '.gate-card__alerts').click()
  await visible(inspector, '.alerts__head').waitFor()

  // 张三 scans and is told, in red, not to go in.
  const zhang = await session.signedIn('citizen')
  const result = await scan(zhang, venueUrl)
  expect(result).toContain('请勿进入，配合工作人员处置')
  expect(result).toContain('黄码')
  await shot(zhang, 'result-stop')

  // The inspector's list picks the alert up without a reload; 我已知晓.
  const alert = visible(inspector, '.alert-item').filter({ hasText: '张*' }).first()
  await alert.waitFor({ timeout: 15_000 })
  expect(await alert.innerText()).toContain('泉城广场')
  await shot(inspector, 'inspector-alerts')
  await alert.locator('.alert-item__ack').click()
  await alert.locator('.alert-item__acked').waitFor()

  // The red case 孙八 and the citizen 钱七 are at the venue at the same time.
  const sun = await session.signedIn('citizen_red')
  expect(await scan(sun, venueUrl)).toContain('请勿进入，配合工作人员处置')
  const qian = await session.signedIn('citizen_yellow')
  await scan(qian, venueUrl)

  // The official traces 孙八 over the default 14 days and confirms, deliberately.
  await official.goto(session.stack.url + '/')
  await visible(official, '.official-card__head').click()
  await visible(official, '.official-home__trace').click()
  await visible(official, '.official-trace__id').locator('input').fill(SUN_BA_ID)
  await visible(official, '.official-trace__query').click()
  await visible(official, '.official-trace__stay').filter({ hasText: '泉城广场' }).first().waitFor()
  // Each contact once, with where and how long they overlapped the case.
  const contacts = visible(official, '.official-trace__contacts')
  expect(await contacts.innerText()).toContain('钱*')
  expect(await contacts.innerText()).toContain('张*')
  await shot(official, 'official-trace')
  await visible(official, '.official-trace__confirm').click()
  await official.locator('.taro-model__confirm').filter({ visible: true }).click()
  await visible(official, '.official-trace__proposal').waitFor()
  expect(await visible(official, '.official-trace__proposal').innerText()).toContain('已提交复核，待另一名工作人员批准后发出风险提示')
  // A second official of the region approves the confirmation with their own reason.
  const reviewer = await session.api('demoLogin', { account: 'official_reviewer' })
  const { proposals } = await session.api('official', { action: 'proposals', state: 'pending' }, reviewer.token)
  const confirmation = proposals.find((p: { kind: string }) => p.kind === 'trace')
  await session.api('official', { action: 'decideProposal', proposalId: confirmation.proposalId, approve: true, reason: '核实无误' }, reviewer.token)

  // 钱七's home page: the 风险提示 names the venue and time, never the case.
  await qian.goto(session.stack.url + '/')
  const risk = visible(qian, '.risk-card')
  await risk.waitFor()
  const riskText = await risk.innerText()
  expect(riskText).toContain('泉城广场')
  expect(riskText).toContain('钱*')
  expect(riskText).not.toMatch(/孙/)
  await shot(qian, 'home-risk')

  // 孙八: 实名信息 → 谁查看了我的信息 shows the office and the trace.
  await sun.goto(session.stack.url + '/')
  await visible(sun, '.home__link--profile').click()
  await visible(sun, '.profile__link--access-log').click()
  const record = visible(sun, '.access-record').filter({ hasText: '流调' }).first()
  await record.waitFor()
  expect(await record.innerText()).toContain('济南市疫情防控指挥部')
  await shot(sun, 'access-log')
})
