/**
 * 同行人员 with consent, against the real people function: listing someone who holds their own
 * verified account leaves them 待对方在其手机上同意 until they agree; the person asked sees the
 * request on their home page and answers it on 同行人员 (同意, later 撤回同意); and an account
 * whose own identity is not verified is told so, with 去核验, when it tries to add anyone.
 */
import Companions from '../../src/pages/companions'
import Index from '../../src/pages/index'
import { ERRORS } from '../../src/shared/errors'
import { setToken } from '../../src/services/token'
import type { TestStack } from '../support/stack'
import type TestUtils from '@tarojs/test-utils-react'
import {
  bodyText, buttonByText, callActionOn, click, connect, createPageStack, idCard, mountPage, pick, q, recordNavigation, signInAs, signOut,
  typeInto, waitFor, waitForText, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
// The yellow demo citizen: a person with their own verified account.
const QIAN = { name: '钱七', idCard: '370102198512124567' }

beforeAll(async () => { stack = await createPageStack() })
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack); signOut() })

const loaded = () => waitFor(() => !!document.querySelector('.companions__head'), 'the list')

async function addThroughForm(utils: TestUtils, person: { name: string; idCard: string }, relationIndex: number) {
  click(utils, buttonByText('添加同行人员'))
  await waitFor(() => !!document.querySelector('.input-name input'), 'the form')
  typeInto(utils, '.input-name', person.name)
  typeInto(utils, '.input-idCard', person.idCard)
  pick(utils, q('.person-field--relation taro-picker-core'), relationIndex)
  await waitFor(() => !q('.relation-picker').className.includes('person-field__picker--empty'), 'relation chosen')
  click(utils, buttonByText('保存'))
}

test('a person with their own verified account waits for their consent; they agree on their phone', async () => {
  await signInAs(stack, 'citizen')
  let utils = await mountPage(Companions)
  await loaded()
  await addThroughForm(utils, QIAN, 4) // 朋友
  await waitForText('已发送请求，待对方在其手机上同意')
  const line = q('.companion')
  expect(line.querySelector('.companion__name')!.textContent).toBe('钱*')
  expect(line.querySelector('.companion__pending')!.textContent).toBe('待对方在其手机上同意')

  // 钱七's home page says a request waits, and opens 同行人员.
  await signInAs(stack, 'citizen_yellow')
  utils = await mountPage(Index)
  await waitFor(() => !!document.querySelector('.identity-card__requests'), 'the waiting request')
  expect(q('.identity-card__requests-text').textContent).toBe('有 1 个同行人员请求待您同意')
  const nav = recordNavigation()
  click(utils, q('.identity-card__requests'))
  nav.restore()
  expect(nav.urls).toEqual(['/pages/companions/index'])

  utils = await mountPage(Companions)
  await waitFor(() => !!document.querySelector('.companion-request'), 'the request')
  expect(q('.companion-request__text').textContent).toBe('张* 请求将您添加为同行人员（朋友）')
  expect(bodyText()).toContain('谁查看了我的信息')
  click(utils, buttonByText('同意'))
  await waitForText('已同意 张* 的请求')
  expect(q('.companion-request').className).toContain('companion-request--accepted')
  expect(q('.companion-request__at').textContent).toContain('已同意')
  buttonByText('撤回同意')
  expect(wire.sent.filter((s) => s.data.action === 'answerCompanionRequest').map((s) => s.data.accept)).toEqual([true])

  // Back on 张三's list, no longer pending.
  const zhang = await stack.login('citizen')
  const list = await callActionOn(stack, 'people', 'listCompanions', {}, zhang)
  expect(list.ok && list.data.companions.find((c) => c.nameMasked === '钱*')?.pending).toBe(false)
  // And 张三's home shows no request count: nobody asked him.
  setToken(zhang)
  await mountPage(Index)
  await waitFor(() => !!document.querySelector('.home__mine'), 'the home page')
  await new Promise((r) => setTimeout(r, 200))
  expect(document.querySelector('.identity-card__requests')).toBeNull()
})

test('declining a request removes it', async () => {
  const zhao = await stack.login('official')
  const asked = await callActionOn(stack, 'people', 'addCompanion', { ...QIAN, relation: 'relative' }, zhao)
  if (!asked.ok) throw new Error(asked.message)
  await signInAs(stack, 'citizen_yellow')
  const utils = await mountPage(Companions)
  await waitFor(() => document.querySelectorAll('.companion-request').length > 0, 'the requests')
  const line = Array.from(document.querySelectorAll<HTMLElement>('.companion-request')).find((l) => l.textContent!.includes('赵*'))!
  click(utils, line.querySelector<HTMLElement>('.companion-request__decline')!)
  await waitForText('已拒绝')
  expect(Array.from(document.querySelectorAll('.companion-request')).some((l) => l.textContent!.includes('赵*'))).toBe(false)
})

test('an unverified account cannot add anyone: the refusal comes with 去核验', async () => {
  const token = await stack.newAccount()
  const saved = await callActionOn(stack, 'people', 'saveProfile', { name: '秦新', idCard: idCard('37010219900808107'), phone: '13912340007' }, token)
  if (!saved.ok) throw new Error(saved.message)
  setToken(token)
  const utils = await mountPage(Companions)
  await loaded()
  await addThroughForm(utils, { name: '秦小新', idCard: idCard('37010220150909108') }, 1)
  await waitFor(() => !!document.querySelector('.companions__banner'), 'the refusal')
  expect(q('.companions__banner').textContent).toBe(ERRORS.IDENTITY_UNVERIFIED)
  expect(document.querySelectorAll('.companion')).toHaveLength(0)
  const nav = recordNavigation()
  click(utils, buttonByText('去核验'))
  nav.restore()
  expect(nav.urls).toEqual(['/pages/profile/index?then=back'])
  // The form is kept for when the person comes back verified.
  expect(q<HTMLInputElement>('.input-name input').value).toBe('秦小新')
})
