/**
 * The A4 poster PDF as a printer and a phone see it: poppler rasterises and reads it (without
 * poppler the run fails, it never skips), jsqr scans the raster, and the layout is checked for
 * what the eye would catch: text off the page or over the code, a code too small to scan from
 * a metre away.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { NOTICE_TEXT, NOTICE_TITLE, POSTER_SUBTITLE, POSTER_TITLE } from '../../src/shared/poster-text'
import { QR_QUIET_MODULES } from '../../src/shared/poster-layout'
import {
  A4, FRAME_INSET, MIN_QR_CODE_SIDE, SCAN_HINT, TEXT_INSET, chineseDate, posterPdfLayout, posterPdfMeasure, renderPosterPdf,
  type PosterPdfInput, type PosterPdfLayout
} from '../../server/poster/pdf'
import { decodeQrPng } from '../support/qr'
import { poppler, rasterise } from '../support/pdf'

const DPI = 150
const CM = 72 / 2.54
const SCREENSHOT = join(__dirname, '../../test-results/screenshots/poster-a4.png')

// A link the length of a real one (https base, CSM1 token, 22-character signature).
const CODE_URL = 'https://csm.example.gov.cn/c?t=CSM1.k1.a2b3c4d5e6.f7g2h3j4k5.3.AbCdEfGhIjKlMnOpQrStUv'

// 䢺 and 㟃 are in CJK Extension A: real place names that a GB2312 subset of the font would lose.
const INPUT: PosterPdfInput = {
  venueName: '巫溪县䢺滩镇人民政府便民服务中心',
  checkpointName: '南门',
  fullAddress: '重庆市巫溪县䢺滩镇 㟃山村三组滨河路18号',
  codeUrl: CODE_URL,
  printedOn: '2026-11-21'
}

// At the limits the forms allow: a 50-character name, a region plus a 100-character address.
const LONG: PosterPdfInput = {
  venueName: '重庆市巫溪县䢺滩镇人民政府便民服务中心暨党群服务中心新时代文明实践站综合服务大厅东楼一层西侧窗口',
  checkpointName: '东侧停车场入口临时检测点（夜间）',
  fullAddress: '重庆市巫溪县䢺滩镇 㟃山村三组滨河路与新华街交叉口东北角一百二十米处便民服务中心综合楼一层东侧停车场入口原镇供销合作社旧址对面邮政储蓄银行旁边巷子进去第三个门面楼上二楼左转第二间办公室东',
  codeUrl: CODE_URL,
  printedOn: '2026-01-05'
}

const squash = (s: string) => s.replace(/\s+/g, '')

interface Box { x0: number; x1: number; y0: number; y1: number; what: string }

/** Every text line and the QR square as boxes, text measured as the PDF sets it. */
function boxesOf(layout: PosterPdfLayout): Box[] {
  const measure = posterPdfMeasure()
  const boxes: Box[] = []
  for (const op of layout.ops) {
    if (op.kind === 'text') {
      const w = measure(op.text, op.size, op.bold)
      const x0 = op.align === 'center' ? op.x - w / 2 : op.x
      boxes.push({ x0, x1: x0 + w, y0: op.y, y1: op.y + op.size * 1.45, what: op.text })
    } else if (op.kind === 'qr') {
      boxes.push({ x0: layout.qr.x, x1: layout.qr.x + layout.qr.side, y0: layout.qr.y, y1: layout.qr.y + layout.qr.side, what: 'QR' })
    }
  }
  return boxes
}

function expectFitsThePage(layout: PosterPdfLayout) {
  const boxes = boxesOf(layout)
  const epsilon = 0.01
  for (const b of boxes) {
    expect({ what: b.what, inside: b.x0 >= TEXT_INSET - epsilon && b.x1 <= A4.width - TEXT_INSET + epsilon }).toEqual({ what: b.what, inside: true })
    expect({ what: b.what, inside: b.y0 >= FRAME_INSET && b.y1 <= A4.height - FRAME_INSET }).toEqual({ what: b.what, inside: true })
  }
  // No two lines (or a line and the code with its quiet zone) share any area.
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]]
      const overlap = a.x0 < b.x1 - epsilon && b.x0 < a.x1 - epsilon && a.y0 < b.y1 - epsilon && b.y0 < a.y1 - epsilon
      expect({ pair: [a.what, b.what], overlap }).toEqual({ pair: [a.what, b.what], overlap: false })
    }
  }
}

function expectScannableQr(layout: PosterPdfLayout) {
  const { qr } = layout
  expect(Number.isInteger(qr.moduleSize)).toBe(true)
  expect(qr.side).toBe((qr.modules + 2 * QR_QUIET_MODULES) * qr.moduleSize)
  expect(qr.codeSide).toBeGreaterThanOrEqual(MIN_QR_CODE_SIDE)
  expect(MIN_QR_CODE_SIDE).toBeCloseTo(11 * CM, 5)
}

