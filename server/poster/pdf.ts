/**
 * The printable A4 场所码 poster as a one-page PDF: a blue title band, the QR code large enough
 * to scan from a metre away, the venue, checkpoint and address, how to scan, the anti-fraud
 * notice and the date it was printed. The words come from the same module as the on-screen
 * card; the layout is a list of PosterOps like the card's, in PDF points, so it can be checked
 * without drawing.
 */
import { existsSync } from 'fs'
import { createRequire } from 'module'
import { join } from 'path'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { POSTER_COLORS, QR_QUIET_MODULES, wrapText, type MeasureText, type PosterOp } from '../../src/shared/poster-layout'
import { NOTICE_TEXT, NOTICE_TITLE, POSTER_SUBTITLE, POSTER_TITLE } from '../../src/shared/poster-text'
import FONT from './font.json'

export interface PosterPdfInput {
  venueName: string
  checkpointName: string
  fullAddress: string
  /** The https link to encode in the QR code. */
  codeUrl: string
  /** 'YYYY-MM-DD' (China date), printed as 打印日期 2026年11月21日. */
  printedOn: string
}

export const SCAN_HINT = '请使用微信或支付宝扫一扫'

/** A4 portrait in PDF points, as pdfkit sizes it. */
export const A4 = { width: 595.28, height: 841.89 } as const
const CM = 72 / 2.54
/** Side of the code itself (quiet zone not counted) that scans from about a metre away. */
export const MIN_QR_CODE_SIDE = 11 * CM
/** Larger modules stop helping once the code fills the middle of the page. */
const MAX_QR_CODE_SIDE = 13.5 * CM
/** Office printers cannot print to the edge: everything, the band too, stays inside a frame. */
export const FRAME_INSET = 24
const FRAME_LINE = 2
/** Text inside the frame keeps this much further in. */
export const TEXT_INSET = FRAME_INSET + 26
/** Noto Sans SC's ascender + descender: pdfkit's line box is 1.448 em. */
const LINE_HEIGHT = 1.45
/** Shrinking the text is tried, in these steps, before the QR code goes below its minimum size. */
const TEXT_SCALES = [1, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6]

const COLORS = {
  ...POSTER_COLORS,
  muted: '#646a73',
  faint: '#8f959e',
  noticeFill: '#fff7e6',
  noticeBorder: '#ffd591'
}

export interface PosterPdfLayout {
  width: number
  height: number
  ops: PosterOp[]
  /** The QR square, quiet zone included, in points from the top left of the page. */
  qr: { x: number; y: number; side: number; moduleSize: number; modules: number; codeSide: number }
  /** How much the body text was shrunk to leave the QR code its minimum size (1: not at all). */
  textScale: number
}

/**
 * The one TTF the poster is set in. Next to a cloud function's bundle the build puts a copy in
 * `fonts/` (the function is uploaded without the 90 MB font package); from source the package
 * in node_modules has it.
 */
export function posterFontPath(): string {
  const beside = join(__dirname, FONT.dir, FONT.file)
  return existsSync(beside) ? beside : createRequire(__filename).resolve(FONT.package)
}

function newDocument(info?: PDFKit.DocumentInfo): PDFKit.PDFDocument {
  // Starting in our own font keeps pdfkit from loading its standard Helvetica metrics at all.
  return new PDFDocument({ size: 'A4', margin: 0, font: posterFontPath(), autoFirstPage: false, info })
}

function documentMeasure(doc: PDFKit.PDFDocument): MeasureText {
  return (text, size) => doc.fontSize(size).widthOfString(text)
}

/** Widths as the PDF will set them; for laying out without rendering. */
export function posterPdfMeasure(): MeasureText {
  return documentMeasure(newDocument())
}

export function qrModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  return Array.from({ length: modules.size }, (_, r) => Array.from({ length: modules.size }, (_, c) => modules.get(r, c) === 1))
}

/** '2026-01-05' → '2026年1月5日', as dates are written on notices. */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
  if (!m) throw new Error(`printedOn must be YYYY-MM-DD, got ${JSON.stringify(isoDate)}`)
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
}

interface TextBlock { lines: string[]; size: number; bold: boolean; color: string; gapBefore: number }

