/**
 * 辅助登记 against the real assist function: the inspector's venue and its only checkpoint come
 * preselected, a person is typed in (or picked from the last 7 days) and shown on the status
 * card of the check-in result, marked 辅助登记; accounts without a venue are told how to get
 * one, and a refusal (unbound meanwhile) is said in words.
 */
import Assist from '../../src/pages/assist'
import { ERRORS } from '../../src/shared/errors'
import type { TestStack } from '../support/stack'
import {
  bodyText, buttonByText, click, connect, createPageStack, fieldError, idCard, mountPage, openUrl, q, signInAs, signOut,
  typeInto, waitFor, waitForText, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
const GRANDMA = { name: '刘桂兰', idCard: idCard('37010219450312002') }

beforeAll(async () => { stack = await createPageStack() })
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack); signOut() })

const loaded = () => waitFor(() => !!document.querySelector('.assist__submit') && !!document.querySelector('.input-name input'), 'the form')
const result = () => waitFor(() => !!document.querySelector('.assist__result'), 'the result card')

test('an account with no venue is told that an admin must bind it as inspector', async () => {
  await signInAs(stack, 'citizen')
  await mountPage(Assist)
  await waitForText('需由场所管理员绑定为检测员')
  expect(document.querySelector('.assist__submit')).toBeNull()
})

test('the inspector registers a person without a phone: the status card says 辅助登记 and when', async () => {
  await signInAs(stack, 'inspector')
  const utils = await mountPage(Assist)
  await loaded()
  expect(q('.assist__venue-name').textContent).toBe('泉城广场')
  expect(q('.checkpoint-picker').textContent).toContain('主入口')

  click(utils, buttonByText('登记入场'))
  await waitFor(() => fieldError('idCard') !== null, 'messages')
  expect(fieldError('idCard')).toBe('请填写身份证号码')
  expect(fieldError('phone')).toBeNull()
  expect(wire.calls).toEqual(['assist', 'assist'])

  typeInto(utils, '.input-name', GRANDMA.name)
  typeInto(utils, '.input-idCard', GRANDMA.idCard)
  click(utils, buttonByText('登记入场'))
  await result()
  expect(q('.person-name').textContent).toBe('刘**')
  // The inspector tells the person just registered apart by the last four ID digits (issue 17, observation 9).
  expect(q('.status-card__tag').textContent).toBe(`辅助登记 · ${GRANDMA.idCard.slice(-4)}`)
  expect(q('.health-status').textContent).toBe('绿码')
  expect(q('.status-card__clock-time').textContent).toMatch(/^\d{2}:\d{2}:\d{2}$/)
  expect(q('.venue-name').textContent).toBe('泉城广场')
  expect(q('.checkpoint-name').textContent).toBe('主入口')
  expect(q('.entry-method').textContent).toBe('辅助登记')
  expect(q('.checked-in-at').textContent).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
})

test('someone registered in the last 7 days can be picked instead of typed again', async () => {
  await signInAs(stack, 'inspector')
  const utils = await mountPage(Assist)
  await loaded()
  click(utils, q('.assist__tab--recent'))
  await waitFor(() => !!document.querySelector('.assist__person'), 'the recent list')
  expect(q('.assist__person-name').textContent).toBe('刘**')
  click(utils, buttonByText('登记入场'))
  await waitFor(() => fieldError('person') !== null, 'pick someone')
  click(utils, q('.assist__person'))
  click(utils, buttonByText('登记入场'))
  await result()
  expect(q('.person-name').textContent).toBe('刘**')
  // Within minutes of the first registration: the same visit.
  expect(bodyText()).toContain('已登记，无需重复扫码')
})

test('a red person gets the red card', async () => {
  await signInAs(stack, 'inspector')
  const utils = await mountPage(Assist)
  await loaded()
  typeInto(utils, '.input-name', '孙八')
  typeInto(utils, '.input-idCard', '370102199203157896')
  click(utils, buttonByText('登记入场'))
  await result()
  expect(q('.health-status').className).toContain('health-status--red')
  expect(q('.health-status').textContent).toBe('红码')
})

test('unbound while the page was open: the refusal is said in words, next to nothing typed wrong', async () => {
  const token = await signInAs(stack, 'inspector')
  const utils = await mountPage(Assist)
  await loaded()
  await stack.db.query('DELETE FROM venue_inspectors WHERE user_id = $1', [await stack.userIdOf(token)])
  typeInto(utils, '.input-name', GRANDMA.name)
  typeInto(utils, '.input-idCard', GRANDMA.idCard)
  click(utils, buttonByText('登记入场'))
  await waitFor(() => !!document.querySelector('.assist__banner'), 'the banner')
  expect(q('.assist__banner').textContent).toBe(ERRORS.NOT_VENUE_INSPECTOR)
  expect(document.querySelector('.assist__result')).toBeNull()
})

test('opened from the gate screen: the venue and checkpoint of the link come preselected', async () => {
  const token = await signInAs(stack, 'venue_admin')
  const mine = await stack.call('myVenues', {}, token)
  if (!mine.ok) throw new Error(mine.message)
  const venueId = mine.data.venues[0].venue.id
  const added = await stack.act('venue', 'addCheckpoint', { venueId, name: '南门' }, token)
  if (!added.ok) throw new Error(added.message)
  const south = added.data.checkpoints.find((c) => c.name === '南门')!

  // Two checkpoints and no link: the inspector chooses.
  openUrl('/pages/assist/index')
  await mountPage(Assist)
  await loaded()
  expect(q('.checkpoint-picker').textContent).toContain('请选择检测点')

  openUrl(`/pages/assist/index?venueId=${venueId}&checkpointId=${south.id}`)
  await mountPage(Assist)
  await loaded()
  expect(q('.assist__venue-name').textContent).toBe('泉城广场')
  expect(q('.checkpoint-picker').textContent).toContain('南门')
})
