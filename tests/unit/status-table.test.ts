/**
 * The README's HTTP status table is the one a client developer reads: every error code must be in
 * it, with the status server/http/status.ts really answers. A code added to src/shared/errors.ts
 * fails here until the README says which status it gets.
 */
import { readFileSync } from 'fs'
import path from 'path'
import { ERRORS, type ErrorCode } from '../../src/shared/errors'
import { httpStatusOf } from '../../server/http/status'

const HEADER = '| 情形 | `code` | HTTP 状态 |'

interface Row { situation: string; codes: string[]; status: number; line: number }

/** The rows of the table that starts with HEADER: codes in backticks, `—` for success. */
function statusTable(markdown: string): Row[] {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => l.trim() === HEADER)
  if (start < 0) throw new Error(`README.md has no table headed ${HEADER}`)
  const rows: Row[] = []
  // Past the header and its | --- | line, to the first line that is not a table row.
  for (let i = start + 2; i < lines.length && lines[i].trim().startsWith('|'); i++) {
    const cells = lines[i].trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim())
    if (cells.length !== 3) throw new Error(`README.md line ${i + 1}: expected 3 cells, found ${cells.length}`)
    const codes = [...cells[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1])
    if (!codes.length && cells[1] !== '—') throw new Error(`README.md line ${i + 1}: name the codes in backticks, not "${cells[1]}"`)
    if (!/^\d{3}$/.test(cells[2])) throw new Error(`README.md line ${i + 1}: "${cells[2]}" is not an HTTP status`)
    rows.push({ situation: cells[0], codes, status: Number(cells[2]), line: i + 1 })
  }
  return rows
}

describe('the README status table', () => {
  let rows: Row[]
  let listed: Array<{ code: string; status: number; line: number }>
  // Parsed in a hook, so a malformed row is a failed test that names its line.
  beforeAll(() => {
    rows = statusTable(readFileSync(path.join(__dirname, '../../README.md'), 'utf8'))
    listed = rows.flatMap((r) => r.codes.map((code) => ({ code, status: r.status, line: r.line })))
  })

  it('lists every error code once', () => {
    const missing = (Object.keys(ERRORS) as ErrorCode[]).filter((code) => !listed.some((l) => l.code === code))
    expect(missing).toEqual([])
    const twice = listed.filter((l, i) => listed.findIndex((m) => m.code === l.code) !== i).map((l) => l.code)
    expect(twice).toEqual([])
    const unknown = listed.filter((l) => !(l.code in ERRORS)).map((l) => l.code)
    expect(unknown).toEqual([])
  })

  it('gives each code the status the gateway answers', () => {
    const wrong = listed.filter((l) => httpStatusOf({ ok: false, code: l.code }) !== l.status)
      .map((l) => `${l.code}: README line ${l.line} says ${l.status}, status.ts answers ${httpStatusOf({ ok: false, code: l.code })}`)
    expect(wrong).toEqual([])
    const success = rows.filter((r) => !r.codes.length)
    expect(success.map((r) => r.status)).toEqual([httpStatusOf({ ok: true })])
  })
})