/**
 * Lays out the page. The band sits at the top and the notice and date at the bottom; the QR
 * code and the venue's lines share the middle. The QR modules are whole points (a fractional
 * module rasterises into uneven stripes that scanners misread); they grow until the middle is
 * full, and when long names leave too little room for an 11 cm code the text shrinks instead.
 */
export function posterPdfLayout(input: PosterPdfInput, measure: MeasureText = posterPdfMeasure()): PosterPdfLayout {
  const matrix = qrModules(input.codeUrl)
  const minModule = Math.ceil(MIN_QR_CODE_SIDE / matrix.length)
  for (const scale of TEXT_SCALES) {
    const layout = layoutAt(input, matrix, scale, minModule, measure)
    if (layout) return layout
  }
  throw new Error('场所名称或地址过长，海报一页放不下')
}

/** The page with the text at `scale`, or null if that leaves the code less than `minModule`. */
function layoutAt(input: PosterPdfInput, matrix: boolean[][], scale: number, minModule: number, measure: MeasureText): PosterPdfLayout | null {
  const { width, height } = A4
  const count = matrix.length + 2 * QR_QUIET_MODULES
  const textWidth = width - 2 * TEXT_INSET
  const centreX = width / 2
  const ops: PosterOp[] = []
  const text = (line: string, x: number, y: number, size: number, bold: boolean, color: string, align: 'left' | 'center') =>
    ops.push({ kind: 'text', text: line, x, y, size, bold, color, align })

  // Frame: a blue rectangle with a white inside, so the border is one colour with the band.
  const inner = { x: FRAME_INSET + FRAME_LINE, y: FRAME_INSET + FRAME_LINE, w: width - 2 * (FRAME_INSET + FRAME_LINE), h: height - 2 * (FRAME_INSET + FRAME_LINE) }
  ops.push({ kind: 'rect', x: FRAME_INSET, y: FRAME_INSET, w: width - 2 * FRAME_INSET, h: height - 2 * FRAME_INSET, color: COLORS.background })
  ops.push({ kind: 'rect', ...inner, color: COLORS.card })

  // The band: title and subtitle, white on blue.
  const titleSize = 56
  const subtitleSize = 20
  const titleY = inner.y + 6
  const subtitleY = titleY + titleSize * LINE_HEIGHT
  const middleTop = subtitleY + subtitleSize * LINE_HEIGHT + 10
  ops.push({ kind: 'rect', x: inner.x, y: inner.y, w: inner.w, h: middleTop - inner.y, color: COLORS.background })
  text(POSTER_TITLE, centreX, titleY, titleSize, true, COLORS.onBackground, 'center')
  text(POSTER_SUBTITLE, centreX, subtitleY, subtitleSize, false, COLORS.onBackground, 'center')

  // Bottom up: the printed date, then the notice panel above it.
  const dateSize = 10 * Math.max(scale, 0.9)
  const dateY = inner.y + inner.h - 14 - dateSize * LINE_HEIGHT
  text(`打印日期 ${chineseDate(input.printedOn)}`, centreX, dateY, dateSize, false, COLORS.faint, 'center')

  const pad = 14
  const noticeTitleSize = 15 * scale
  const noticeSize = 11.5 * scale
  const noticeLines = wrapText(NOTICE_TEXT, textWidth - 2 * pad, measure, noticeSize)
  const noticeTitleStep = noticeTitleSize * LINE_HEIGHT
  const noticeStep = noticeSize * 1.6
  const noticeHeight = pad + noticeTitleStep + 2 + (noticeLines.length - 1) * noticeStep + noticeSize * LINE_HEIGHT + pad
  const noticeTop = dateY - 10 - noticeHeight
  ops.push({ kind: 'rect', x: TEXT_INSET, y: noticeTop, w: textWidth, h: noticeHeight, color: COLORS.noticeBorder })
  ops.push({ kind: 'rect', x: TEXT_INSET + 1, y: noticeTop + 1, w: textWidth - 2, h: noticeHeight - 2, color: COLORS.noticeFill })
  let ny = noticeTop + pad
  text(NOTICE_TITLE, TEXT_INSET + pad, ny, noticeTitleSize, true, COLORS.warning, 'left')
  ny += noticeTitleStep + 2
  for (const line of noticeLines) {
    text(line, TEXT_INSET + pad, ny, noticeSize, false, COLORS.text, 'left')
    ny += noticeStep
  }

  // The middle: QR code, how to scan, venue, checkpoint, address.
  const blocks: TextBlock[] = [
    { lines: [SCAN_HINT], size: 15 * Math.max(scale, 0.85), bold: false, color: COLORS.muted, gapBefore: 0 },
    { lines: wrapText(input.venueName, textWidth, measure, 26 * scale, true), size: 26 * scale, bold: true, color: COLORS.text, gapBefore: 14 },
    { lines: wrapText(`检测点：${input.checkpointName}`, textWidth, measure, 18 * scale), size: 18 * scale, bold: false, color: COLORS.background, gapBefore: 4 },
    { lines: wrapText(input.fullAddress, textWidth, measure, 13 * scale), size: 13 * scale, bold: false, color: COLORS.muted, gapBefore: 6 }
  ]
  const textHeight = blocks.reduce((sum, b) => sum + b.gapBefore + b.lines.length * b.size * LINE_HEIGHT, 0)
  const middleRoom = noticeTop - 14 - middleTop
  const maxModule = Math.floor(MAX_QR_CODE_SIDE / matrix.length)
  const moduleSize = Math.min(maxModule, Math.floor((middleRoom - textHeight) / count), Math.floor(textWidth / count))
  if (moduleSize < minModule) return null
  const side = moduleSize * count
  // What the middle does not need is shared above and below it, so the page does not sag.
  let my = middleTop + Math.max(0, (middleRoom - side - textHeight) / 2)
  // A whole-point origin puts every module edge on a whole point too.
  const qrX = Math.round((width - side) / 2)
  const qrY = Math.round(my)
  ops.push({ kind: 'qr', x: qrX, y: qrY, moduleSize, modules: matrix, quietZone: QR_QUIET_MODULES })
  my = qrY + side
  for (const block of blocks) {
    my += block.gapBefore
    for (const line of block.lines) {
      text(line, centreX, my, block.size, block.bold, block.color, 'center')
      my += block.size * LINE_HEIGHT
    }
  }

  return {
    width,
    height,
    ops,
    qr: { x: qrX, y: qrY, side, moduleSize, modules: matrix.length, codeSide: moduleSize * matrix.length },
    textScale: scale
  }
}

