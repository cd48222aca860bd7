/**
 * 流调查询 against the real official function: the case named by the previous page or typed by ID
 * number over the last 14 days, each stay, then each person whose stay overlapped one of them
 * once (masked) with their overlaps underneath; 查看完整信息 for one contact, recorded in their
 * access log; a period in the wrong order refused on the page; the deliberate confirmation
 * (asked first, then a proposal a second official approves; only then does the contact have a
 * 风险提示, which does not name the case); and the CSV export downloaded.
 */
import type TestUtils from '@tarojs/test-utils-react'
import OfficialTrace from '../../src/official/trace'
import { addDays, shanghaiDate } from '../../src/shared/time'
import type { TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import {
  answerModals, bodyText, callActionOn, click, connect, createPageStack, demoCodeUrl, fieldError, mountPage, openUrl, q,
  signInAs, typeInto, waitFor, waitForText, type Wire
} from './support/helpers'

const SUN_BA = '370102199203157896'

let stack: TestStack
let wire: Wire
let official: string
let caseId = ''

beforeAll(async () => {
  stack = await createPageStack()
  official = await stack.login('official')
  const codeUrl = await demoCodeUrl(stack)
  // The red case enters the demo venue, and a green citizen right after: their stays overlap.
  unwrap(await stack.call('checkIn', { code: codeUrl }, await stack.login('citizen_red')))
  unwrap(await stack.call('checkIn', { code: codeUrl }, await stack.login('citizen')))
  caseId = unwrap(await callActionOn(stack, 'official', 'person', { idCard: SUN_BA }, official)).person.personId
})
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack) })

const traceCalls = () => wire.sent.filter((s) => s.name === 'official' && s.data.action === 'trace')

async function openTrace(query = ''): Promise<TestUtils> {
  await signInAs(stack, 'official')
  openUrl(`/official/trace/index${query}`)
  const utils = await mountPage(OfficialTrace)
  await waitFor(() => !!document.querySelector('.official-trace__query'), 'the form')
  // Taro's inputs render their native <input> a moment after the page.
  if (!query.includes('personId')) await waitFor(() => !!document.querySelector('.official-trace__id input'), 'the ID field')
  return utils
}

async function runQuery(utils: TestUtils) {
  click(utils, q('.official-trace__query'))
  await waitFor(() => !!document.querySelector('.official-trace__case') || !!document.querySelector('.official-trace__banner'), 'the result')
}

test('the case named by the previous page, the last 14 days: each stay with its overlapping contacts', async () => {
  const utils = await openTrace(`?personId=${caseId}`)
  const today = shanghaiDate(new Date())
  expect(q('.official-trace__from .official-trace__date-value').textContent).toBe(addDays(today, -13))
  expect(q('.official-trace__to .official-trace__date-value').textContent).toBe(today)
  expect(bodyText()).toContain('已选定人员')
  expect(document.querySelector('.official-trace__id')).toBeNull()
  await runQuery(utils)
  expect(traceCalls()[0].data).toEqual({ action: 'trace', personId: caseId, from: addDays(today, -13), to: today })

  expect(q('.official-trace__case-name').textContent).toBe('孙*')
  expect(q('.official-trace__case-id').textContent).toContain('*')
  const stay = q('.official-trace__stay')
  expect(stay.querySelector('.official-trace__venue')!.textContent).toBe('泉城广场')
  expect(stay.querySelector('.official-trace__address')!.textContent).toBe('山东省济南市历下区泉城路街道 泉城路1号')
  expect(stay.querySelector('.official-trace__checkpoint')!.textContent).toBe('主入口')
  expect(stay.querySelector('.official-trace__ending')!.textContent).toBe('按默认停留时长')
  expect(stay.querySelector('.official-trace__stay-count')!.textContent).toBe('同场人员 1人')
  // The contacts, each person once, with where and how long they overlapped the case underneath.
  const contacts = document.querySelectorAll('.official-trace__contacts .official-trace__contact')
  expect(contacts).toHaveLength(1)
  const contact = contacts[0]
  expect(contact.querySelector('.official-trace__contact-name')!.textContent).toBe('张*')
  expect(contact.querySelector('.health-chip')!.textContent).toBe('绿码')
  expect(contact.querySelector('.official-trace__overlap-venue')!.textContent).toBe('泉城广场')
  expect(contact.querySelector('.official-trace__method')!.textContent).toBe('本人')
  expect(contact.querySelector('.official-trace__overlap')!.textContent).toMatch(/^重叠(\d+|不足1)分钟$/)
  expect(contact.querySelector('.official-trace__contact-ids')!.textContent).toMatch(/^3701\*+1231 · 138\*+0001$/)
  // Masked throughout: no full name, ID number or phone of anyone.
  for (const secret of ['张三', '孙八', SUN_BA, '370102199001011231', '13800000001']) expect(bodyText()).not.toContain(secret)
  // The tile and the list agree.
  expect(q('[data-tile="contacts"] .official-trace__tile-value').textContent).toBe(String(contacts.length))
  expect(q('.official-trace__contacts .section-title').textContent).toBe('同场人员（1人）')
})

