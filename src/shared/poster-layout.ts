/**
 * The printable 场所码 card, as a list of drawing operations: what text goes where, how it
 * wraps and how big the QR modules are. Plain TypeScript with no Taro import, so the same
 * layout is drawn by the browser (HTML canvas) and the mini-programs (offscreen canvas) and
 * tested directly. Sizes are canvas pixels of the saved image.
 */

export interface PosterContent {
  title: string
  subtitle: string
  venueName: string
  fullAddress: string
  checkpointName: string
  noticeTitle: string
  noticeText: string
}

/** Width in pixels of `text` drawn at `size` px (bold or not); the canvas that draws measures. */
export type MeasureText = (text: string, size: number, bold: boolean) => number

export type PosterOp =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string }
  /** `y` is the top of the line box; `x` is the left edge, or the centre when align is 'center'. */
  | { kind: 'text'; text: string; x: number; y: number; size: number; bold: boolean; color: string; align: 'left' | 'center' }
  /** `modules[row][col]` dark or light, each module `moduleSize` whole pixels, quiet zone included. */
  | { kind: 'qr'; x: number; y: number; moduleSize: number; modules: boolean[][]; quietZone: number }

export interface PosterLayout { width: number; height: number; ops: PosterOp[] }

/** Print resolution: 1200 px across is a 10 cm wide card at 300 dpi. */
export const POSTER_WIDTH = 1200
const MARGIN = 80
/** The QR (with its quiet zone) gets about this many pixels; the module size is rounded down. */
const QR_TARGET = 760
/** The QR standard asks for a light border of four modules around the code. */
export const QR_QUIET_MODULES = 4
const LINE_HEIGHT = 1.45

export const POSTER_COLORS = { background: '#1677ff', onBackground: '#ffffff', card: '#ffffff', text: '#1f2329', warning: '#d4380d', dark: '#000000' }

/** Characters that must not start a line (Chinese typesetting: 行首禁则). */
const NO_LINE_START = '，。、；：！？）》」』”’,.;:!?)'

/**
 * Breaks `text` into lines no wider than `maxWidth`. Chinese text breaks between any two
 * characters; a run of Latin letters or digits stays whole when it fits on a line; closing
 * punctuation is pulled back onto the previous line.
 */
export function wrapText(text: string, maxWidth: number, measure: MeasureText, size: number, bold = false): string[] {
  const tokens = text.match(/[A-Za-z0-9\-_./]+|\s+|./gu) ?? []
  const lines: string[] = []
  let line = ''
  const fits = (s: string) => measure(s, size, bold) <= maxWidth
  for (const token of tokens) {
    if (fits(line + token)) { line += token; continue }
    if (NO_LINE_START.includes(token) && line.length > 1) {
      // Carry the last character down with the punctuation rather than start a line with it.
      lines.push(line.slice(0, -1))
      line = line.slice(-1) + token
      continue
    }
    if (line.trim()) lines.push(line.trimEnd())
    line = token.trimStart()
    // A single token wider than the line (a very long number): break it by characters.
    while (line && !fits(line)) {
      let cut = line.length - 1
      while (cut > 1 && !fits(line.slice(0, cut))) cut--
      lines.push(line.slice(0, cut))
      line = line.slice(cut)
    }
  }
  if (line.trim()) lines.push(line.trimEnd())
  return lines
}

