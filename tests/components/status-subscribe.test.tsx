/**
 * 状态变更时微信通知我 on 首页's 健康码变更, as the WeChat build runs it (alert-subscribe.weapp.ts in
 * place of the H5 file): WeChat's dialog is asked for the status template in the tap itself, the
 * accepted template goes to alert.subscribe and becomes a grant of it; a refusal sends nothing; no
 * template configured, no button. WeChat's client is the edge and is faked; the functions are real.
 */
import Taro from '@tarojs/taro'
import Index from '../../src/pages/index'
import type { TestStack } from '../support/stack'
import { changeStatus } from '../support/two-officials'
import { buttonByText, click, connect, createPageStack, mountPage, q, signInAs, signOut, waitFor, type Wire } from './support/helpers'

jest.mock('../../src/services/alert-subscribe', () => jest.requireActual('../../src/services/alert-subscribe.weapp'))

const TEMPLATE = 'tmpl-status-1'
const ZHANG_SAN = '370102199001011231'
let stack: TestStack
let wire: Wire
let answer: Record<string, string>
let asked: string[][]

beforeAll(async () => {
  stack = await createPageStack()
  stack.config.statusTemplateId = TEMPLATE
  // 张三 has a change to read (and so 健康码变更 on 首页).
  await changeStatus(stack, await stack.login('official'), await stack.login('official_reviewer'),
    { idCard: ZHANG_SAN, name: '张三', status: 'yellow', reason: '同行人员核酸异常' })
})
afterAll(async () => {
  await mountPage(() => null)
  await stack.close()
})
beforeEach(() => {
  wire = connect(stack)
  signOut()
  asked = []
  // WeChat's client: answers the dialog as the test says.
  ;(Taro as unknown as { requestSubscribeMessage: unknown }).requestSubscribeMessage = jest.fn((opts: { tmplIds: string[] }) => {
    asked.push(opts.tmplIds)
    return Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', ...answer })
  })
})

async function home() {
  const token = await signInAs(stack, 'citizen')
  const utils = await mountPage(Index)
  await waitFor(() => !!document.querySelector('.status-notice'), '健康码变更')
  return { utils, userId: await stack.userIdOf(token) }
}

const grants = async (userId: string) => (await stack.db.query<{ remaining: number }>(
  'SELECT remaining FROM subscription_grants WHERE user_id = $1 AND template_id = $2', [userId, TEMPLATE]))[0]?.remaining ?? 0

test('accepted: WeChat is asked for the status template in the tap itself, and it is granted', async () => {
  answer = { [TEMPLATE]: 'accept' }
  const { utils, userId } = await home()
  const before = await grants(userId)
  click(utils, buttonByText('状态变更时微信通知我'))
  expect(asked).toEqual([[TEMPLATE]])
  await waitFor(() => !!document.querySelector('.status-notices__subscribed'), 'the outcome')
  expect(wire.sent.find((s) => s.data.action === 'subscribe')).toEqual({ name: 'alert', data: { action: 'subscribe', templateIds: [TEMPLATE] } })
  expect(q('.status-notices__subscribed').className).toContain('banner-ok')
  expect(await grants(userId)).toBe(before + 1)
})

test('declined in the dialog: nothing is sent, and the page says so', async () => {
  answer = { [TEMPLATE]: 'reject' }
  const { utils, userId } = await home()
  const before = await grants(userId)
  click(utils, buttonByText('状态变更时微信通知我'))
  await waitFor(() => !!document.querySelector('.status-notices__subscribed'), 'the outcome')
  expect(q('.status-notices__subscribed').textContent).toBe('您未允许微信通知，需要时可再次开启')
  expect(wire.sent.some((s) => s.data.action === 'subscribe')).toBe(false)
  expect(await grants(userId)).toBe(before)
})

test('no status template configured: no button', async () => {
  delete stack.config.statusTemplateId
  try {
    await home()
    expect(() => buttonByText('状态变更时微信通知我')).toThrow()
  } finally {
    stack.config.statusTemplateId = TEMPLATE
  }
})
