/**
 * 批量导入健康码 in the browser against the real official function: a file handed to the hidden
 * file input (as the browser's dialog does), a good file proposed with its count and its changed
 * lines (masked), in force only once a second official approves it, a file with bad
 * lines refused whole with every problem listed and nothing changed, and files refused before
 * anything is sent (too large, not UTF-8, not a CSV).
 */
import type TestUtils from '@tarojs/test-utils-react'
import OfficialImport from '../../src/official/import'
import { MAX_STATUS_IMPORT_BYTES } from '../../src/shared/api'
import { CSV_INPUT_CLASS } from '../../src/services/csv-file'
import type { TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import { approve } from '../support/two-officials'
import {
  answerModals, bodyText, callActionOn, click, connect, createPageStack, mountPage, q, signInAs, waitFor, waitForText, type Wire
} from './support/helpers'

const QIAN_QI = '370102198512124567'
const ZHANG_SAN = '370102199001011231'
const HEADER = '身份证号,姓名,健康码,原因'

let stack: TestStack
let wire: Wire
let official: string

beforeAll(async () => {
  stack = await createPageStack()
  official = await stack.login('official')
})
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack) })

const statusOf = async (id: string) => unwrap(await callActionOn(stack, 'official', 'person', { idCard: id }, official)).person.healthStatus
const officialCalls = () => wire.sent.filter((s) => s.name === 'official' && s.data.action === 'importStatus')

async function openImport(): Promise<TestUtils> {
  await signInAs(stack, 'official')
  const utils = await mountPage(OfficialImport)
  await waitFor(() => !!document.querySelector('.official-import__choose'), 'the page')
  return utils
}

/** Taps 选择CSV文件 and hands the hidden input a file, as the browser's dialog would. */
async function chooseFile(utils: TestUtils, file: { name: string; size: number } | File) {
  click(utils, q('.official-import__choose'))
  await waitFor(() => !!document.querySelector(`input.${CSV_INPUT_CLASS}`), 'the file input')
  const input = q<HTMLInputElement>(`input.${CSV_INPUT_CLASS}`)
  expect(input.type).toBe('file')
  expect(input.accept).toBe('.csv,text/csv')
  Object.defineProperty(input, 'files', { value: [file] })
  utils.act(() => { input.dispatchEvent(new Event('change')) })
}

const csvFile = (name: string, text: string | Uint8Array<ArrayBuffer>) => new File([text], name, { type: 'text/csv' })

test('explains the columns with a sample line', async () => {
  await openImport()
  expect(Array.from(document.querySelectorAll('.official-import__column .official-row__label')).map((e) => e.textContent))
    .toEqual(['1. 身份证号', '2. 姓名', '3. 健康码', '4. 原因'])
  expect(q('.official-import__columns').textContent).toContain('绿码、黄码、红码之一')
  expect(q('.official-import__sample-line').textContent).toBe(HEADER)
})

test('a good file (with a byte-order mark) is proposed: rows and changes counted, the changed line shown masked, statuses set once 周九 approves', async () => {
  const utils = await openImport()
  const text = `\uFEFF${HEADER}\n${QIAN_QI},钱七,红码,确诊病例\n${ZHANG_SAN},张三,绿码,复核无异常\n`
  await chooseFile(utils, csvFile('健康码名单.csv', text))
  await waitFor(() => !!document.querySelector('.official-import__send'), 'the file ready')
  expect(q('.official-import__chosen-name').textContent).toBe('健康码名单.csv')
  const yes = answerModals(true)
  click(utils, q('.official-import__send'))
  await waitForText('文件已提交：共 2 行，其中 1 人状态将变更，待另一名工作人员复核')
  yes.restore()
  const card = q('.official-import__proposal')
  expect(card.textContent).toContain('批量导入：钱* 设为红码')
  expect(card.textContent).toContain('待复核')
  expect(Array.from(document.querySelectorAll('.official-import__line-change')).map((e) => e.textContent))
    .toEqual(['钱* 3701**********4567 黄码 → 红码'])
  expect(bodyText()).not.toContain('钱七')
  // Nothing in force yet.
  expect(await statusOf(QIAN_QI)).toBe('yellow')
  const reviewer = await stack.login('official_reviewer')
  const { proposals } = unwrap(await callActionOn(stack, 'official', 'proposals', { state: 'pending' }, reviewer))
  await approve(stack, reviewer, proposals.find((p) => p.proposalId === card.dataset.proposalId) ?? null)
  expect(yes.asked[0].content).toContain('健康码名单.csv')
  expect(officialCalls()).toHaveLength(1)
  // The browser's UTF-8 decoder drops the byte-order mark; the rest is sent as it is in the file.
  expect(officialCalls()[0].data).toEqual({ action: 'importStatus', fileName: '健康码名单.csv', csv: text.slice(1) })
  expect(await statusOf(QIAN_QI)).toBe('red')
  expect(await statusOf(ZHANG_SAN)).toBe('green')
  // The file is done with: another must be chosen to import again.
  expect(document.querySelector('.official-import__send')).toBeNull()
})

