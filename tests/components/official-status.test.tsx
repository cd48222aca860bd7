/**
 * 设置健康码 against the real official function: a person found by ID number and shown in full
 * with their history, a wrong number or a missing reason refused before anything is sent, a
 * status proposed with its reason (two-person rule: nothing changes until a second official
 * approves, and the page shows the pending proposal, not a changed colour), red asked first, the
 * approved change in the history with its 复核人, a second proposal for the same person refused,
 * a person the system does not know yet proposed by name, and a citizen refused.
 */
import type TestUtils from '@tarojs/test-utils-react'
import OfficialStatus from '../../src/official/status'
import type { TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import { approve } from '../support/two-officials'
import {
  answerModals, bodyText, callActionOn, click, connect, createPageStack, fieldError, idCard, mountPage, q, recordNavigation,
  signInAs, typeInto, waitFor, waitForText, type Wire
} from './support/helpers'

const QIAN_QI = '370102198512124567'
const ZHANG_SAN = '370102199001011231'

let stack: TestStack
let wire: Wire
let official: string
let reviewer: string

beforeAll(async () => {
  stack = await createPageStack()
  official = await stack.login('official')
  reviewer = await stack.login('official_reviewer')
})
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack) })

const person = async (id: string) => unwrap(await callActionOn(stack, 'official', 'person', { idCard: id }, official))
/** The proposal waiting for 周九 about this person's change, approved with his reason. */
async function reviewerApproves(nameMasked: string) {
  const { proposals } = unwrap(await callActionOn(stack, 'official', 'proposals', { state: 'pending' }, reviewer))
  const mine = proposals.find((p) => p.lines[0]?.nameMasked === nameMasked)
  return approve(stack, reviewer, mine ?? null, '已核对检测报告')
}
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
  expect(sentOfficial()).toEqual(['person', 'proposals'])
})

test('proposes green with a reason: the page shows the proposal waiting for another official, and nothing changes until one approves', async () => {
  const utils = await openAndFind(QIAN_QI)
  choose(utils, 'green')
  typeInto(utils, '.official-status__reason', ' 隔离期满，核酸阴性 ')
  click(utils, q('.official-status__save'))
  await waitForText('已提交，待另一名工作人员复核')
  const proposed = q('.official-status__proposed')
  expect(proposed.textContent).toContain('已提交将“钱七”的健康码设为绿码的申请，待另一名工作人员复核')
  expect(proposed.textContent).toContain('待复核')
  expect(q('.official-status__proposal-row--by .official-row__value').textContent).toBe('济南市疫情防控指挥部 赵*')
  expect(q('.official-status__proposal-row--reason .official-row__value').textContent).toBe('隔离期满，核酸阴性')
  expect(q('.official-status__proposal-row--expiry .official-row__value').textContent).toMatch(/^有效至 \d\d-\d\d \d\d:\d\d（还剩 2[34] 小时）$/)
  // Not changed: the chip still shows yellow, and no trace is offered.
  expect(q('.official-status__person .health-chip').textContent).toBe('黄码')
  expect(document.querySelector('.official-status__done')).toBeNull()
  expect(document.querySelector('.official-status__trace')).toBeNull()
  expect((await person(QIAN_QI)).person.healthStatus).toBe('yellow')
  const nav = recordNavigation()
  click(utils, q('.official-status__to-proposals'))
  nav.restore()
  expect(nav.urls).toEqual(['/official/proposals/index'])

  // A second proposal for the same person waits for the first.
  choose(utils, 'red')
  typeInto(utils, '.official-status__reason', '核酸检测阳性')
  const yes = answerModals(true)
  click(utils, q('.official-status__save'))
  await waitFor(() => !!document.querySelector('.official-status__save-error'), 'the refusal')
  yes.restore()
  expect(q('.official-status__save-error').textContent).toBe('该人员已有一项待复核的变更，请先等待复核或由复核人驳回')

  // Looked up again, the record says a change waits for 复核, before anyone tries another.
  await openAndFind(QIAN_QI)
  expect(q('.official-status__pending').textContent).toContain('有一项变更待复核')
  expect(q('.official-status__pending-line').textContent).toBe('钱* 3701**********4567 黄码 → 绿码')
  expect(q('.official-status__pending').textContent).toContain('提出：济南市疫情防控指挥部 赵*')

  // 周九 approves: the change is in force, and the history names him as 复核人.
  await reviewerApproves('钱*')
  const { person: now, history } = await person(QIAN_QI)
  expect(now.healthStatus).toBe('green')
  expect(history[0]).toMatchObject({ oldStatus: 'yellow', newStatus: 'green', reason: '隔离期满，核酸阴性', source: 'manual', emergency: false })
  await openAndFind(QIAN_QI)
  expect(document.querySelector('.official-status__pending')).toBeNull()
  const first = q('.official-status__change')
  expect(first.textContent).toContain('黄码 → 绿码')
  expect(first.textContent).toContain('原因：隔离期满，核酸阴性')
  expect(first.textContent).toContain('逐个设置')
  expect(q('.official-status__change-approval').textContent).toBe('复核人：济南市疫情防控指挥部 周*')
})

test('the same status as now proposes nothing and says so', async () => {
  const utils = await openAndFind(QIAN_QI)
  choose(utils, 'green')
  typeInto(utils, '.official-status__reason', '复查')
  click(utils, q('.official-status__save'))
  await waitForText('“钱七”的健康码已是绿码，无需变更')
  expect(document.querySelector('.official-status__proposed')).toBeNull()
})

test('red asks first: cancelled, nothing is sent; confirmed, it is proposed, and 张三 stays green until approved', async () => {
  const utils = await openAndFind(ZHANG_SAN)
  choose(utils, 'red')
  typeInto(utils, '.official-status__reason', '核酸检测阳性')
  const no = answerModals(false)
  click(utils, q('.official-status__save'))
  await waitFor(() => no.asked.length === 1, 'the question')
  no.restore()
  expect(no.asked[0].content).toContain('“张三”的健康码设为红码')
  expect(no.asked[0].content).toContain('另一名工作人员复核通过后生效')
  expect(sentOfficial()).toEqual(['person', 'proposals'])

  const yes = answerModals(true)
  click(utils, q('.official-status__save'))
  await waitForText('已提交将“张三”的健康码设为红码的申请')
  yes.restore()
  expect(q('.official-status__proposed').className).toContain('official-status__proposed--red')
  expect((await person(ZHANG_SAN)).person.healthStatus).toBe('green')
  // The red is not in force: no trace offered yet.
  expect(document.querySelector('.official-status__trace')).toBeNull()
  await reviewerApproves('张*')
  expect((await person(ZHANG_SAN)).person.healthStatus).toBe('red')
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

test('a person not known yet is proposed by ID number and the name typed', async () => {
  const newcomer = idCard('37010219990909876')
  const utils = await openAndFind(newcomer)
  expect(bodyText()).toContain('系统中还没有该人员')
  click(utils, q('.official-status__save'))
  await waitFor(() => fieldError('name') !== null, 'the messages')
  expect(fieldError('name')).toBe('请填写姓名')
  await waitFor(() => !!document.querySelector('.official-status__name input'), 'the name field')
  typeInto(utils, '.official-status__name', '吴十')
  choose(utils, 'yellow')
  typeInto(utils, '.official-status__reason', '密接者的密接')
  click(utils, q('.official-status__save'))
  await waitForText('已提交将“吴十”的健康码设为黄码的申请')
  await reviewerApproves('吴*')
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
