/**
 * 同行人员 against the real people function: the list with masked values and the count, add
 * with messages next to the fields (the form's and the server's), edit sending only what was
 * typed, remove after a confirmation, and no adding past MAX_COMPANIONS.
 */
import Companions from '../../src/pages/companions'
import type { TestStack } from '../support/stack'
import {
  answerModals, bodyText, buttonByText, callActionOn, click, connect, createPageStack, fieldError, idCard, mountPage, pick, q, signInAs,
  signOut, typeInto, waitFor, waitForText, type Wire
} from './support/helpers'
import type TestUtils from '@tarojs/test-utils-react'

let stack: TestStack
let wire: Wire
const KID = idCard('37010220150601002')

beforeAll(async () => { stack = await createPageStack() })
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack); signOut() })

const lines = () => Array.from(document.querySelectorAll<HTMLElement>('.companion'))
const loaded = () => waitFor(() => !!document.querySelector('.companions__head'), 'the list')
const formShown = () => waitFor(() => !!document.querySelector('.input-name input'), 'the form')

async function openAdd(utils: TestUtils) {
  click(utils, buttonByText('添加同行人员'))
  await formShown()
}

test('empty at first: what companions are, 0/10, and an add button', async () => {
  await signInAs(stack, 'citizen')
  await mountPage(Companions)
  await loaded()
  expect(q('.companions__count').textContent).toBe('0/10')
  expect(bodyText()).toContain('没有手机的家人')
  expect(bodyText()).toContain('还没有同行人员')
  expect(document.querySelector('taro-input-core')).toBeNull()
})

test('adding: messages next to the fields, then the masked line in the list', async () => {
  await signInAs(stack, 'citizen')
  const utils = await mountPage(Companions)
  await loaded()
  await openAdd(utils)
  click(utils, buttonByText('保存'))
  await waitFor(() => fieldError('relation') !== null, 'messages')
  expect(fieldError('idCard')).toBe('请填写身份证号码')
  expect(fieldError('relation')).toBe('请选择与本人的关系')
  // A child has no mobile: the field is optional.
  expect(fieldError('phone')).toBeNull()
  expect(wire.sent.filter((s) => s.data.action === 'addCompanion')).toHaveLength(0)

  typeInto(utils, '.input-name', '张小明')
  typeInto(utils, '.input-idCard', KID)
  pick(utils, q('.person-field--relation taro-picker-core'), 1) // 子女
  await waitFor(() => q('.relation-picker').textContent!.includes('子女'), 'relation chosen')
  click(utils, buttonByText('保存'))
  await waitFor(() => lines().length === 1, 'the new line')
  const line = lines()[0]
  expect(line.querySelector('.companion__name')!.textContent).toBe('张**')
  expect(line.querySelector('.companion__relation')!.textContent).toBe(`子女 · ${KID.slice(-4)}`)
  expect(line.querySelector('.companion__id')!.textContent).toBe(`身份证 ${KID.slice(0, 4)}**********${KID.slice(-4)}`)
  expect(line.querySelector('.companion__phone')!.textContent).toBe('未填写手机号')
  expect(q('.companions__count').textContent).toBe('1/10')
  expect(bodyText()).toContain('已添加')
})

test("the same person twice: the server's message sits under the ID field", async () => {
  await signInAs(stack, 'citizen')
  const utils = await mountPage(Companions)
  await loaded()
  await openAdd(utils)
  typeInto(utils, '.input-name', '张小明')
  typeInto(utils, '.input-idCard', KID)
  pick(utils, q('.person-field--relation taro-picker-core'), 1)
  click(utils, buttonByText('保存'))
  await waitFor(() => fieldError('idCard') !== null, 'the server message')
  expect(fieldError('idCard')).toBe('该同行人员已在您的列表中')
  expect(lines()).toHaveLength(1)
})

test('editing starts empty with the masked values as hints and sends only what was typed', async () => {
  const token = await signInAs(stack, 'citizen')
  const utils = await mountPage(Companions)
  await loaded()
  click(utils, buttonByText('修改'))
  await formShown()
  expect(q('.person-field__current[data-field="name"]').textContent).toBe('当前：张**')
  expect(q('.person-field__current[data-field="phone"]').textContent).toBe('当前：未填写')
  expect(q<HTMLInputElement>('.input-idCard input').value).toBe('')
  expect(q('.relation-picker').textContent).toContain('子女')

  click(utils, buttonByText('保存'))
  await waitForText('请填写要修改的项目')

  typeInto(utils, '.input-phone', '13912345678')
  click(utils, buttonByText('保存'))
  await waitFor(() => q('.companion__phone').textContent === '手机 139****5678', 'the new mobile')
  const list = await callActionOn(stack, 'people', 'listCompanions', {}, token)
  expect(list.ok && list.data.companions).toEqual([expect.objectContaining({ nameMasked: '张**', relation: 'child', phoneMasked: '139****5678' })])
})

test('removing asks first; 取消 keeps the line, 删除 removes it', async () => {
  await signInAs(stack, 'citizen')
  const utils = await mountPage(Companions)
  await loaded()
  const no = answerModals(false)
  click(utils, buttonByText('删除'))
  await waitFor(() => no.asked.length === 1, 'the question')
  no.restore()
  expect(no.asked[0].content).toContain('张**')
  await new Promise((r) => setTimeout(r, 100))
  expect(lines()).toHaveLength(1)

  const yes = answerModals(true)
  click(utils, buttonByText('删除'))
  await waitFor(() => lines().length === 0, 'the line to go')
  yes.restore()
  expect(q('.companions__count').textContent).toBe('0/10')
  expect(wire.sent.filter((s) => s.data.action === 'removeCompanion')).toHaveLength(1)
})

test('at 10 companions the add button is disabled and says why', async () => {
  const token = await signInAs(stack, 'citizen')
  for (let i = 0; i < 10; i++) {
    const res = await callActionOn(stack, 'people', 'addCompanion', { name: `张${'一二三四五六七八九十'[i]}`, idCard: idCard(`37010220100101${String(i + 10).padStart(3, '0')}`), relation: 'relative' }, token)
    if (!res.ok) throw new Error(res.message)
  }
  const utils = await mountPage(Companions)
  await loaded()
  expect(q('.companions__count').textContent).toBe('10/10')
  const add = buttonByText('同行人员已满10人')
  expect(add.getAttribute('disabled')).not.toBeNull()
  click(utils, add)
  expect(document.querySelector('.companions__editor')).toBeNull()
})
