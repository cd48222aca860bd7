/**
 * 设置健康码 against the real official function: a person found by ID number and shown in full
 * with their history, a wrong number or a missing reason refused before anything is sent, a
 * status set with its reason, red asked first and followed by the offer to trace, a person the
 * system does not know yet set by name, and a citizen refused.
 */
import type TestUtils from '@tarojs/test-utils-react'
import OfficialStatus from '../../src/official/status'
import type { TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import {
  answerModals, bodyText, callActionOn, click, connect, createPageStack, fieldError, idCard, mountPage, q, recordNavigation,
  signInAs, typeInto, waitFor, waitForText, type Wire
} from './support/helpers'

const QIAN_QI = '370102198512124567'
const ZHANG_SAN = '370102199001011231'

let stack: TestStack
let wire: Wire
let official: string

beforeAll(async () => {
  stack = await createPageStack()
  official = await stack.login('official')
})
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack) })

const person = async (id: string) => unwrap(await callActionOn(stack, 'official', 'person', { idCard: id }, official))
const sentOfficial = () => wire.sent.filter((s) => s.name === 'official').map((s) => s.data.action)

async function openAndFind(id: string): Promise<TestUtils> {
  await signInAs(stack, 'official')
  const utils = await mountPage(OfficialStatus)
  await waitFor(() => !!document.querySelector('.official-status__id input'), 'the ID field')
  typeInto(utils, '.official-status__id', id)
  click(utils, q('.official-status__find'))
  await waitFor(() => !!document.querySelector('.official-status__form') || !!document.querySelector('.official-status__banner'), 'the person')
  // Taro's inputs render their native <input> a moment after the form.
  if (document.querySelector('.official-status__form')) await waitFor(() => !!document.querySelector('.official-status__reason input'), 'the form fields')
  return utils
}

const choose = (utils: TestUtils, status: string) => click(utils, q(`.official-status__choice[data-status="${status}"]`))

test('a wrong ID number is refused under the field, and nothing is sent', async () => {
  await signInAs(stack, 'official')
  const utils = await mountPage(OfficialStatus)
  await waitFor(() => !!document.querySelector('.official-status__id input'), 'the ID field')
  typeInto(utils, '.official-status__id', '370102198512124560')
  click(utils, q('.official-status__find'))
  await waitFor(() => fieldError('idCard') !== null, 'the message')
  expect(fieldError('idCard')).toBe('身份证号码校验位不正确，请核对')
  expect(sentOfficial()).toEqual([])
})

test('finds a person by ID number (typed with spaces) and shows them in full with the status', async () => {
  await openAndFind('3701 0219 8512 1245 67')
  expect(q('.official-status__row--name .official-row__value').textContent).toBe('钱七')
  expect(q('.official-status__row--idCard .official-row__value').textContent).toBe(QIAN_QI)
  expect(q('.official-status__row--phone .official-row__value').textContent).toBe('13800000002')
  expect(q('.official-status__person .health-chip').textContent).toBe('黄码')
  expect(wire.sent.find((s) => s.name === 'official')?.data).toEqual({ action: 'person', idCard: QIAN_QI })
})

test('a status needs a choice and a reason before anything is sent', async () => {
  const utils = await openAndFind(QIAN_QI)
  click(utils, q('.official-status__save'))
  await waitFor(() => fieldError('status') !== null, 'the messages')
  expect(fieldError('status')).toBe('请选择要设置的健康码')
  expect(fieldError('reason')).toBe('请填写原因')
  expect(sentOfficial()).toEqual(['person'])
})

