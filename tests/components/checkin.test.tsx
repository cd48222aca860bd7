/**
 * 扫码结果 against the real checkIn function: the blue result for genuine codes, the
 * full-screen warning for anything else, demo sign-in when not logged in.
 */
import Checkin from '../../src/pages/checkin'
import type { TestStack } from '../support/stack'
import { parseVenueCode } from '../../src/shared/venue-code'
import {
  bodyText, buttonByText, click, connect, createPageStack, JSDOM_BASE, linkPath, mountPage, openUrl, q, recordNavigation,
  signInAs, signOut, waitFor, waitForText, type Wire
} from './support/helpers'

const RULE = { bases: [JSDOM_BASE] }
let stack: TestStack
let wire: Wire
let codeUrl: string
let adminToken: string

beforeAll(async () => {
  stack = await createPageStack()
  adminToken = await stack.login('venue_admin')
  const mine = await stack.call('myVenues', {}, adminToken)
  if (!mine.ok) throw new Error(mine.message)
  codeUrl = mine.data.venues[0].code.url
})
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack); signOut() })

test('a genuine code shows the blue result with health status, masked name, venue and a live clock', async () => {
  await signInAs(stack, 'citizen')
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-result'), 'result screen')

  expect(q('.venue-name').textContent).toBe('泉城广场')
  expect(q('.venue-address').textContent).toBe('山东省济南市历下区泉城路街道 泉城路1号')
  expect(q('.person-name').textContent).toBe('张*')
  expect(q('.health-status').textContent).toBe('绿码')
  expect(q('.health-status').className).toContain('health-status--green')
  expect(bodyText()).toContain('主入口')
  // The result page never asks for anything: no input of any kind.
  expect(document.querySelectorAll('input, textarea, taro-input-core, taro-textarea-core')).toHaveLength(0)
  expect(wire.calls).toEqual(['checkIn'])

  const before = q('.checkin__clock-time').textContent
  expect(before).toMatch(/^\d{2}:\d{2}:\d{2}$/)
  await waitFor(() => q('.checkin__clock-time').textContent !== before, 'the clock to tick', 3000)
})

test('scanning the same code again is folded into the first entry and says so', async () => {
  await signInAs(stack, 'citizen')
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  await waitForText('已登记，无需重复扫码')
  expect(q('.venue-name').textContent).toBe('泉城广场')
})

test.each([
  ['citizen_yellow', '黄码', 'yellow', '钱*'],
  ['citizen_red', '红码', 'red', '孙*']
] as const)('%s sees %s in its colour', async (account, label, colour, name) => {
  await signInAs(stack, account)
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-result'), 'result screen')
  expect(q('.health-status').textContent).toBe(label)
  expect(q('.health-status').className).toContain(`health-status--${colour}`)
  expect(q('.person-name').textContent).toBe(name)
})

test('a foreign QR code is refused on the phone without calling the server', async () => {
  await signInAs(stack, 'citizen')
  openUrl(`/pages/checkin/index?code=${encodeURIComponent('https://phish.example.com/register?from=venue')}`)
  const utils = await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-warning'), 'warning screen')
  expect(q('.checkin-warning__headline').textContent).toBe('非官方场所码，谨防诈骗')
  expect(bodyText()).toContain('请勿在扫码后填写任何个人信息')
  expect(wire.calls).toEqual([])
  // Only one way out.
  const buttons = Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent)
  expect(buttons).toEqual(['返回首页'])
  const nav = recordNavigation()
  click(utils, buttonByText('返回首页'))
  expect(nav.urls).toEqual(['/pages/index/index'])
  nav.restore()
})

test.each([
  ['a second token after the genuine one', (url: string) => `${linkPath(url)}&t=${linkPath(url).split('t=')[1]}`],
  ['an extra parameter', (url: string) => `${linkPath(url)}&from=timeline`],
  ['the token behind the in-app scanner parameter', (url: string) => `/c?code=${encodeURIComponent(url)}`]
])('the page refuses its own link spelt another way (%s) without calling the server', async (_label, spell) => {
  await signInAs(stack, 'citizen')
  openUrl(spell(codeUrl))
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-warning'), 'warning screen')
  expect(wire.calls).toEqual([])
})

test('a forged code (right shape, wrong signature) gets the warning from the server', async () => {
  await signInAs(stack, 'citizen')
  const parsed = parseVenueCode(codeUrl, RULE)
  if (!parsed.ok) throw new Error('demo code does not parse')
  const sig = parsed.code.signature
  const forgedSig = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
  const forged = `${parsed.code.signedPart}.${forgedSig}`
  openUrl(`/c?t=${forged}`)
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-warning'), 'warning screen')
  expect(wire.calls).toEqual(['checkIn'])
  expect(q('.checkin-warning__headline').textContent).toBe('非官方场所码，谨防诈骗')
  expect(bodyText()).toContain('该码未通过防伪校验')
  expect(document.querySelector('.checkin-result')).toBeNull()
})

test('a poster replaced by a newer code says 场所码已作废', async () => {
  const venueId = (parseVenueCode(codeUrl, RULE) as { ok: true; code: { venueId: string } }).code.venueId
  const regen = await stack.call('regenerateCode', { venueId }, adminToken)
  if (!regen.ok) throw new Error(regen.message)
  await signInAs(stack, 'citizen')
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-warning'), 'warning screen')
  expect(q('.checkin-warning__headline').textContent).toBe('场所码已作废')
  expect(bodyText()).toContain('该场所码已作废，请扫描场所张贴的最新场所码')
  codeUrl = regen.data.code.url
})

test('not signed in: demo account buttons (no inputs), then the check-in completes', async () => {
  openUrl(linkPath(codeUrl))
  const utils = await mountPage(Checkin)
  await waitForText('登录后完成登记')
  await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo buttons')
  expect(document.querySelectorAll('taro-input-core, textarea')).toHaveLength(0)
  click(utils, buttonByText('市民（绿码）'))
  await waitFor(() => !!document.querySelector('.checkin-result'), 'result after sign-in')
  expect(q('.venue-name').textContent).toBe('泉城广场')
  expect(q('.health-status').textContent).toBe('绿码')
  expect(wire.calls).toEqual(['checkIn', 'codeInfo', 'listDemoAccounts', 'demoLogin', 'checkIn'])
})
