/**
 * What the check-in page says around the result: a banner that never reads as permission to
 * enter for a yellow or red code, and a sign-in prompt that offers only citizen accounts.
 */
import Checkin from '../../src/pages/checkin'
import type { TestStack } from '../support/stack'
import { connect, createPageStack, demoCodeUrl, linkPath, mountPage, openUrl, q, signInAs, signOut, waitFor, waitForText } from './support/helpers'

let stack: TestStack
let codeUrl: string

beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
})
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack); signOut() })

test.each([
  ['citizen', '场所码 · 入场登记成功'],
  ['citizen_yellow', '已登记 · 请配合工作人员核验'],
  ['citizen_red', '已登记 · 请配合工作人员核验']
] as const)('%s sees the banner "%s"', async (account, banner) => {
  await signInAs(stack, account)
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-result'), 'result screen')
  expect(q('.checkin__banner').textContent).toBe(banner)
})

test('the sign-in prompt offers citizen accounts only', async () => {
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  await waitForText('请先登录后再操作')
  await waitFor(() => document.querySelectorAll('.demo-accounts__btn').length > 0, 'demo buttons')
  const offered = Array.from(document.querySelectorAll('.demo-accounts__btn')).map((b) => b.getAttribute('data-account'))
  // The newcomer is a citizen too: signing in as it leads to the 实名信息 screen.
  expect(offered).toEqual(['citizen', 'citizen_yellow', 'citizen_red', 'newcomer'])
})
