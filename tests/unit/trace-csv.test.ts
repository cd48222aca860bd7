/** The 流调 export's CSV cells: read back exactly, and never a formula in a spreadsheet. */
import { fc, test } from '@fast-check/jest'
import { parse } from 'csv-parse/sync'
import { csvCell, csvLine, UTF8_BOM } from '../../server/domain/trace-csv'

const DANGEROUS = ['=', '+', '-', '@', '\t', '\r', '\n']

/** What a cell must read as after a round trip: itself, with `'` before a dangerous start. */
const neutralised = (cell: string) => (cell.length && DANGEROUS.includes(cell[0]) ? `'${cell}` : cell)

const parseLine = (line: string): string[][] => parse(line, { bom: true, relax_column_count: false })

// Strings an attacker would write: formulas, DDE payloads, quotes and separators in odd places.
const formulaish = fc.tuple(
  fc.constantFrom(...DANGEROUS, '"', "'", ',', ' ='),
  fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '"', ',', '\r', '\n', '\t', 'A', '1', '中', '(', ')', '!', '|', "'", ' ') })
).map(([head, tail]) => head + tail)
const cell = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), formulaish, fc.constantFrom('', '=cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '-2+3', '+86 138', '\t=1', '"=1"'))

test.prop([fc.array(cell, { minLength: 1, maxLength: 14 })], { numRuns: 500 })(
  'a line reads back as its cells, neutralised exactly where they start dangerously', (cells) => {
    const rows = parseLine(csvLine(cells))
    expect(rows).toEqual([cells.map(neutralised)])
    for (const parsed of rows[0]) expect(DANGEROUS.includes(parsed[0])).toBe(false)
  })

test.prop([fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 })])(
  'a whole file of lines, after a BOM, reads back line by line', (lines) => {
    const rows = parseLine(UTF8_BOM + lines.map(csvLine).join(''))
    expect(rows).toEqual(lines.map((l) => l.map(neutralised)))
  })

describe('examples', () => {
  it('quotes every cell and doubles embedded quotes', () => {
    expect(csvCell('泉城广场')).toBe('"泉城广场"')
    expect(csvCell('')).toBe('""')
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"')
    expect(csvLine(['a', 'b,c', '1'])).toBe('"a","b,c","1"\r\n')
  })

  it('neutralises formula starts, and only at the start', () => {
    expect(csvCell('=HYPERLINK("http://x.example","点我")')).toBe('"\'=HYPERLINK(""http://x.example"",""点我"")"')
    expect(csvCell('+1')).toBe('"\'+1"')
    expect(csvCell('-1')).toBe('"\'-1"')
    expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"')
    expect(csvCell('\t=1')).toBe('"\'\t=1"')
    expect(csvCell('\r\n=1')).toBe('"\'\r\n=1"')
    expect(csvCell('a=1')).toBe('"a=1"')
    expect(csvCell('2026-03-10 08:00')).toBe('"2026-03-10 08:00"')
    expect(csvCell(" '=1")).toBe('" \'=1"')
  })
})
