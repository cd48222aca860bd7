/**
 * 待复核 and 申诉处理 against the real official function (two-person rule, issue 20): 周九 sees
 * 赵六's proposal with its line masked, the proposer, the reason and the time left, and approves
 * it with his own reason (required, asked first); 赵六 sees his own as 等待他人复核 without
 * buttons, and when the page was left open under another account the server's PROPOSAL_OWN is
 * shown in words; a rejection changes nothing. A 申诉 reaches the queue with the person masked and
 * their words, and is answered 维持 or 更正 (更正 only proposes the earlier status, for 周九).
 */
import OfficialProposals from '../../src/official/proposals'
import OfficialAppeals from '../../src/official/appeals'
import OfficialCard from '../../src/components/OfficialCard'
import type { TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import { changeStatus } from '../support/two-officials'
import {
  answerModals, bodyText, callActionOn, click, connect, createPageStack, demoCodeUrl, fieldError, mountPage, q, recordNavigation, signInAs, typeInto,
  waitFor,
  waitForText
} from './support/helpers'

const ZHANG_SAN = '370102199001011231'
const QIAN_QI = '370102198512124567'

let stack: TestStack
let official: string
let reviewer: string

beforeAll(async () => {
  stack = await createPageStack()
  official = await stack.login('official')
  reviewer = await stack.login('official_reviewer')
})
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack) })

const statusOf = async (id: string) => unwrap(await callActionOn(stack, 'official', 'person', { idCard: id }, official)).person.healthStatus
const propose = async (idCard: string, name: string, status: 'green' | 'yellow' | 'red', reason: string) =>
  unwrap(await callActionOn(stack, 'official', 'setStatus', { idCard, name, status, reason }, official)).proposal!

async function openProposals(account: 'official' | 'official_reviewer') {
  await signInAs(stack, account)
  const utils = await mountPage(OfficialProposals)
  await waitFor(() => !!document.querySelector('.official-proposals__intro'), 'the page')
  return utils
}
const item = (id: string) => q(`.proposal-item[data-proposal-id="${id}"]`)
const itemInput = (id: string) => `.proposal-item[data-proposal-id="${id}"] .proposal-item__input`

describe('待复核', () => {
  test('周九 sees 赵六\'s proposal masked with who, why and the time left, needs a reason, and approves it: 张三 is red', async () => {
    const p = await propose(ZHANG_SAN, '张三', 'red', '核酸检测阳性')
    const utils = await openProposals('official_reviewer')
    const card = item(p.proposalId)
    expect(q('.official-proposals__group--decide').textContent).toBe('需要我复核（1）')
    expect(card.querySelector('.proposal-item__title')!.textContent).toBe('逐个设置：张* 设为红码')
    expect(card.querySelector('.proposal-item__change')!.textContent).toBe('张* 3701**********1231 绿码 → 红码')
    expect(card.querySelector('.proposal-item__reason')!.textContent).toBe('原因：核酸检测阳性')
    expect(card.querySelector('.proposal-item__by')!.textContent).toMatch(/^提出：济南市疫情防控指挥部 赵\* · /)
    expect(card.querySelector('.proposal-item__expiry')!.textContent).toMatch(/^有效至 .*（还剩 2[34] 小时）$/)
    expect(card.querySelector('.proposal-item__state')!.textContent).toBe('待复核')
    expect(bodyText()).not.toContain('张三')

    click(utils, card.querySelector<HTMLElement>('.proposal-item__approve')!)
    await waitFor(() => fieldError('reason') !== null, 'the message')
    expect(fieldError('reason')).toBe('请填写复核意见')
    await waitFor(() => !!document.querySelector(`${itemInput(p.proposalId)} input`), 'the reason field')
    typeInto(utils, itemInput(p.proposalId), '已核对检测报告')
    const yes = answerModals(true)
    click(utils, item(p.proposalId).querySelector<HTMLElement>('.proposal-item__approve')!)
    await waitFor(() => item(p.proposalId).className.includes('proposal-item--decided'), 'the decision')
    yes.restore()
    expect(yes.asked[0]).toMatchObject({ title: '批准变更' })
    expect(yes.asked[0].content).toContain('“张*”的健康码立即变更')
    expect(item(p.proposalId).querySelector('.proposal-item__state')!.textContent).toBe('已批准')
    expect(item(p.proposalId).querySelector('.proposal-item__decision')!.textContent)
      .toMatch(/^复核：济南市疫情防控指挥部 周\* · .* · 意见：已核对检测报告$/)
    expect(item(p.proposalId).querySelector('.proposal-item__approve')).toBeNull()
    expect(await statusOf(ZHANG_SAN)).toBe('red')
  })

  test('赵六 sees his own proposal as 等待他人复核, without buttons', async () => {
    const p = await propose(QIAN_QI, '钱七', 'green', '隔离期满')
    await openProposals('official')
    expect(q('.official-proposals__group--decide').textContent).toBe('需要我复核（0）')
    expect(q('.official-proposals__group--mine').textContent).toBe('我提出的（1）')
    const card = item(p.proposalId)
    expect(card.querySelector('.proposal-item__state')!.textContent).toBe('等待他人复核')
    expect(card.textContent).toContain('这是您提出的变更，须由另一名工作人员复核。')
    expect(card.querySelector('.proposal-item__approve')).toBeNull()
    expect(card.querySelector('.proposal-item__reject')).toBeNull()
  })

  test('a page left open while the device signs in as the proposer: the server\'s PROPOSAL_OWN is shown in words, nothing changes', async () => {
    const { proposals } = unwrap(await callActionOn(stack, 'official', 'proposals', { state: 'pending' }, official))
    const p = proposals.find((x) => x.mine)!
    const utils = await openProposals('official_reviewer')
    await waitFor(() => !!document.querySelector(`${itemInput(p.proposalId)} input`), 'the reason field')
    // Another account on the same device (the demo switch): the list still shows 周九's buttons.
    await signInAs(stack, 'official')
    typeInto(utils, itemInput(p.proposalId), '我自己批准')
    const yes = answerModals(true)
    click(utils, item(p.proposalId).querySelector<HTMLElement>('.proposal-item__approve')!)
    await waitFor(() => !!item(p.proposalId).querySelector('.proposal-item__refusal'), 'the refusal')
    yes.restore()
    expect(item(p.proposalId).querySelector('.proposal-item__refusal')!.textContent).toBe('不能复核自己提出的变更，请由另一名工作人员复核')
    expect(await statusOf(QIAN_QI)).toBe('yellow')
  })

  test('周九 rejects with a reason, asked first: the status stays, the proposal reads 已驳回 with his reason', async () => {
    const { proposals } = unwrap(await callActionOn(stack, 'official', 'proposals', { state: 'pending' }, reviewer))
    const p = proposals.find((x) => x.canDecide)!
    const utils = await openProposals('official_reviewer')
    await waitFor(() => !!document.querySelector(`${itemInput(p.proposalId)} input`), 'the reason field')
    typeInto(utils, itemInput(p.proposalId), '隔离期未满14天')
    const yes = answerModals(true)
    click(utils, item(p.proposalId).querySelector<HTMLElement>('.proposal-item__reject')!)
    await waitFor(() => item(p.proposalId).className.includes('proposal-item--decided'), 'the decision')
    yes.restore()
    expect(yes.asked[0]).toMatchObject({ title: '驳回变更' })
    expect(item(p.proposalId).querySelector('.proposal-item__state')!.textContent).toBe('已驳回')
    expect(item(p.proposalId).textContent).toContain('意见：隔离期未满14天')
    expect(await statusOf(QIAN_QI)).toBe('yellow')
  })
})

