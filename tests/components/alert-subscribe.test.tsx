/**
 * 接收微信提醒 as the WeChat build runs it (alert-subscribe.weapp.ts in place of the H5 file):
 * WeChat's dialog is asked for in the tap itself, only the accepted templates go to
 * alert.subscribe, and a refusal or a switched-off setting is said plainly. WeChat's client is
 * the edge and is faked; the alert function is real.
 */
import Taro from '@tarojs/taro'
import Alerts from '../../src/inspect/alerts'
import type { TestStack } from '../support/stack'
import { buttonByText, click, connect, createPageStack, mountPage, q, signInAs, signOut, waitFor, type Wire } from './support/helpers'

jest.mock('../../src/services/alert-subscribe', () => jest.requireActual('../../src/services/alert-subscribe.weapp'))

const TEMPLATE = 'tmpl-alert-1'
let stack: TestStack
let wire: Wire
type Answer = Record<string, string> | { reject: { errCode: number; errMsg: string } }
let answer: Answer
let asked: string[][]

beforeAll(async () => {
  stack = await createPageStack()
  stack.config.alertTemplateId = TEMPLATE
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
    return 'reject' in answer ? Promise.reject(answer.reject) : Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', ...answer })
  })
})

async function open() {
  await signInAs(stack, 'inspector')
  const utils = await mountPage(Alerts)
  await waitFor(() => !!document.querySelector('.alerts__summary'), 'the list')
  return utils
}

test('accepted: WeChat is asked in the tap itself, and the accepted template is granted', async () => {
  answer = { [TEMPLATE]: 'accept' }
  const utils = await open()
  click(utils, buttonByText('接收微信提醒'))
  // Synchronously inside the tap: WeChat shows its dialog only then.
  expect(asked).toEqual([[TEMPLATE]])
  await waitFor(() => !!document.querySelector('.alerts__subscribed'), 'the outcome')
  expect(wire.sent.find((s) => s.data.action === 'subscribe')).toEqual({ name: 'alert', data: { action: 'subscribe', templateIds: [TEMPLATE] } })
  expect(q('.alerts__subscribed').className).toContain('banner-ok')
  expect(q('.alerts__subscribed').textContent).toContain('已开启')
})

test('declined in the dialog: nothing is granted, and the page says so', async () => {
  answer = { [TEMPLATE]: 'reject' }
  const utils = await open()
  click(utils, buttonByText('接收微信提醒'))
  await waitFor(() => !!document.querySelector('.alerts__subscribed'), 'the outcome')
  expect(q('.alerts__subscribed').textContent).toBe('您未允许微信提醒，需要时可再次开启')
  expect(wire.sent.some((s) => s.data.action === 'subscribe')).toBe(false)
})

test('subscription messages switched off in the settings: told where to switch them on', async () => {
  answer = { reject: { errCode: 20004, errMsg: 'requestSubscribeMessage:fail:The main switch is switched off' } }
  const utils = await open()
  click(utils, buttonByText('接收微信提醒'))
  await waitFor(() => !!document.querySelector('.alerts__subscribed'), 'the outcome')
  expect(q('.alerts__subscribed').textContent).toBe('您已关闭小程序的订阅消息，请在右上角“…”→“设置”中打开后重试')
  expect(wire.sent.some((s) => s.data.action === 'subscribe')).toBe(false)
})

test('no template configured: no button', async () => {
  delete stack.config.alertTemplateId
  try {
    await open()
    expect(() => buttonByText('接收微信提醒')).toThrow()
  } finally {
    stack.config.alertTemplateId = TEMPLATE
  }
})
