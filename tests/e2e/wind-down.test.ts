/**
 * 停用 in Chromium on a phone (issue 20), on `npm start`'s stack and with the README's command:
 * in wind-down a signed-in citizen who opens a venue's link reads 本系统已于…停止登记; after the end
 * anyone who opens the app lands on 本系统已停用, the receipt page, with the counts, the destroyed
 * keys and the last audit head the command published. Screenshots go to
 * test-results/screenshots/wind-down.
 */
import { execFile } from 'child_process'
import fs from 'fs'
import path from 'path'
import { promisify } from 'util'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, PHONE } from '../support/browser'
import { startLocalStack, type RunningStack } from '../support/local-stack-process'

const root = path.resolve(__dirname, '../..')
const SHOTS = path.resolve(root, 'test-results/screenshots/wind-down')
const MOBILE = { ...PHONE, isMobile: true, hasTouch: true }
const run = promisify(execFile)

let browser: Browser
let stack: RunningStack | null = null
let home = ''
let env: Record<string, string> = {}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  browser = await launchChromium()
})
afterAll(async () => {
  await stack?.stop()
  await browser?.close()
  if (home) fs.rmSync(home, { recursive: true, force: true })
})

async function api(name: string, body: unknown, token?: string) {
  const res = await fetch(`${stack!.url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  return res.json() as Promise<any>
}

const tool = (...args: string[]) => run(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'server/tools/wind-down.ts', ...args, '--local'],
  { cwd: root, env: { ...process.env, ...env } })

async function restart() {
  await stack?.stop()
  stack = await startLocalStack(env)
}

async function phone(): Promise<Page> {
  return (await browser.newContext(MOBILE)).newPage()
}

test('in wind-down a scan reads 本系统已于…停止登记; after the end the app opens on the receipt', async () => {
  stack = await startLocalStack()
  home = stack.dataDir
  env = { DATA_DIR: path.join(home, 'pglite'), KEYS_FILE: path.join(home, 'keys.json'), LOG_DIR: path.join(home, 'logs') }
  const admin = (await api('demoLogin', { account: 'venue_admin' })).data.token
  const codeUrl: string = (await api('myVenues', {}, admin)).data.venues[0].code.url
  // A scan before 停用, so the receipt has an entry to count.
  expect((await api('checkIn', { code: codeUrl }, (await api('demoLogin', { account: 'citizen_yellow' })).data.token)).ok).toBe(true)

  await stack.stop()
  const started = await tool('start', '--grace-days', '30')
  const date = /本系统已于(\d{4}年\d{1,2}月\d{1,2}日)停止登记/.exec(started.stdout)![1]
  await restart()

  const citizen = await phone()
  await citizen.goto(stack!.url + '/')
  await citizen.locator('[data-account="citizen"]').first().click()
  await citizen.getByText('当前登录').waitFor()
  const link = new URL(codeUrl)
  await citizen.goto(`${stack!.url}${link.pathname}${link.search}`)
  await citizen.getByText(`本系统已于${date}停止登记`).first().waitFor()
  // Trying again cannot help: the way home only.
  expect(await citizen.getByText('重试').count()).toBe(0)
  await citizen.screenshot({ path: path.join(SHOTS, 'checkin-stopped.png') })
  await citizen.context().close()

  await stack!.stop()
  await tool('destroy', '--now', '--yes')
  const receipt = JSON.parse(fs.readFileSync(path.join(home, 'deletion-receipt.json'), 'utf8'))
  await restart()

  // Anyone: a phone that never signed in opens the app.
  const visitor = await phone()
  await visitor.goto(stack!.url + '/')
  await visitor.getByText('本系统已停用').first().waitFor()
  await visitor.locator('.ended__head').waitFor()
  expect(visitor.url()).toContain('/pages/ended/index')
  const text = await visitor.locator('.ended').innerText()
  expect(text).toContain(`本系统已于${date}停止登记`)
  expect(text).toContain('销毁了全部个人信息和扫码记录')
  expect(await visitor.locator('[data-count="entries"]').innerText()).toMatch(new RegExp(`扫码登记记录\\s*${receipt.counts.entries}`))
  expect(receipt.counts.entries).toBeGreaterThan(0)
  expect(await visitor.locator('.ended__head').innerText()).toBe(receipt.lastAuditHead)
  expect(text).toContain('已销毁加密个人信息的数据密钥 k1，以及身份证号、手机号的查询密钥')
  await visitor.screenshot({ path: path.join(SHOTS, 'receipt.png') })
  await visitor.locator('.ended__note').scrollIntoViewIfNeeded()
  await visitor.screenshot({ path: path.join(SHOTS, 'receipt-end.png') })
  // Readable by everyone: no serious or critical accessibility violation.
  const { violations } = await new AxeBuilder({ page: visitor }).analyze()
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
  await visitor.context().close()
})
