/**
 * 异常提醒 as an official of the region opens it, against the real functions: the person in
 * full (and that look in the person's access log), where and when, 标记已处置 closing it, and
 * the way on to 流调 for a yellow or red person.
 */
import OfficialAlert from '../../src/official/alert'
import type { AlertView } from '../../src/shared/api'
import type { TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import {
  bodyText, callActionOn, click, connect, createPageStack, demoCodeUrl, mountPage, openUrl, q, recordNavigation, signInAs,
  waitFor, waitForText
} from './support/helpers'

let stack: TestStack
let official: string
let yellow: AlertView

beforeAll(async () => {
  stack = await createPageStack()
  official = await stack.login('official')
  const codeUrl = await demoCodeUrl(stack)
  unwrap(await stack.call('checkIn', { code: codeUrl }, await stack.login('citizen_yellow')))
  for (let i = 0; i < 200 && !yellow; i++) {
    yellow = unwrap(await callActionOn(stack, 'alert', 'list', {}, official)).alerts.find((a) => a.personNameMasked === '钱*')!
    if (!yellow) await new Promise((r) => setTimeout(r, 50))
  }
  if (!yellow) throw new Error('the yellow check-in raised no alert for the official')
})
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack) })

async function openAlert(alertId: string) {
  await signInAs(stack, 'official')
  openUrl(`/official/alert/index?alertId=${alertId}`)
  const utils = await mountPage(OfficialAlert)
  await waitFor(() => !!document.querySelector('.official-alert-page__head') || !!document.querySelector('.load-error'), 'the alert')
  return utils
}

test('shows the person in full with status, place and time; the look is in the person\'s access log', async () => {
  await openAlert(yellow.alertId)
  expect(q('.official-alert-page__kind').textContent).toBe('异常健康码人员扫码')
  expect(q('.official-alert-page__state').textContent).toBe('待处置')
  expect(q('.official-alert-page__row--name .official-row__value').textContent).toBe('钱七')
  expect(q('.official-alert-page__row--idCard .official-row__value').textContent).toBe('370102198512124567')
  expect(q('.official-alert-page__row--phone .official-row__value').textContent).toBe('13800000002')
  expect(q('.official-alert-page__person .health-chip').textContent).toBe('黄码')
  expect(q('.official-alert-page__row--venue .official-row__value').textContent).toBe('泉城广场')
  expect(q('.official-alert-page__row--checkpoint .official-row__value').textContent).toBe('主入口')
  expect(q('.official-alert-page__row--time .official-row__value').textContent).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)

  const log = unwrap(await callActionOn(stack, 'people', 'accessLog', {}, await stack.login('citizen_yellow'))).records
  expect(log.some((r) => r.action === 'view_alert')).toBe(true)
})

test('标记已处置 closes the alert, on the page and on the server', async () => {
  const utils = await openAlert(yellow.alertId)
  click(utils, q('.official-alert-page__handle'))
  await waitFor(() => q('.official-alert-page__state').textContent === '已处置', 'the alert handled')
  expect(document.querySelector('.official-alert-page__handle')).toBeNull()
  expect(bodyText()).toContain('已标记为已处置')
  expect(q('.official-alert-page__closed').textContent).toMatch(/^处置于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  // The person stays on screen after the answer, which carries no person.
  expect(q('.official-alert-page__row--name .official-row__value').textContent).toBe('钱七')
  const after = unwrap(await callActionOn(stack, 'alert', 'get', { alertId: yellow.alertId }, official)).alert
  expect(after.closedAt).not.toBeNull()
})

test('offers 流调 of a yellow person, opening the trace with that person chosen', async () => {
  const utils = await openAlert(yellow.alertId)
  const detail = unwrap(await callActionOn(stack, 'alert', 'get', { alertId: yellow.alertId }, official)).alert
  const nav = recordNavigation()
  click(utils, q('.official-alert-page__trace'))
  nav.restore()
  expect(nav.urls).toEqual([`/official/trace/index?personId=${detail.person!.personId}`])
})

test('an alert of another region, or none named, is refused with the reason', async () => {
  await openAlert('00000000-0000-4000-8000-000000000000')
  await waitForText('该提醒不存在，或不在您的处理范围内')
  await signInAs(stack, 'official')
  openUrl('/official/alert/index')
  await mountPage(OfficialAlert)
  await waitForText('缺少提醒信息')
})
