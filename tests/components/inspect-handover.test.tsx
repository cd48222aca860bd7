/**
 * 接收场所 against the real venue function: the offer as the recipient sees it, the new admin's
 * name and mobile checked on the page, 接收 making the recipient the venue's admin (and opening
 * 场所管理), 拒绝 leaving the venue with its admin, and a withdrawn offer said in words.
 */
import Handover from '../../src/inspect/handover'
import { ERRORS } from '../../src/shared/errors'
import type { DemoAccountId } from '../../src/shared/api'
import type { TestStack } from '../support/stack'
import {
  answerModals, bodyText, buttonByText, callActionOn, click, connect, createPageStack, fieldError, mountPage, openUrl, q,
  recordNavigation, signInAs, signOut, typeInto, waitFor, waitForText, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
let venueId = ''

beforeAll(async () => {
  stack = await createPageStack()
  const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
  if (!mine.ok) throw new Error(mine.message)
  venueId = mine.data.venues[0].venue.id
})
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack); signOut() })

async function offer(from: DemoAccountId, to: DemoAccountId) {
  const res = await callActionOn(stack, 'venue', 'handover', { venueId, toUserId: await stack.userIdOf(await stack.login(to)) }, await stack.login(from))
  if (!res.ok) throw new Error(res.message)
}

async function venueAs(account: DemoAccountId) {
  const res = await callActionOn(stack, 'venue', 'get', { venueId }, await stack.login(account))
  if (!res.ok) throw new Error(`${account}: ${res.message}`)
  return res.data
}

async function openOffer(account: DemoAccountId) {
  await signInAs(stack, account)
  openUrl(`/inspect/handover/index?venueId=${venueId}`)
  const utils = await mountPage(Handover)
  await waitFor(() => !!document.querySelector('.input-adminMobile input, .handover__missing'), 'the offer')
  return utils
}

test('no offer waiting: said in words', async () => {
  await openOffer('inspector')
  expect(q('.handover__missing').textContent).toBe(ERRORS.HANDOVER_NOT_FOUND)
})

test('accepting with the form: the inspector becomes the admin and lands on 场所管理', async () => {
  await offer('venue_admin', 'inspector')
  const utils = await openOffer('inspector')
  expect(q('.handover__from').textContent).toBe('李* 邀请您接管场所')
  expect(q('.handover__venue').textContent).toBe('泉城广场')

  const before = wire.calls.length
  click(utils, buttonByText('接收场所'))
  await waitFor(() => fieldError('adminMobile') !== null, 'the messages')
  expect(fieldError('adminName')).toBe('请填写姓名')
  expect(fieldError('adminMobile')).toBe('请填写手机号码')
  expect(wire.calls.length).toBe(before)

  typeInto(utils, '.input-adminName', '王五')
  typeInto(utils, '.input-adminMobile', '13800000005')
  const nav = recordNavigation()
  click(utils, buttonByText('接收场所'))
  await waitFor(() => nav.urls.length > 0, 'the navigation')
  nav.restore()
  expect(nav.urls).toEqual([`/manage/venue/index?venueId=${venueId}`])

  const detail = await venueAs('inspector')
  expect(detail.venue.adminNameMasked).toBe('王*')
  expect(detail.handover).toBeNull()
  // The previous admin stays on at the gate.
  expect(detail.inspectors.map((i) => i.nameMasked)).toContain('李*')
})

test('declining leaves the venue with its admin', async () => {
  // After the test above the demo inspector administers the venue; it offers it back.
  await offer('inspector', 'venue_admin')
  const utils = await openOffer('venue_admin')
  expect(q('.handover__from').textContent).toBe('王* 邀请您接管场所')
  const modals = answerModals(true)
  click(utils, buttonByText('拒绝'))
  await waitForText('已拒绝接收该场所')
  modals.restore()
  expect(modals.asked[0].content).toContain('泉城广场')
  const detail = await venueAs('inspector')
  expect(detail.venue.adminNameMasked).toBe('王*')
  expect(detail.handover).toBeNull()
  expect(bodyText()).not.toContain('接收场所')
})
