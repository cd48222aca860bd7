/**
 * 停用 (issue 20) as a person sees it, from the real functions: in wind-down the check-in page
 * says 本系统已于…停止登记 with the date (and records nothing); after the end any page that calls
 * a function is replaced by the receipt page, which shows what was destroyed, when, the counts,
 * the keys and the last audit head.
 */
import Checkin from '../../src/pages/checkin'
import Ended from '../../src/pages/ended'
import Index from '../../src/pages/index'
import { watchSystemEnded } from '../../src/services/ended-watch'
import { destroyPersonalData, startWindDown } from '../../server/domain/wind-down'
import type { DeletionReceipt } from '../../src/shared/api'
import type { TestStack } from '../support/stack'
import { bodyText, connect, createPageStack, demoCodeUrl, linkPath, mountPage, openUrl, q, recordNavigation, signInAs, signOut, waitFor, waitForText } from './support/helpers'

let stack: TestStack
let codeUrl: string
beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
})
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack); signOut() })

const deps = () => ({ db: stack.db, config: stack.config })

test('in wind-down the check-in page says 本系统已于…停止登记 with the date, and nothing is recorded', async () => {
  // Scanned once before 停用: the person has a record to read during the grace period.
  await signInAs(stack, 'citizen')
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-result'), 'result screen')

  const state = await startWindDown(deps(), { graceDays: 30 })
  const [y, m, d] = state.stoppedOn!.split('-').map(Number)
  const [{ n: before }] = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM entries')
  openUrl(linkPath(codeUrl))
  await mountPage(Checkin)
  await waitForText(`本系统已于${y}年${m}月${d}日停止登记`)
  expect(document.querySelector('.checkin-result')).toBeNull()
  // Trying again cannot help: no 重试, only the way home.
  expect(bodyText()).not.toContain('重试')
  expect(bodyText()).toContain('返回首页')
  const [{ n: after }] = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM entries')
  expect(after).toBe(before)
})

let receipt: DeletionReceipt
test('after the end, opening the app goes to the receipt page', async () => {
  receipt = await destroyPersonalData(deps(), { ignoreGrace: true, receiptFile: `${require('os').tmpdir()}/csm-ended-test-receipt.json`, logDirs: [] })
  watchSystemEnded()
  const nav = recordNavigation()
  try {
    await mountPage(Index)
    await waitFor(() => nav.urls.includes('/pages/ended/index'), 'the receipt page opened')
  } finally {
    nav.restore()
  }
})

test('the receipt page shows what was destroyed, when, the counts, the keys and the last audit head', async () => {
  await mountPage(Ended)
  await waitForText('本系统已停用')
  const [y, m, d] = receipt.stoppedOn.split('-').map(Number)
  expect(bodyText()).toContain(`本系统已于${y}年${m}月${d}日停止登记，并于`)
  expect(bodyText()).toContain('销毁了全部个人信息和扫码记录')
  expect(q('[data-count="persons"]').textContent).toBe(`人员（姓名、身份证号、手机号）${receipt.counts.persons}`)
  expect(q('[data-count="entries"]').textContent).toBe(`扫码登记记录${receipt.counts.entries}`)
  expect(receipt.counts.persons).toBeGreaterThan(5)
  expect(receipt.counts.entries).toBeGreaterThan(0)
  expect(bodyText()).toContain(`已销毁加密个人信息的数据密钥 ${Object.keys(stack.config.dataKeys.keys).join('、')}，以及身份证号、手机号的查询密钥`)
  expect(q('.ended__head').textContent).toBe(receipt.lastAuditHead)
  expect(receipt.lastAuditHead).toMatch(/^[0-9a-f]{64}$/)
})