test('sets green with a reason; the person, the server and the history all say so', async () => {
  const utils = await openAndFind(QIAN_QI)
  choose(utils, 'green')
  typeInto(utils, '.official-status__reason', ' 隔离期满，核酸阴性 ')
  click(utils, q('.official-status__save'))
  await waitForText('已将“钱七”的健康码设为绿码')
  expect(q('.official-status__person .health-chip').textContent).toBe('绿码')
  // Only red offers the trace.
  expect(document.querySelector('.official-status__trace')).toBeNull()
  const { person: now, history } = await person(QIAN_QI)
  expect(now.healthStatus).toBe('green')
  expect(history[0]).toMatchObject({ oldStatus: 'yellow', newStatus: 'green', reason: '隔离期满，核酸阴性', source: 'manual' })
  const first = q('.official-status__change')
  expect(first.textContent).toContain('黄码 → 绿码')
  expect(first.textContent).toContain('原因：隔离期满，核酸阴性')
  expect(first.textContent).toContain('逐个设置')
})

test('red asks first: cancelled, nothing changes; confirmed, it is set and the trace is offered', async () => {
  const utils = await openAndFind(ZHANG_SAN)
  choose(utils, 'red')
  typeInto(utils, '.official-status__reason', '核酸检测阳性')
  const no = answerModals(false)
  click(utils, q('.official-status__save'))
  await waitFor(() => no.asked.length === 1, 'the question')
  no.restore()
  expect(no.asked[0].content).toContain('“张三”的健康码设为红码')
  expect((await person(ZHANG_SAN)).person.healthStatus).toBe('green')
  expect(sentOfficial()).toEqual(['person'])

  const yes = answerModals(true)
  click(utils, q('.official-status__save'))
  await waitForText('已将“张三”的健康码设为红码')
  yes.restore()
  const { person: now } = await person(ZHANG_SAN)
  expect(now.healthStatus).toBe('red')
  const nav = recordNavigation()
  click(utils, q('.official-status__trace'))
  nav.restore()
  expect(q('.official-status__trace').textContent).toContain('对该人员开展流调')
  expect(nav.urls).toEqual([`/official/trace/index?personId=${now.personId}`])
})

test('a person found with a red code can be traced from the record; others cannot', async () => {
  const red = await person(ZHANG_SAN)
  expect(red.person.healthStatus).toBe('red')
  const utils = await openAndFind(ZHANG_SAN)
  const nav = recordNavigation()
  click(utils, q('.official-status__trace-red'))
  nav.restore()
  expect(nav.urls).toEqual([`/official/trace/index?personId=${red.person.personId}`])
  await openAndFind(QIAN_QI)
  expect(document.querySelector('.official-status__trace-red')).toBeNull()
})

test('a person not known yet is set by ID number and the name typed', async () => {
  const newcomer = idCard('37010219990909876')
  const utils = await openAndFind(newcomer)
  expect(bodyText()).toContain('系统中还没有该人员')
  click(utils, q('.official-status__save'))
  await waitFor(() => fieldError('name') !== null, 'the messages')
  expect(fieldError('name')).toBe('请填写姓名')
  await waitFor(() => !!document.querySelector('.official-status__name input'), 'the name field')
  typeInto(utils, '.official-status__name', '周九')
  choose(utils, 'yellow')
  typeInto(utils, '.official-status__reason', '密接者的密接')
  click(utils, q('.official-status__save'))
  await waitForText('已将“周九”的健康码设为黄码')
  expect(q('.official-status__row--name .official-row__value').textContent).toBe('周九')
  expect((await person(newcomer)).person.healthStatus).toBe('yellow')
})

test('typing another ID number puts the person shown away', async () => {
  const utils = await openAndFind(QIAN_QI)
  typeInto(utils, '.official-status__id', '37010219850')
  expect(document.querySelector('.official-status__person')).toBeNull()
  expect(document.querySelector('.official-status__form')).toBeNull()
})

test('a citizen is refused with the reason', async () => {
  await signInAs(stack, 'citizen')
  const utils = await mountPage(OfficialStatus)
  await waitFor(() => !!document.querySelector('.official-status__id input'), 'the ID field')
  typeInto(utils, '.official-status__id', QIAN_QI)
  click(utils, q('.official-status__find'))
  await waitForText('只有疫情防控部门的工作人员可以进行此操作')
  expect(document.querySelector('.official-status__person')).toBeNull()
})
