/**
 * A deployment that turned the emergency path on (STATUS_EMERGENCY_PATH): a change applied at
 * once, without a second official, is marked as such wherever it is shown — 首页's 健康码变更
 * (紧急变更，未经复核, prominent, no 复核 name) and the official's history of the person — from
 * the real functions.
 */
import Index from '../../src/pages/index'
import OfficialStatus from '../../src/official/status'
import { createTestStack, type TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import { JSDOM_BASE, callActionOn, click, connect, mountPage, q, signInAs, typeInto, waitFor } from './support/helpers'

const ZHANG_SAN = '370102199001011231'

let stack: TestStack

beforeAll(async () => {
  stack = await createTestStack({ config: { publicBaseUrl: JSDOM_BASE, codeLinkBases: [JSDOM_BASE], statusEmergencyPath: true } })
  const official = await stack.login('official')
  const res = unwrap(await callActionOn(stack, 'official', 'setStatus',
    { idCard: ZHANG_SAN, name: '张三', status: 'red', reason: '确诊病例，紧急隔离', emergency: true }, official))
  expect(res.proposal).toMatchObject({ state: 'approved', emergency: true })
})
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack) })

test('首页 says first, in red, that nobody reviewed the change, and names no approver', async () => {
  await signInAs(stack, 'citizen')
  await mountPage(Index)
  await waitFor(() => !!document.querySelector('.status-notice'), 'the change')
  expect(q('.home__status-text').textContent).toBe('红码')
  expect(q('.status-notice').className).toContain('status-notice--emergency')
  expect(q('.status-notice__emergency').textContent).toBe('紧急变更，未经复核')
  expect(q('.status-notice__officials').textContent).toBe('紧急变更，未经复核 · 提出：赵*')
  expect(q('.status-notice__officials').textContent).not.toContain('复核：')
})

test('the official\'s history of the person marks it 紧急变更，未经复核', async () => {
  await signInAs(stack, 'official')
  const utils = await mountPage(OfficialStatus)
  await waitFor(() => !!document.querySelector('.official-status__id input'), 'the ID field')
  typeInto(utils, '.official-status__id', ZHANG_SAN)
  click(utils, q('.official-status__find'))
  await waitFor(() => !!document.querySelector('.official-status__change'), 'the history')
  const first = q('.official-status__change')
  expect(first.textContent).toContain('绿码 → 红码')
  expect(q('.official-status__change-approval').textContent).toBe('紧急变更，未经复核')
  expect(q('.official-status__change-approval').className).toContain('official-status__change-approval--emergency')
})
