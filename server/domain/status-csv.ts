import { parse, type CsvError } from 'csv-parse/sync'
import { STATUS_IMPORT_COLUMNS, type HealthStatus, type ImportProblem } from '../../src/shared/api'
import { checkIdCard, checkPersonName, checkText, normalizeIdCard } from '../../src/shared/validators'

/**
 * A status file read and checked line by line, without the database: every problem of every
 * line is collected, so an official fixes the file once. Pure, so it is tested on its own.
 */

/** A change of status needs a reason the person will read in their history and access log. */
export function statusReasonError(raw: string): string | null {
  return checkText(raw, '变更原因', 2, 200)
}

const STATUS_WORDS: Record<string, HealthStatus> = {
  绿码: 'green', 绿: 'green', 黄码: 'yellow', 黄: 'yellow', 红码: 'red', 红: 'red'
}

/** 绿码/黄码/红码 (or 绿/黄/红) as typed in a spreadsheet; null for anything else. */
export function statusOfLabel(raw: string): HealthStatus | null {
  return STATUS_WORDS[raw.trim()] ?? null
}

/**
 * A line with a valid ID number seen for the first time in the file: the database checks (name
 * on record, region) run on it even when another of its cells is wrong, so the report is whole.
 */
export interface StatusLine {
  line: number
  idCard: string
  /** Null when the name itself is invalid (already reported). */
  name: string | null
  /** Null when the cell is invalid (already reported). */
  status: HealthStatus | null
  reason: string
}

export interface ParsedStatusFile {
  /** Data lines (records after the header), good or bad. */
  rows: number
  lines: StatusLine[]
  problems: ImportProblem[]
}

const [ID_COL, NAME_COL, STATUS_COL, REASON_COL] = STATUS_IMPORT_COLUMNS
const FILE = '文件'
const HEADER = STATUS_IMPORT_COLUMNS.join(',')

function parseProblem(err: CsvError): string {
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const record = (err as CsvError & { record?: string[] }).record
      if (record && record.length === 1 && record[0] === '') return '空行：请删除这一行'
      return `应有${STATUS_IMPORT_COLUMNS.length}列（${HEADER}），这一行有${record ? record.length : '不同的'}列；内容含英文逗号时请整格加英文双引号`
    }
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_QUOTE_NOT_CLOSED':
      return '引号不成对：含逗号、引号或换行的内容须整格加英文双引号，内容中的双引号须写成两个双引号'
    default:
      return '不是有效的 CSV 格式，请用表格软件另存为“CSV UTF-8（逗号分隔）”后重试'
  }
}

const LINE_BREAK = /\r\n|\r|\n/g
const countMatches = (s: string, re: RegExp) => (s.match(re) ?? []).length

function errorLine(err: CsvError, surplus: number): number {
  return Math.max(1, (typeof err.lines === 'number' ? err.lines : 1) - surplus)
}

type Event = { record: string[]; line: number } | { error: CsvError; line: number }

/** Where each line of the text starts (CRLF, CR or LF ends a line). */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (const m of text.matchAll(LINE_BREAK)) starts.push(m.index! + m[0].length)
  return starts
}

/** The 1-based line holding character `offset`. */
function lineAt(starts: number[], offset: number): number {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid] <= offset) lo = mid
    else hi = mid - 1
  }
  return lo + 1
}

/**
 * The offset of the quote a record left open: scanned from the record's first character, a quote
 * opens a cell, "" inside it is a quote, the next lone quote closes it. csv-parse only reports
 * the end of the file, where it gave up looking for the closing quote.
 */
function openQuoteAt(text: string, from: number): number {
  let open = -1
  for (let i = from; i < text.length; i++) {
    if (text[i] !== '"') continue
    if (open < 0) open = i
    else if (text[i + 1] === '"') i++
    else open = -1
  }
  return open
}

/**
 * Records and parse errors in file order, each with the line it starts on. csv-parse counts a
 * CRLF inside a quoted cell as two lines; that surplus is taken off again here.
 *
 * A quote never closed would swallow the rest of the file into one cell: it is reported on the
 * line where it opened, and the lines after that line are read again on their own, so they are
 * checked (and counted in `rows`) like any other line. `first` is the line `csv` starts on.
 */