/** pdfkit has one weight here: bold is the regular glyphs filled and outlined. */
const FAKE_BOLD_STROKE = 0.035

function paint(doc: PDFKit.PDFDocument, layout: PosterPdfLayout, measure: MeasureText): void {
  for (const op of layout.ops) {
    if (op.kind === 'rect') {
      doc.rect(op.x, op.y, op.w, op.h).fill(op.color)
    } else if (op.kind === 'text') {
      const x = op.align === 'center' ? op.x - measure(op.text, op.size, op.bold) / 2 : op.x
      doc.fontSize(op.size).fillColor(op.color)
      if (op.bold) doc.strokeColor(op.color).lineWidth(op.size * FAKE_BOLD_STROKE)
      doc.text(op.text, x, op.y, { lineBreak: false, fill: true, stroke: op.bold })
    } else {
      // One rectangle per run of dark modules in a row: fewer paths, and no hairline seams
      // between neighbouring modules in viewers that anti-alias each rectangle's edges.
      const origin = op.quietZone * op.moduleSize
      op.modules.forEach((row, r) => {
        for (let c = 0; c < row.length; c++) {
          if (!row[c]) continue
          const start = c
          while (c + 1 < row.length && row[c + 1]) c++
          doc.rect(op.x + origin + start * op.moduleSize, op.y + origin + r * op.moduleSize, (c - start + 1) * op.moduleSize, op.moduleSize)
        }
      })
      doc.fill(COLORS.dark)
    }
  }
}

export async function renderPosterPdf(input: PosterPdfInput): Promise<Buffer> {
  const doc = newDocument({ Title: `${POSTER_TITLE} - ${input.venueName} ${input.checkpointName}`, Creator: POSTER_TITLE, Producer: POSTER_TITLE })
  const measure = documentMeasure(doc)
  const layout = posterPdfLayout(input, measure)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.addPage({ size: 'A4', margin: 0 })
  paint(doc, layout, measure)
  doc.end()
  return done
}