/** Lays out the whole card: blue ground, title, QR on white, venue, address, checkpoint, notice. */
export function layoutPoster(content: PosterContent, modules: boolean[][], measure: MeasureText): PosterLayout {
  const width = POSTER_WIDTH
  const inner = width - 2 * MARGIN
  const ops: PosterOp[] = []
  let y = MARGIN

  const centred = (text: string, size: number, bold: boolean, color: string, gapAfter: number) => {
    for (const line of wrapText(text, inner, measure, size, bold)) {
      ops.push({ kind: 'text', text: line, x: width / 2, y, size, bold, color, align: 'center' })
      y += Math.round(size * LINE_HEIGHT)
    }
    y += gapAfter
  }

  centred(content.title, 120, true, POSTER_COLORS.onBackground, 8)
  centred(content.subtitle, 48, false, POSTER_COLORS.onBackground, 48)

  const count = modules.length + 2 * QR_QUIET_MODULES
  const moduleSize = Math.max(1, Math.floor(QR_TARGET / count))
  const qrSize = moduleSize * count
  const qrX = Math.round((width - qrSize) / 2)
  ops.push({ kind: 'rect', x: qrX, y, w: qrSize, h: qrSize, color: POSTER_COLORS.card })
  ops.push({ kind: 'qr', x: qrX, y, moduleSize, modules, quietZone: QR_QUIET_MODULES })
  y += qrSize + 48

  centred(content.venueName, 72, true, POSTER_COLORS.onBackground, 8)
  centred(content.fullAddress, 44, false, POSTER_COLORS.onBackground, 4)
  centred(content.checkpointName, 40, false, POSTER_COLORS.onBackground, 48)

  // The anti-fraud notice on a white panel, dark text, left-aligned for reading.
  const pad = 40
  const textWidth = inner - 2 * pad
  const noticeLines = wrapText(content.noticeText, textWidth, measure, 40)
  const titleStep = Math.round(48 * LINE_HEIGHT)
  const lineStep = Math.round(40 * LINE_HEIGHT)
  const panelHeight = pad + titleStep + 8 + noticeLines.length * lineStep + pad
  ops.push({ kind: 'rect', x: MARGIN, y, w: inner, h: panelHeight, color: POSTER_COLORS.card })
  let ty = y + pad
  ops.push({ kind: 'text', text: content.noticeTitle, x: MARGIN + pad, y: ty, size: 48, bold: true, color: POSTER_COLORS.warning, align: 'left' })
  ty += titleStep + 8
  for (const line of noticeLines) {
    ops.push({ kind: 'text', text: line, x: MARGIN + pad, y: ty, size: 40, bold: false, color: POSTER_COLORS.text, align: 'left' })
    ty += lineStep
  }
  y += panelHeight + MARGIN

  ops.unshift({ kind: 'rect', x: 0, y: 0, w: width, h: y, color: POSTER_COLORS.background })
  return { width, height: y, ops }
}

/**
 * The small part of a 2D canvas the poster needs. The browser's CanvasRenderingContext2D and
 * the mini-programs' 2D canvas context both have it, so one painter serves every platform.
 */
export interface Poster2D {
  fillStyle: unknown
  font: string
  textAlign: string
  textBaseline: string
  fillRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  measureText(text: string): { width: number }
}

export const POSTER_FONT_FAMILY = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif'

function fontOf(size: number, bold: boolean): string {
  return `${bold ? 'bold ' : ''}${size}px ${POSTER_FONT_FAMILY}`
}

/** A MeasureText backed by a canvas context. */
export function canvasMeasure(ctx: Poster2D): MeasureText {
  return (text, size, bold) => {
    ctx.font = fontOf(size, bold)
    return ctx.measureText(text).width
  }
}

/** Draws a laid-out poster onto a canvas of layout.width × layout.height pixels. */
export function paintPoster(layout: PosterLayout, ctx: Poster2D): void {
  for (const op of layout.ops) {
    if (op.kind === 'rect') {
      ctx.fillStyle = op.color
      ctx.fillRect(op.x, op.y, op.w, op.h)
    } else if (op.kind === 'text') {
      ctx.fillStyle = op.color
      ctx.font = fontOf(op.size, op.bold)
      ctx.textAlign = op.align
      ctx.textBaseline = 'top'
      ctx.fillText(op.text, op.x, op.y)
    } else {
      ctx.fillStyle = POSTER_COLORS.dark
      const origin = op.quietZone * op.moduleSize
      op.modules.forEach((row, r) => row.forEach((dark, c) => {
        if (dark) ctx.fillRect(op.x + origin + c * op.moduleSize, op.y + origin + r * op.moduleSize, op.moduleSize, op.moduleSize)
      }))
    }
  }
}