test('查看完整信息 shows one contact\'s full name, ID number and mobile, and the look is in their access log', async () => {
  const utils = await openTrace(`?personId=${caseId}`)
  await runQuery(utils)
  const citizen = await stack.login('citizen')
  const looks = async () => unwrap(await callActionOn(stack, 'people', 'accessLog', {}, citizen)).records.filter((r) => r.action === 'view_contact').length
  const before = await looks()
  expect(bodyText()).toContain('查看完整信息会记入该人员可查看的“谁查看了我的信息”')
  click(utils, q('.official-trace__details-open'))
  await waitFor(() => !!document.querySelector('.official-trace__details'), 'the details')
  const contact = q('.official-trace__contacts .official-trace__contact')
  expect(contact.querySelector('.official-trace__contact-name')!.textContent).toBe('张三')
  expect(contact.querySelector('.official-trace__detail-id')!.textContent).toBe('370102199001011231')
  expect(contact.querySelector('.official-trace__detail-phone')!.textContent).toBe('13800000001')
  expect(contact.querySelector('.official-trace__details-seen')!.textContent).toBe('本次查看已记录')
  expect(document.querySelector('.official-trace__details-open')).toBeNull()
  const sent = wire.sent.filter((x) => x.data.action === 'contactDetails')
  expect(sent).toHaveLength(1)
  expect(sent[0].data).toEqual({ action: 'contactDetails', traceId: expect.any(String), personId: contact.getAttribute('data-person-id') })
  // The case's identity stays masked.
  expect(bodyText()).not.toContain('孙八')
  expect(await looks()).toBe(before + 1)
})

test('a period in the wrong order is refused on the page, and nothing is sent', async () => {
  const utils = await openTrace(`?personId=${caseId}`)
  const today = shanghaiDate(new Date())
  utils.act(() => { q('.official-trace__from').dispatchEvent(new CustomEvent('change', { detail: { value: today }, bubbles: true })) })
  utils.act(() => { q('.official-trace__to').dispatchEvent(new CustomEvent('change', { detail: { value: addDays(today, -3) }, bubbles: true })) })
  click(utils, q('.official-trace__query'))
  await waitFor(() => fieldError('period') !== null, 'the message')
  expect(fieldError('period')).toBe('开始日期不能晚于结束日期')
  expect(traceCalls()).toHaveLength(0)
})

test('by ID number typed; a wrong number is refused under the field', async () => {
  const utils = await openTrace()
  typeInto(utils, '.official-trace__id', '370102199203157890')
  click(utils, q('.official-trace__query'))
  await waitFor(() => fieldError('idCard') !== null, 'the message')
  expect(traceCalls()).toHaveLength(0)
  typeInto(utils, '.official-trace__id', SUN_BA)
  await runQuery(utils)
  expect(traceCalls()[0].data).toMatchObject({ action: 'trace', idCard: SUN_BA })
  expect(q('.official-trace__case-name').textContent).toBe('孙*')
})

