/** Reading PDFs as a printer would: poppler's tools, which a test needs and never skips without. */
import { execFileSync } from 'child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

/** Runs a poppler tool; its absence is a failure with the fix in the message. */
export function poppler(tool: string, args: string[]): Buffer {
  try {
    return execFileSync(tool, args, { maxBuffer: 64 * 1024 * 1024 })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} not found: the poster tests need poppler-utils (apt-get install -y poppler-utils)`)
    }
    throw err
  }
}

/** The first page of a PDF file as a PNG at `dpi` (150: what an office printer's scan gives). */
export function rasterise(pdfPath: string, dpi = 150): Buffer {
  const prefix = pdfPath.replace(/\.pdf$/, '')
  poppler('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', pdfPath, prefix])
  return readFileSync(`${prefix}.png`)
}

/** The same for PDF bytes, e.g. a function's answer or a download. */
export function rasterisePdf(pdf: Buffer, dpi = 150): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'csm-pdf-'))
  try {
    const file = join(dir, 'poster.pdf')
    writeFileSync(file, pdf)
    return rasterise(file, dpi)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The PDF's text as pdftotext reads it, whitespace removed. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'csm-pdf-'))
  try {
    const file = join(dir, 'poster.pdf')
    writeFileSync(file, pdf)
    return poppler('pdftotext', ['-enc', 'UTF-8', file, '-']).toString().replace(/\s+/g, '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
