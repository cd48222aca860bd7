/**
 * 场所管理 end to end in Chromium against the local stack, as the issue tells it: the admin adds
 * a checkpoint and prints its poster (the PDF's QR decoded after rasterising), an inspector binds
 * with the 场所申报码, a citizen scans the new checkpoint's code, the inspector sees the entry
 * without reloading, and the admin sees it in the statistics chart and numbers.
 */
import fs from 'fs'
import path from 'path'
import { PNG } from 'pngjs'
import { useBrowserAndStack, visible } from '../support/e2e-session'
import { rasterisePdf } from '../support/pdf'
import { decodeQrPng } from '../support/qr'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots')
const session = useBrowserAndStack()

beforeAll(() => { fs.mkdirSync(SHOTS, { recursive: true }) })

test('admin adds 南门 and prints its poster; an inspector binds; a citizen scans 南门; the gate and the statistics show it', async () => {
  // The admin: 我的场所码 → 场所管理 → 添加检测点 南门.
  const admin = await session.signedIn('venue_admin')
  await visible(admin, '.home__venue').first().click()
  await visible(admin, '.manage-venue__add-input').waitFor()
  const declarationCode = (await visible(admin, '.manage-venue__declaration-code').innerText()).trim()
  expect(declarationCode).toMatch(/^\d{6}$/)
  await visible(admin, '.manage-venue__add-input').locator('input').fill('南门')
  await visible(admin, '.manage-venue__add').click()
  const south = visible(admin, '.manage-venue__checkpoint').filter({ hasText: '南门' })
  await south.waitFor()
  await admin.screenshot({ path: path.join(SHOTS, 'e2e-manage-venue.png'), fullPage: true })

  // Its code page → 打印/保存 → 下载A4海报（PDF）: the downloaded PDF's QR, rasterised at 150 dpi.
  await south.locator('.manage-venue__code').click()
  await visible(admin, '.poster-output__button').waitFor()
  const download = admin.waitForEvent('download')
  await visible(admin, '.poster-output__button').click()
  await visible(admin, '.taro-actionsheet__cell').filter({ hasText: '下载A4海报（PDF）' }).click()
  const file = await (await download).path()
  const pdf = fs.readFileSync(file)
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  const raster = rasterisePdf(pdf, 150)
  fs.writeFileSync(path.join(SHOTS, 'e2e-poster-south.png'), raster)
  const southUrl = decodeQrPng(raster).data
  expect(southUrl.startsWith(session.stack.url + '/c?t=')).toBe(true)

  // The inspector: the demo citizen 张三 binds with the 场所申报码 and opens the gate screen.
  const inspector = await session.signedIn('citizen')
  await visible(inspector, '.gate-card__bind').click()
  await visible(inspector, '.bind__input').locator('input').fill(declarationCode)
  await visible(inspector, '.bind__submit').click()
  await visible(inspector, '.gate__venue').waitFor()
  expect(await visible(inspector, '.gate__venue').innerText()).toContain('泉城广场')

  // A citizen scans 南门's printed code.
  const citizen = await session.signedIn('citizen_yellow')
  await citizen.goto(southUrl)
  await citizen.locator('.checkin-choose, .checkin-result').first().waitFor()
  if (await citizen.locator('.checkin-choose').count()) await visible(citizen, '.choose-sheet__confirm').click()
  await citizen.locator('.checkin-result').waitFor()
  expect(await citizen.locator('.checkin-result').innerText()).toContain('南门')

  // The gate screen picks it up by itself (polling), highlighted: 钱七 is yellow.
  const entry = visible(inspector, '.gate-entry').filter({ hasText: '南门' }).first()
  await entry.waitFor({ timeout: 15_000 })
  expect(await entry.getAttribute('class')).toContain('gate-entry--yellow')
  expect(await entry.innerText()).toContain('钱*')
  await inspector.screenshot({ path: path.join(SHOTS, 'e2e-gate.png'), fullPage: true })

  // The admin's 检测统计: 南门 has the entry, in the numbers and in the hourly chart.
  await admin.goBack()
  await visible(admin, '.manage-venue__stats').click()
  const row = visible(admin, '.stats__checkpoints .stats__row').filter({ hasText: '南门' })
  await row.waitFor()
  expect(await row.innerText()).toMatch(/南门\s+1\s+1/)
  const chart = visible(admin, '.stats__chart--hourly canvas').first()
  await chart.waitFor()
  await admin.waitForTimeout(800)
  const png = PNG.sync.read(await chart.screenshot())
  let inked = 0
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 2] > 150 && png.data[i] < 120) inked++
  expect(inked).toBeGreaterThan(50) // blue bars, not an empty canvas
  await admin.screenshot({ path: path.join(SHOTS, 'e2e-stats.png'), fullPage: true })
  for (const p of [admin, inspector, citizen]) await p.context().close()
})