test('confirming asks first, then proposes; the contact is told only once a second official approves, without naming the case', async () => {
  const utils = await openTrace(`?personId=${caseId}`)
  await runQuery(utils)
  const no = answerModals(false)
  click(utils, q('.official-trace__confirm'))
  await waitFor(() => no.asked.length === 1, 'the question')
  no.restore()
  expect(no.asked[0].content).toContain('1名同场人员')
  expect(no.asked[0].content).toContain('不透露病例身份')
  expect(wire.sent.some((s) => s.data.action === 'confirmTrace')).toBe(false)
  const citizen = await stack.login('citizen')
  expect(unwrap(await callActionOn(stack, 'entries', 'risks', {}, citizen)).notices).toHaveLength(0)

  const yes = answerModals(true)
  click(utils, q('.official-trace__confirm'))
  await waitForText('已提交复核，待另一名工作人员批准后发出风险提示')
  yes.restore()
  expect(yes.asked[0].content).toContain('另一名工作人员复核')
  expect(document.querySelector('.official-trace__confirm')).toBeNull()
  expect(q('.official-trace__proposal-state').textContent).toBe('待复核')
  expect(q('.official-trace__proposal-detail').textContent).toMatch(/^济南市疫情防控指挥部 赵\* 于 \d{2}-\d{2} \d{2}:\d{2} 提交；/)
  // Nobody is told on one official's word.
  expect(unwrap(await callActionOn(stack, 'entries', 'risks', {}, citizen)).notices).toHaveLength(0)

  // Still waiting when asked again; then the second official approves with their own reason.
  click(utils, q('.official-trace__proposal-refresh'))
  await waitForText('已刷新，仍待复核')
  expect(q('.official-trace__proposal-state').textContent).toBe('待复核')
  const traceId = String(wire.sent.find((x) => x.data.action === 'confirmTrace')!.data.traceId)
  const reviewer = await stack.login('official_reviewer')
  const pending = unwrap(await callActionOn(stack, 'official', 'proposals', { state: 'pending' }, reviewer)).proposals.find((p) => p.traceId === traceId)!
  unwrap(await callActionOn(stack, 'official', 'decideProposal', { proposalId: pending.proposalId, approve: true, reason: '核实无误' }, reviewer))
  click(utils, q('.official-trace__proposal-refresh'))
  await waitForText('已批准，风险提示已发出')
  expect(q('.official-trace__proposal-state').textContent).toBe('已批准')
  expect(q('.official-trace__proposal-detail').textContent).toMatch(/周\* 于 .* 批准：核实无误$/)
  expect(document.querySelector('.official-trace__proposal-refresh')).toBeNull()
  const notices = unwrap(await callActionOn(stack, 'entries', 'risks', {}, citizen)).notices
  expect(notices).toHaveLength(1)
  expect(notices[0].venueName).toBe('泉城广场')
  expect(JSON.stringify(notices)).not.toMatch(/孙|7896/)
})

test('导出CSV downloads the trace as a file Excel reads as UTF-8', async () => {
  const utils = await openTrace(`?personId=${caseId}`)
  await runQuery(utils)
  // jsdom has no downloads: the browser's edge (object URLs, the link's click) is recorded instead.
  const blobs: Blob[] = []
  const downloads: string[] = []
  const url = URL as unknown as { createObjectURL?: (b: Blob) => string; revokeObjectURL?: (u: string) => void }
  const saved = { create: url.createObjectURL, revoke: url.revokeObjectURL }
  url.createObjectURL = (b: Blob) => { blobs.push(b); return 'blob:trace' }
  url.revokeObjectURL = () => {}
  const clickSpy = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { downloads.push(this.download) })
  try {
    click(utils, q('.official-trace__export'))
    await waitFor(() => !!document.querySelector('.official-trace__export-note'), 'the download')
  } finally {
    clickSpy.mockRestore()
    url.createObjectURL = saved.create
    url.revokeObjectURL = saved.revoke
  }
  const exported = unwrap(await callActionOn(stack, 'official', 'exportTrace', { traceId: String(wire.sent.find((s) => s.data.action === 'exportTrace')!.data.traceId) }, official))
  expect(downloads).toHaveLength(1)
  expect(downloads[0].endsWith('.csv')).toBe(true)
  expect(q('.official-trace__export-note').textContent).toBe(`已下载“${downloads[0]}”`)
  const text = await new Promise<string>((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.readAsText(blobs[0], 'utf-8')
  })
  // FileReader drops a leading BOM when decoding; the bytes must carry exactly one.
  const bytes = new Uint8Array(await new Promise<ArrayBuffer>((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as ArrayBuffer)
    reader.readAsArrayBuffer(blobs[0])
  }))
  expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf])
  expect(text.replace(/^\uFEFF/, '')).toBe(exported.csv.replace(/^\uFEFF/, ''))
  expect(text).toContain('泉城广场')
})