describe('A4 poster PDF', () => {
  let dir: string
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'csm-poster-')) })
  afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

  describe('for a venue', () => {
    let pdfPath: string
    beforeAll(async () => {
      pdfPath = join(dir, 'poster.pdf')
      writeFileSync(pdfPath, await renderPosterPdf(INPUT))
    })

    it('is one A4 portrait page', () => {
      const info = poppler('pdfinfo', [pdfPath]).toString()
      expect(info).toMatch(/^Pages:\s+1$/m)
      expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts/m)
    })

    it('embeds its one font, subset', () => {
      const rows = poppler('pdffonts', [pdfPath]).toString().trim().split('\n').slice(2)
      expect(rows).toHaveLength(1)
      // name type… encoding emb sub uni object ID: the three yes/no columns sit before the id.
      const [emb, sub, uni] = rows[0].trim().split(/\s+/).slice(-5, -2)
      expect(rows[0]).toMatch(/^[A-Z]{6}\+NotoSansSC/)
      expect({ emb, sub, uni }).toEqual({ emb: 'yes', sub: 'yes', uni: 'yes' })
    })

    it('carries every line as text, rare place-name characters too', () => {
      const text = squash(poppler('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']).toString())
      for (const expected of [POSTER_TITLE, POSTER_SUBTITLE, INPUT.venueName, `检测点：${INPUT.checkpointName}`, INPUT.fullAddress,
        SCAN_HINT, NOTICE_TITLE, NOTICE_TEXT, '打印日期2026年11月21日']) {
        expect(text).toContain(squash(expected))
      }
    })

    it('has a QR code that decodes, after rasterising at 150 dpi, to the exact link and is at least 11 cm wide', () => {
      const png = rasterise(pdfPath)
      mkdirSync(join(SCREENSHOT, '..'), { recursive: true })
      copyFileSync(pdfPath.replace(/\.pdf$/, '.png'), SCREENSHOT)
      const found = decodeQrPng(png)
      expect(found.data).toBe(CODE_URL)
      // The corners jsqr found, on paper: what a ruler on the printout would measure.
      const { topLeftCorner: tl, topRightCorner: tr, bottomLeftCorner: bl } = found.location
      const cm = (px: number) => px / DPI * 2.54
      expect(cm(Math.hypot(tr.x - tl.x, tr.y - tl.y))).toBeGreaterThanOrEqual(11 - 0.1)
      expect(cm(Math.hypot(bl.x - tl.x, bl.y - tl.y))).toBeGreaterThanOrEqual(11 - 0.1)
    })

    it('lays the code out in whole-point modules with a four-module quiet zone, clear of every line', () => {
      const layout = posterPdfLayout(INPUT)
      expect(layout.textScale).toBe(1)
      expectScannableQr(layout)
      expectFitsThePage(layout)
    })
  })

  describe('for names and addresses at the longest the forms allow', () => {
    it('wraps them inside the page and still gives the code 11 cm', () => {
      const layout = posterPdfLayout(LONG)
      // The lines each text was broken into, in order: together they are the whole text again.
      const linesOf = (whole: string, bold: boolean) => layout.ops.flatMap((op) =>
        op.kind === 'text' && op.bold === bold && op.text.length > 3 && squash(whole).includes(squash(op.text)) ? [op.text] : [])
      const venueLines = linesOf(LONG.venueName, true)
      const addressLines = linesOf(LONG.fullAddress, false)
      expect(venueLines.length).toBeGreaterThan(1)
      expect(squash(venueLines.join(''))).toBe(squash(LONG.venueName))
      expect(addressLines.length).toBeGreaterThan(1)
      expect(squash(addressLines.join(''))).toBe(squash(LONG.fullAddress))
      expectScannableQr(layout)
      expectFitsThePage(layout)
    })

    it('renders one page whose code still decodes and whose text is all there', async () => {
      const pdfPath = join(dir, 'long.pdf')
      writeFileSync(pdfPath, await renderPosterPdf(LONG))
      expect(poppler('pdfinfo', [pdfPath]).toString()).toMatch(/^Pages:\s+1$/m)
      expect(decodeQrPng(rasterise(pdfPath)).data).toBe(CODE_URL)
      const text = squash(poppler('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']).toString())
      for (const expected of [LONG.venueName, LONG.fullAddress, `检测点：${LONG.checkpointName}`, '打印日期2026年1月5日']) {
        expect(text).toContain(squash(expected))
      }
    })
  })

  it('writes the date as notices do and refuses any other shape', () => {
    expect(chineseDate('2026-11-21')).toBe('2026年11月21日')
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日')
    expect(() => chineseDate('2026/1/5')).toThrow(/YYYY-MM-DD/)
  })
})
