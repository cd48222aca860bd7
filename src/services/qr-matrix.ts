/**
 * The QR module matrix of a text, from weapp-qrcode (the library the code page already draws
 * with). It only draws, so it is handed a recording context: it fills every module once, row
 * by row, in the foreground (dark) or background colour, and the recording is the matrix.
 * The poster then draws each module as a whole number of pixels at any size.
 */
import drawQrcode from 'weapp-qrcode'

/** Level M, as on screen: large modules for a ~100-character link, nothing covers the code. */
export const QR_CORRECT_LEVEL_M = 0
const DARK = '#000000'

export function qrMatrix(text: string): boolean[][] {
  const fills: boolean[] = []
  let style = ''
  const recorder = {
    setFillStyle(s: string) { style = s },
    fillRect() { fills.push(style === DARK) },
    draw(_reserve: boolean, done?: () => void) { done?.() }
  }
  drawQrcode({ ctx: recorder, text, width: 1, height: 1, correctLevel: QR_CORRECT_LEVEL_M, foreground: DARK, background: '#ffffff' })
  const size = Math.round(Math.sqrt(fills.length))
  if (size < 21 || size * size !== fills.length) throw new Error('QR matrix could not be read from weapp-qrcode')
  return Array.from({ length: size }, (_, r) => fills.slice(r * size, (r + 1) * size))
}
