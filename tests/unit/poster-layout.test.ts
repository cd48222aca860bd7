/**
 * The printable card's layout, checked without a canvas: a fake measure gives every character
 * a width of one em (Latin: half), like a CJK font does.
 */
import { PNG } from 'pngjs'
import jsQR from 'jsqr'
import { layoutPoster, paintPoster, POSTER_WIDTH, wrapText, type MeasureText, type Poster2D, type PosterContent } from '../../src/shared/poster-layout'
import { qrMatrix } from '../../src/services/qr-matrix'

const measure: MeasureText = (text, size) => Array.from(text).reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? size / 2 : size), 0)
const URL_TEXT = 'https://csm.example.gov.cn/c?t=CSM1.k1.0f1e2d3c4b5a69788796a5b4c3d2e1f0.0a1b2c3d.1.AbCdEfGhIjKlMnOpQrStUv'
const CONTENT: PosterContent = {
  title: '场所码',
  subtitle: '进出请扫码 · 自动登记',
  venueName: '济南泉城书香文化传播有限公司第一分公司泉城路旗舰店',
  fullAddress: '山东省济南市历下区泉城路街道 泉城路188号',
  checkpointName: '主入口',
  noticeTitle: '温馨提示',
  noticeText: '扫描“场所码”后，无需填写任何个人信息。凡扫码后要求填写姓名、身份证号、手机号等信息的，均非官方场所码，请勿填写，谨防不法分子伪造场所码窃取个人信息。'
}

describe('wrapText', () => {
  it('breaks Chinese text between characters to fit the width', () => {
    expect(wrapText('一二三四五六七', 300, measure, 100)).toEqual(['一二三', '四五六', '七'])
  })
  it('never starts a line with closing punctuation', () => {
    const lines = wrapText('一二三，四五', 300, measure, 100)
    expect(lines).toEqual(['一二', '三，四', '五'])
    for (const l of lines) expect('，。、'.includes(l[0])).toBe(false)
  })
  it('keeps a house number whole when it fits', () => {
    expect(wrapText('泉城路188号', 400, measure, 100)).toEqual(['泉城路', '188号'])
  })
  it('every line fits', () => {
    for (const line of wrapText(CONTENT.noticeText, 880, measure, 40)) expect(measure(line, 40, false)).toBeLessThanOrEqual(880)
  })
})

describe('layoutPoster', () => {
  const modules = qrMatrix(URL_TEXT)
  const layout = layoutPoster(CONTENT, modules, measure)
  const texts = layout.ops.flatMap((op) => (op.kind === 'text' ? [op] : []))
  const allText = texts.map((t) => t.text).join('')

  it('is print resolution', () => {
    expect(layout.width).toBe(POSTER_WIDTH)
    expect(layout.width).toBeGreaterThanOrEqual(1080)
  })

  it('carries title, venue name, full address, checkpoint and the whole anti-fraud notice', () => {
    for (const part of [CONTENT.title, CONTENT.subtitle, CONTENT.venueName, CONTENT.fullAddress.replace(' ', ''), CONTENT.checkpointName, CONTENT.noticeTitle, CONTENT.noticeText]) {
      expect(allText.replace(/ /g, '')).toContain(part.replace(/ /g, ''))
    }
  })

  it('puts the title above the QR, the venue below it, the notice last', () => {
    const qr = layout.ops.find((op) => op.kind === 'qr')!
    const top = (text: string) => texts.find((t) => t.text.includes(text))!.y
    expect(top('场所码')).toBeLessThan(qr.y)
    expect(top('济南泉城书香')).toBeGreaterThan(qr.y)
    expect(top('温馨提示')).toBeGreaterThan(top('主入口'))
  })

  it('keeps every text inside the card and every line within its width', () => {
    for (const t of texts) {
      const w = measure(t.text, t.size, t.bold)
      const left = t.align === 'center' ? t.x - w / 2 : t.x
      expect(left).toBeGreaterThanOrEqual(80)
      expect(left + w).toBeLessThanOrEqual(layout.width - 80)
      expect(t.y + t.size).toBeLessThanOrEqual(layout.height)
    }
  })

  it('draws QR modules as whole pixels with a four-module quiet zone', () => {
    const qr = layout.ops.find((op) => op.kind === 'qr')!
    if (qr.kind !== 'qr') throw new Error('no qr')
    expect(Number.isInteger(qr.moduleSize)).toBe(true)
    expect(Number.isInteger(qr.x)).toBe(true)
    expect(qr.moduleSize).toBeGreaterThanOrEqual(10)
    expect(qr.quietZone).toBe(4)
  })

  it('painted, its QR decodes to the exact link', () => {
    // A tiny raster canvas: enough of Poster2D to paint rectangles (text is skipped).
    const png = new PNG({ width: layout.width, height: layout.height })
    let colour = [0, 0, 0]
    const ctx: Poster2D = {
      set fillStyle(c: unknown) { const h = String(c).slice(1); colour = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) },
      get fillStyle() { return '' },
      font: '', textAlign: '', textBaseline: '',
      fillRect(x, y, w, h) {
        for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) {
          const i = (yy * layout.width + xx) * 4
          png.data[i] = colour[0]; png.data[i + 1] = colour[1]; png.data[i + 2] = colour[2]; png.data[i + 3] = 255
        }
      },
      fillText() {},
      measureText: (t) => ({ width: measure(t, 40, false) })
    }
    paintPoster(layout, ctx)
    const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    expect(found?.data).toBe(URL_TEXT)
  })
})
