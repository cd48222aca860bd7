/**
 * 绑定场所 against the real inspector function: a code of the wrong shape is refused before
 * sending, a wrong code gets the server's words, the right code binds and opens the venue's gate
 * screen, and an account without 实名信息 is sent to fill it in.
 */
import Bind from '../../src/inspect/bind'
import { ERRORS } from '../../src/shared/errors'
import { setToken } from '../../src/services/token'
import type { TestStack } from '../support/stack'
import {
  buttonByText, callActionOn, click, connect, createPageStack, fieldError, mountPage, q, recordNavigation, signInAs, signOut,
  typeInto, waitFor, waitForText, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
let venueId = ''
let declarationCode = ''

beforeAll(async () => {
  stack = await createPageStack()
  const admin = await stack.login('venue_admin')
  const mine = await stack.call('myVenues', {}, admin)
  if (!mine.ok) throw new Error(mine.message)
  venueId = mine.data.venues[0].venue.id
  declarationCode = mine.data.venues[0].venue.declarationCode
})
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack); signOut() })

async function open() {
  const utils = await mountPage(Bind)
  await waitFor(() => !!document.querySelector('.input-declarationCode input'), 'the input')
  return utils
}

const inspectorsOf = async () => {
  const res = await callActionOn(stack, 'venue', 'get', { venueId }, await stack.login('venue_admin'))
  if (!res.ok) throw new Error(res.message)
  return res.data.inspectors.map((i) => i.nameMasked)
}

test('five digits are refused on the page; nothing is sent', async () => {
  await signInAs(stack, 'citizen')
  const utils = await open()
  expect(q('.bind__explain').textContent).toContain('请向场所管理员索取6位场所申报码')
  typeInto(utils, '.input-declarationCode', '12345')
  click(utils, buttonByText('绑定'))
  await waitFor(() => fieldError('declarationCode') !== null, 'the message')
  expect(fieldError('declarationCode')).toBe('请输入6位数字场所申报码')
  expect(wire.calls).toEqual([])
})

test('a wrong code gets the server\'s message and binds nothing', async () => {
  await signInAs(stack, 'citizen')
  const utils = await open()
  const wrong = declarationCode === '000000' ? '000001' : '000000'
  typeInto(utils, '.input-declarationCode', wrong)
  click(utils, buttonByText('绑定'))
  await waitFor(() => !!document.querySelector('.bind__banner'), 'the banner')
  expect(q('.bind__banner').textContent).toBe(ERRORS.DECLARATION_CODE_INVALID)
  expect(wire.calls).toEqual(['inspector'])
  expect(await inspectorsOf()).not.toContain('张*')
})

test('the right code binds the account and opens the venue\'s gate screen', async () => {
  await signInAs(stack, 'citizen')
  const utils = await open()
  typeInto(utils, '.input-declarationCode', declarationCode)
  const nav = recordNavigation()
  click(utils, buttonByText('绑定'))
  await waitFor(() => nav.urls.length > 0, 'the navigation')
  nav.restore()
  expect(nav.urls).toEqual([`/inspect/gate/index?venueId=${venueId}`])
  expect(await inspectorsOf()).toContain('张*')
})

test('without 实名信息: told why, and led to the form', async () => {
  setToken(await stack.newAccount())
  const utils = await open()
  typeInto(utils, '.input-declarationCode', declarationCode)
  click(utils, buttonByText('绑定'))
  await waitForText(ERRORS.BIND_PROFILE_REQUIRED)
  const nav = recordNavigation()
  click(utils, buttonByText('填写实名信息'))
  nav.restore()
  expect(nav.urls).toEqual(['/pages/profile/index?then=back'])
})