function readRecords(csv: string, first = 1): Event[] {
  const events: Event[] = []
  let surplus = 0
  // The line the next record starts on (relative to `csv`).
  let next = 1
  let unclosed: CsvError | null = null
  const failed = (error: CsvError) => {
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') { unclosed = error; return }
    events.push({ error, line: errorLine(error, surplus) + first - 1 })
    next = errorLine(error, surplus) + 1
  }
  try {
    parse(csv, {
      bom: true,
      skip_records_with_error: true,
      on_record: (record: string[], ctx: { lines: number }) => {
        const crlf = record.reduce((n, cell) => n + countMatches(cell, /\r\n/g), 0)
        const breaks = record.reduce((n, cell) => n + countMatches(cell, LINE_BREAK), 0)
        surplus += crlf
        events.push({ record, line: ctx.lines - surplus - breaks + first - 1 })
        next = ctx.lines - surplus + 1
        return record
      },
      // Strict all the same: each bad record is reported and the file refused; skipping it only
      // lets the lines after it be checked too.
      on_skip: (err) => {
        if (err) failed(err)
        return undefined
      }
    })
  } catch (err) {
    failed(err as CsvError)
  }
  if (unclosed) {
    // Always the last record csv-parse saw: the open quote took everything after it.
    const starts = lineStarts(csv)
    const start = starts[Math.min(next, starts.length) - 1]
    const open = openQuoteAt(csv, start)
    const openLine = open < 0 ? lineAt(starts, start) : lineAt(starts, open)
    events.push({ error: unclosed, line: openLine + first - 1 })
    if (openLine < starts.length) events.push(...readRecords(csv.slice(starts[openLine]), first + openLine))
  }
  return events
}

export function parseStatusCsv(csv: string): ParsedStatusFile {
  const events = readRecords(csv)
  const problems: ImportProblem[] = []
  const rows = Math.max(0, events.length - 1)
  const head = events[0]
  if (!head) return { rows: 0, lines: [], problems: [{ line: 1, field: FILE, problem: `文件为空：第一行应为表头 ${HEADER}` }] }
  if (!('record' in head) || head.record.length !== STATUS_IMPORT_COLUMNS.length || head.record.some((h, i) => h !== STATUS_IMPORT_COLUMNS[i])) {
    // Every other line would be misread against a wrong header: that one problem is the report.
    return { rows, lines: [], problems: [{ line: 1, field: FILE, problem: `第一行应为表头 ${HEADER}（顺序一致，不要多余的列或空格）` }] }
  }
  if (!rows) return { rows, lines: [], problems: [{ line: 2, field: FILE, problem: '文件中只有表头，没有数据行' }] }

  const lines: StatusLine[] = []
  const firstLineOf = new Map<string, number>()
  for (const ev of events.slice(1)) {
    const line = ev.line
    if ('error' in ev) {
      problems.push({ line, field: FILE, problem: parseProblem(ev.error) })
      continue
    }
    const [rawId, rawName, rawStatus, rawReason] = ev.record
    const idProblem = checkIdCard(rawId)
    const idCard = normalizeIdCard(rawId)
    let firstSighting = false
    if (idProblem) {
      problems.push({ line, field: ID_COL, problem: idProblem })
    } else {
      const first = firstLineOf.get(idCard)
      if (first !== undefined) problems.push({ line, field: ID_COL, problem: `与第${first}行是同一人：每人在一个文件中只能出现一次` })
      else { firstLineOf.set(idCard, line); firstSighting = true }
    }
    const nameProblem = checkPersonName(rawName)
    if (nameProblem) problems.push({ line, field: NAME_COL, problem: nameProblem })
    const status = statusOfLabel(rawStatus)
    if (!status) problems.push({ line, field: STATUS_COL, problem: '健康码应填写绿码、黄码或红码' })
    const reasonProblem = statusReasonError(rawReason)
    if (reasonProblem) problems.push({ line, field: REASON_COL, problem: reasonProblem })
    if (firstSighting) lines.push({ line, idCard, name: nameProblem ? null : rawName.trim(), status, reason: rawReason.trim() })
  }
  return { rows, lines, problems }
}
