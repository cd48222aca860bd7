/**
 * 批量导入健康码 without Taro: what the file must look like, what the page refuses before
 * sending (too large, empty, not a CSV, not UTF-8), and how the answer reads: the rows applied,
 * or every problem of a refused file, line by line.
 */
import {
  HEALTH_STATUS_LABELS, MAX_STATUS_IMPORT_BYTES, STATUS_IMPORT_COLUMNS, type ImportProblem, type StatusImportResult
} from '../shared/api'
import { STATUS_CHOICES } from './official-forms'

/** The header line, exactly as the first line of the file must read. */
export const IMPORT_HEADER = STATUS_IMPORT_COLUMNS.join(',')

/** The words the 健康码 column accepts: 绿码、黄码、红码. */
export const IMPORT_STATUS_WORDS = STATUS_CHOICES.map((s) => HEALTH_STATUS_LABELS[s])

/** What each column holds, in file order. */
export const IMPORT_COLUMN_NOTES: Record<(typeof STATUS_IMPORT_COLUMNS)[number], string> = {
  身份证号: '18位居民身份证号码',
  姓名: '与身份证一致的姓名',
  健康码: `${IMPORT_STATUS_WORDS.join('、')}之一`,
  原因: '变更原因，不超过200个字'
}

/** A file that would be accepted, header first (fictional people, valid ID numbers). */
export const IMPORT_SAMPLE = [
  IMPORT_HEADER,
  '370102198001011026,王小明,红码,确诊病例',
  '370103199205122044,李红,黄码,密接者的密接'
].join('\n')

/** The server's name field takes 120 characters. */
const FILE_NAME_MAX = 120

/** 8 MB, 35 KB, 120 B: one decimal under 10 of a unit. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB']
  return `${value < 10 ? Math.round(value * 10) / 10 : Math.round(value)} ${unit}`
}

export const MAX_IMPORT_TEXT = `每个文件最多 ${formatBytes(MAX_STATUS_IMPORT_BYTES)}（约10万行）`

/** Why a chosen file is not sent, from its name and size alone; null when it may be read. */
export function chosenFileError(name: string, bytes: number): string | null {
  if (!/\.csv$/i.test(name.trim())) return '请选择CSV文件（.csv）。Excel表格请先“另存为”“CSV UTF-8（逗号分隔）”格式'
  if (bytes <= 0) return '文件是空的，请选择填写好的CSV文件'
  if (bytes > MAX_STATUS_IMPORT_BYTES) return `文件过大（${formatBytes(bytes)}），${MAX_IMPORT_TEXT}，请拆分后分批导入`
  return null
}

/**
 * Why the file's text is not sent: a file saved in another encoding (Excel's default on a
 * Chinese Windows is GBK) reads as replacement characters, and every name would be refused.
 */
export function fileTextError(text: string): string | null {
  if (text.includes('\uFFFD')) return '文件不是UTF-8编码，请在Excel中“另存为”“CSV UTF-8（逗号分隔）”格式后重新选择'
  if (!text.replace(/^\uFEFF/, '').trim()) return '文件是空的，请选择填写好的CSV文件'
  return null
}

/** The file's name as the official function takes it: at most 120 characters, still ending .csv. */
export function requestFileName(name: string): string {
  const trimmed = name.trim()
  return trimmed.length <= FILE_NAME_MAX ? trimmed : `${trimmed.slice(0, FILE_NAME_MAX - 4)}.csv`
}

/**
 * A valid file is one proposal (two-person rule): nothing has changed yet.
 * 文件已提交：共 N 行，其中 M 人状态将变更，待另一名工作人员复核 — or, when no line changes anyone, says so.
 */
export function importedText(result: { rows: number; changed: number }): string {
  if (result.changed === 0) return `文件已核对：共 ${result.rows} 行，没有人的状态需要变更`
  return `文件已提交：共 ${result.rows} 行，其中 ${result.changed} 人状态将变更，待另一名工作人员复核`
}

export const REFUSED_TEXT = '文件未导入，请修改后重新上传'

/** 文件共 N 行数据，发现 K 处问题 */
export function refusedSummary(result: Extract<StatusImportResult, { applied: false }>): string {
  return `文件共 ${result.rows} 行数据，发现 ${result.problems.length} 处问题`
}

export interface ProblemRow {
  key: string
  /** 第3行, or 整个文件 for a problem of the file itself. */
  where: string
  field: string
  problem: string
}

/** Every problem in file order (whole-file problems first), each where, which column and what. */
export function problemRows(problems: ImportProblem[]): ProblemRow[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line - b.p.line) || (a.i - b.i))
    .map(({ p, i }) => ({
      key: `${p.line}-${i}`,
      where: p.line > 0 ? `第${p.line}行` : '整个文件',
      field: p.field,
      problem: p.problem
    }))
}

/** A long list is shown in part first, so a phone does not stall drawing thousands of lines. */
export const PROBLEMS_SHOWN_FIRST = 200

/** A file the official chose (csv-file.ts per platform); its text is read only after its name and size pass. */
export interface ChosenCsv {
  name: string
  size: number
  read(): Promise<string>
}
