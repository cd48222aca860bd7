/**
 * 健康码变更 on 首页 and 申诉, from the real functions (issue 20): a proposal alone changes nothing
 * the person sees; once a second official approves, 首页 shows the new colour with the office,
 * both officials masked, the reason and the time, and 申诉; the 申诉 page counts characters,
 * refuses an empty text, sends once, then shows 已提交，等待答复 and, later, the answer with its
 * reason, who and when. An account without a verified identity is not asked.
 */
import type TestUtils from '@tarojs/test-utils-react'
import Index from '../../src/pages/index'
import Appeal from '../../src/pages/appeal'
import type { TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import { approve, changeStatus } from '../support/two-officials'
import {
  bodyText, callActionOn, click, connect, createPageStack, fieldError, idCard, mountPage, openUrl, q, recordNavigation, signInAs,
  signOut, waitFor, waitForText, type Wire
} from './support/helpers'

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
beforeEach(() => { wire = connect(stack); signOut() })

async function homeAs(account: 'citizen' | 'newcomer') {
  await signInAs(stack, account)
  const utils = await mountPage(Index)
  await waitFor(() => !!document.querySelector('.home__mine'), 'home signed in')
  // The cards load after whoAmI.
  await waitFor(() => wire.sent.some((s) => s.name === 'people' && s.data.action === 'statusNotices') || account === 'newcomer', 'the notices asked for')
  await new Promise((r) => setTimeout(r, 300))
  return utils
}

/** Type into a Taro <Textarea>: the native textarea inside, and the events it listens to. */
function typeText(utils: TestUtils, selector: string, value: string): void {
  const area = q<HTMLTextAreaElement>(`${selector} textarea`)
  utils.act(() => {
    area.value = value
    area.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

let changeId = ''

test('赵六\'s proposal alone changes nothing 张三 sees: still 绿码, no change listed', async () => {
  const proposed = unwrap(await callActionOn(stack, 'official', 'setStatus', { idCard: ZHANG_SAN, name: '张三', status: 'red', reason: '核酸检测阳性' }, official))
  expect(proposed.proposal?.state).toBe('pending')
  await homeAs('citizen')
  expect(q('.home__status-text').textContent).toBe('绿码')
  expect(document.querySelector('.status-notice')).toBeNull()
  await approve(stack, reviewer, proposed.proposal, '已核对检测报告')
})

test('approved by 周九: 首页 shows 红码 and the change in red with the office, 赵*/周*, the reason, the time and 申诉', async () => {
  const utils = await homeAs('citizen')
  expect(q('.home__status-text').textContent).toBe('红码')
  await waitFor(() => !!document.querySelector('.status-notice'), 'the change')
  const notice = q('.status-notice')
  changeId = notice.dataset.changeId!
  expect(notice.className).toContain('status-notice--red')
  expect(q('.status-notices__title').textContent).toBe('健康码变更')
  expect(q('.status-notice__who').textContent).toBe('本人 张*')
  expect(q('.status-notice__chip').textContent).toBe('红码')
  expect(q('.status-notice__change').textContent).toBe('变更为红码（原绿码）')
  expect(q('.status-notice__office').textContent).toBe('济南市疫情防控指挥部')
  expect(q('.status-notice__officials').textContent).toBe('提出：赵* · 复核：周*')
  expect(q('.status-notice__reason').textContent).toBe('原因：核酸检测阳性')
  expect(q('.status-notice__time').textContent).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)
  expect(document.querySelector('.status-notice__emergency')).toBeNull()
  expect(bodyText()).not.toContain('赵六')
  expect(bodyText()).not.toContain('周九')
  const nav = recordNavigation()
  click(utils, q('.status-notice__appeal'))
  nav.restore()
  expect(nav.urls).toEqual([`/pages/appeal/index?changeId=${encodeURIComponent(changeId)}`])
})

test('申诉: the change as on 首页, characters counted, an empty text refused before sending, then 已提交，等待答复', async () => {
  await signInAs(stack, 'citizen')
  openUrl(`/pages/appeal/index?changeId=${encodeURIComponent(changeId)}`)
  const utils = await mountPage(Appeal)
  await waitFor(() => !!document.querySelector('.appeal__text textarea'), 'the form')
  expect(q('.appeal__notice .status-notice__officials').textContent).toBe('提出：赵* · 复核：周*')
  expect(q('.appeal__count').textContent).toBe('0/200')
  click(utils, q('.appeal__send'))
  await waitFor(() => fieldError('text') !== null, 'the message')
  expect(fieldError('text')).toBe('请填写申诉内容')
  expect(wire.sent.some((s) => s.name === 'people' && s.data.action === 'appeal')).toBe(false)

  typeText(utils, '.appeal__text', '我这几天一直在家，没有做过核酸检测')
  await waitFor(() => q('.appeal__count').textContent === '17/200', 'the count')
  click(utils, q('.appeal__send'))
  await waitForText('已提交，等待答复')
  expect(q('.appeal__sent-text').textContent).toBe('我这几天一直在家，没有做过核酸检测')
  expect(document.querySelector('.appeal__form')).toBeNull()
  const sent = wire.sent.filter((s) => s.name === 'people' && s.data.action === 'appeal')
  expect(sent.map((s) => s.data)).toEqual([{ action: 'appeal', changeId, text: '我这几天一直在家，没有做过核酸检测' }])

  // 首页 says where it stands, and offers no second 申诉.
  await homeAs('citizen')
  await waitFor(() => !!document.querySelector('.status-notice__appeal-state'), 'the appeal state')
  expect(q('.status-notice__appeal-text').textContent).toBe('申诉已提交，等待答复')
  expect(document.querySelector('.status-notice__appeal')).toBeNull()
})

test('the answer reaches the person: 维持, the reason, who and when', async () => {
  const { appeals } = unwrap(await callActionOn(stack, 'official', 'appeals', { state: 'open' }, official))
  const appeal = appeals.find((a) => a.changeId === changeId)!
  unwrap(await callActionOn(stack, 'official', 'answerAppeal', { appealId: appeal.appealId, decision: 'upheld', reason: '检测机构复核报告无误' }, official))
  await signInAs(stack, 'citizen')
  openUrl(`/pages/appeal/index?changeId=${encodeURIComponent(changeId)}`)
  await mountPage(Appeal)
  await waitFor(() => !!document.querySelector('.appeal__answer'), 'the answer')
  expect(q('.appeal__answer-decision').textContent).toBe('答复：维持')
  expect(q('.appeal__answer-reason').textContent).toBe('理由：检测机构复核报告无误')
  expect(q('.appeal__answer-by').textContent).toBe('答复：济南市疫情防控指挥部 赵*')
  expect(q('.appeal__answer-at').textContent).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)
  expect(document.querySelector('.appeal__waiting')).toBeNull()

  await homeAs('citizen')
  await waitFor(() => !!document.querySelector('.status-notice__appeal-state--answered'), 'the answered state')
  expect(q('.status-notice__appeal-text').textContent).toBe('申诉答复：维持')
})

test('an account without a verified identity is not asked for changes and shows none', async () => {
  await homeAs('newcomer')
  expect(wire.sent.some((s) => s.name === 'people' && s.data.action === 'statusNotices')).toBe(false)
  expect(document.querySelector('.status-notices')).toBeNull()
})

test('a companion\'s change shows on the holder\'s 首页 with the relation, in its colour', async () => {
  const mother = { name: '王秀兰', idCard: idCard('37010219580303432') }
  const holder = await stack.login('citizen')
  unwrap(await callActionOn(stack, 'people', 'addCompanion', { ...mother, relation: 'parent' }, holder))
  await changeStatus(stack, official, reviewer, { ...mother, status: 'yellow', reason: '密切接触者的密切接触者' })
  await homeAs('citizen')
  await waitFor(() => !!document.querySelector('.status-notice--yellow'), 'the companion\'s change')
  const notice = q('.status-notice--yellow')
  expect(notice.querySelector('.status-notice__who')!.textContent).toBe('父母 王**')
  // Their first recorded status: no earlier colour to name.
  expect(notice.querySelector('.status-notice__change')!.textContent).toBe('设为黄码')
  expect(notice.querySelector('.status-notice__officials')!.textContent).toBe('提出：赵* · 复核：周*')
  expect(bodyText()).not.toContain('王秀兰')
})