describe('申诉处理', () => {
  /** The person's own 申诉 of their latest change, through the people function. */
  async function appealLatest(account: 'citizen' | 'citizen_yellow', text: string) {
    const token = await stack.login(account)
    const { notices } = unwrap(await callActionOn(stack, 'people', 'statusNotices', {}, token))
    return unwrap(await callActionOn(stack, 'people', 'appeal', { changeId: notices[0].changeId, text }, token)).notice.appeal!
  }
  async function openAppeals(account: 'official' | 'official_reviewer') {
    await signInAs(stack, account)
    const utils = await mountPage(OfficialAppeals)
    await waitFor(() => !!document.querySelector('.official-appeals__intro'), 'the page')
    return utils
  }
  const appealItem = (id: string) => q(`.appeal-item[data-appeal-id="${id}"]`)
  const appealInput = (id: string) => `.appeal-item[data-appeal-id="${id}"] .appeal-item__input`

  test('张三\'s 申诉 is listed masked with the change and his words; 维持 needs a reason and is shown answered', async () => {
    const appeal = await appealLatest('citizen', '我这几天一直在家，没有做过核酸检测')
    const utils = await openAppeals('official')
    const card = appealItem(appeal.appealId)
    expect(card.querySelector('.appeal-item__who')!.textContent).toBe('张* 3701**********1231')
    expect(card.querySelector('.appeal-item__change')!.textContent).toBe('绿码 → 红码')
    expect(card.querySelector('.appeal-item__change-reason')!.textContent).toBe('变更原因：核酸检测阳性 · 济南市疫情防控指挥部')
    expect(card.querySelector('.appeal-item__text')!.textContent).toBe('我这几天一直在家，没有做过核酸检测')
    expect(card.querySelector('.appeal-item__state')!.textContent).toBe('待答复')
    expect(bodyText()).not.toContain('张三')

    click(utils, card.querySelector<HTMLElement>('.appeal-item__uphold')!)
    await waitFor(() => fieldError('reason') !== null, 'the message')
    expect(fieldError('reason')).toBe('请填写答复理由')
    await waitFor(() => !!document.querySelector(`${appealInput(appeal.appealId)} input`), 'the reason field')
    typeInto(utils, appealInput(appeal.appealId), '检测机构复核报告无误')
    click(utils, appealItem(appeal.appealId).querySelector<HTMLElement>('.appeal-item__uphold')!)
    await waitFor(() => appealItem(appeal.appealId).className.includes('appeal-item--answered'), 'the answer')
    expect(appealItem(appeal.appealId).querySelector('.appeal-item__answer')!.textContent)
      .toMatch(/^答复：维持 · 检测机构复核报告无误 · 济南市疫情防控指挥部 赵\* · /)
    expect(q('.official-appeals__group--open').textContent).toBe('待答复（0）')
    expect(await statusOf(ZHANG_SAN)).toBe('red')
  })

  test('更正 asks first and only proposes the earlier status: 周九 finds it in 待复核', async () => {
    await changeStatus(stack, official, reviewer, { idCard: QIAN_QI, name: '钱七', status: 'red', reason: '密切接触者' })
    const appeal = await appealLatest('citizen_yellow', '我与病例不在同一时间到访')
    const utils = await openAppeals('official')
    await waitFor(() => !!document.querySelector(`${appealInput(appeal.appealId)} input`), 'the reason field')
    typeInto(utils, appealInput(appeal.appealId), '核对行程后确认不在同一时段')
    const yes = answerModals(true)
    click(utils, appealItem(appeal.appealId).querySelector<HTMLElement>('.appeal-item__correct')!)
    await waitFor(() => appealItem(appeal.appealId).className.includes('appeal-item--answered'), 'the answer')
    yes.restore()
    expect(yes.asked[0].content).toContain('恢复为黄码')
    expect(appealItem(appeal.appealId).textContent).toContain('答复：更正')
    expect(appealItem(appeal.appealId).textContent).toContain('已提出更正，须另一名工作人员复核后生效')
    expect(await statusOf(QIAN_QI)).toBe('red')

    await openProposals('official_reviewer')
    await waitForText('申诉更正：钱* 设为黄码')
  })
})

