/**
 * CSV for the health office, opened in Excel or WPS by people who did not write it. A cell that
 * begins like a formula would run as one there (CSV injection), so every cell is neutralised as
 * OWASP advises (DESIGN §6): quoted, embedded quotes doubled, and a leading `'` before any cell
 * that starts with =, +, -, @, tab, CR or LF, which the spreadsheet shows as text.
 */

/** Characters a spreadsheet reads as the start of a formula (or that hide one after them). */
const DANGEROUS_FIRST = new Set(['=', '+', '-', '@', '\t', '\r', '\n'])

/** Excel takes a file without a BOM for the local code page and garbles Chinese. */
export const UTF8_BOM = '\uFEFF'

export function csvCell(value: string): string {
  const text = value.length && DANGEROUS_FIRST.has(value[0]) ? `'${value}` : value
  return `"${text.replace(/"/g, '""')}"`
}

/** One record, CRLF-terminated as RFC 4180 writes it. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n'
}