test('a file with bad lines is refused whole: every problem listed by line and column, nothing changed', async () => {
  const utils = await openImport()
  const text = [
    HEADER,
    `${ZHANG_SAN},张三,红码,确诊病例`,
    '370102199001011230,李四,黄码,密接',
    `${QIAN_QI},钱七,紫码,密接`
  ].join('\n')
  await chooseFile(utils, csvFile('名单.csv', text))
  await waitFor(() => !!document.querySelector('.official-import__send'), 'the file ready')
  const yes = answerModals(true)
  click(utils, q('.official-import__send'))
  await waitForText('文件未导入，请修改后重新上传')
  yes.restore()
  const rows = Array.from(document.querySelectorAll('.official-import__problem:not(.official-import__problem--head)'))
    .map((r) => [r.querySelector('.official-import__where')!.textContent, r.querySelector('.official-import__field')!.textContent])
  expect(rows).toContainEqual(['第3行', '身份证号'])
  expect(rows).toContainEqual(['第4行', '健康码'])
  expect(rows.some(([where]) => where === '第2行')).toBe(false)
  expect(q('.official-import__refused-summary').textContent).toContain('文件共 3 行数据')
  // Refused whole: even the good line changed nothing.
  expect(await statusOf(ZHANG_SAN)).toBe('green')
  expect(await statusOf(QIAN_QI)).toBe('red')
})

test('a file over the limit is refused before anything is read or sent', async () => {
  const utils = await openImport()
  await chooseFile(utils, { name: '全市名单.csv', size: MAX_STATUS_IMPORT_BYTES + 1 })
  await waitForText('文件过大')
  expect(q('.official-import__file-error').textContent).toContain('请拆分后分批导入')
  expect(document.querySelector('.official-import__send')).toBeNull()
  expect(officialCalls()).toHaveLength(0)
})

test('a file saved as GBK, and a spreadsheet, are refused before sending', async () => {
  const utils = await openImport()
  const gbk = new Uint8Array([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb])
  await chooseFile(utils, csvFile('gbk.csv', gbk))
  await waitForText('文件不是UTF-8编码')
  expect(document.querySelector('.official-import__send')).toBeNull()
  await chooseFile(utils, csvFile('名单.xlsx', 'x'))
  await waitFor(() => bodyText().includes('请选择CSV文件（.csv）'), 'the refusal')
  expect(officialCalls()).toHaveLength(0)
})

test('a citizen is refused with the reason and nothing changes', async () => {
  await signInAs(stack, 'citizen')
  const utils = await mountPage(OfficialImport)
  await waitFor(() => !!document.querySelector('.official-import__choose'), 'the page')
  await chooseFile(utils, csvFile('名单.csv', `${HEADER}\n${ZHANG_SAN},张三,红码,确诊病例\n`))
  await waitFor(() => !!document.querySelector('.official-import__send'), 'the file ready')
  const yes = answerModals(true)
  click(utils, q('.official-import__send'))
  await waitForText('只有疫情防控部门的工作人员可以进行此操作')
  yes.restore()
  expect(await statusOf(ZHANG_SAN)).toBe('green')
})