describe('待复核 of a trace\'s 风险提示', () => {
  test('周九 sees 赵六\'s confirmation with its case masked and the number told, approves it, and the contact gets 风险提示', async () => {
    const code = await demoCodeUrl(stack)
    unwrap(await stack.call('checkIn', { code }, await stack.login('venue_admin')))
    unwrap(await stack.call('checkIn', { code }, await stack.login('citizen_red')))
    const trace = unwrap(await callActionOn(stack, 'official', 'trace', { idCard: '370102199203157896' }, official))
    const { proposal } = unwrap(await callActionOn(stack, 'official', 'confirmTrace', { traceId: trace.traceId }, official))
    expect(proposal.state).toBe('pending')

    const utils = await openProposals('official_reviewer')
    const card = item(proposal.proposalId)
    expect(card.className).toContain('proposal-item--trace')
    expect(card.querySelector('.proposal-item__title')!.textContent).toBe(`流调：向 ${proposal.contactCount} 人发出风险提示`)
    expect(card.querySelector('.proposal-item__reason')!.textContent).toContain('病例 孙*')
    expect(bodyText()).not.toContain('孙八')
    await waitFor(() => !!document.querySelector(`${itemInput(proposal.proposalId)} input`), 'the reason field')
    typeInto(utils, itemInput(proposal.proposalId), '已核对病例行程')
    const yes = answerModals(true)
    click(utils, item(proposal.proposalId).querySelector<HTMLElement>('.proposal-item__approve')!)
    await waitFor(() => item(proposal.proposalId).className.includes('proposal-item--decided'), 'the decision')
    yes.restore()
    expect(yes.asked[0].content).toContain(`${proposal.contactCount} 名同场人员`)
    const risks = unwrap(await callActionOn(stack, 'entries', 'risks', {}, await stack.login('venue_admin')))
    expect(risks.venues.map((v) => v.venueName)).toContain('泉城广场')
  })
})

describe('防控工作台 on 首页', () => {
  test('counts the proposals waiting for this official, links 申诉处理 without listing the appeals (a look at each appellant, not made by opening 首页)', async () => {
    const wire = connect(stack)
    const token = await signInAs(stack, 'official_reviewer')
    const me = unwrap(await stack.call('whoAmI', {}, token))
    const { proposals } = unwrap(await callActionOn(stack, 'official', 'proposals', { state: 'pending' }, reviewer))
    const waiting = proposals.filter((p) => p.canDecide && !p.mine).length
    const utils = await mountPage(() => <OfficialCard me={me} />)
    await waitFor(() => !!document.querySelector('.official-card__scope'), 'the card')
    await waitFor(() => q('.official-card__link--proposals .official-card__link-count').textContent === `${waiting} ›`, 'the count')
    expect(q('.official-card__link--appeals').textContent).toBe('申诉处理›')
    expect(wire.sent.filter((s) => s.name === 'official').map((s) => s.data.action).sort()).toEqual(['proposals', 'scope'])
    const nav = recordNavigation()
    click(utils, q('.official-card__link--proposals'))
    click(utils, q('.official-card__link--appeals'))
    nav.restore()
    expect(nav.urls).toEqual(['/official/proposals/index', '/official/appeals/index'])
  })
})
