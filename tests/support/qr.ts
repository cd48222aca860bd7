/** Reading a QR code out of a PNG as a phone camera would: what the poster tests scan with. */
import { PNG } from 'pngjs'
import jsQR, { type QRCode } from 'jsqr'
import { qrMatrix } from '../../src/services/qr-matrix'

/** The first QR code found in the image, with where its corners are; throws if there is none. */
export function decodeQrPng(png: Buffer): QRCode {
  const image = PNG.sync.read(png)
  const result = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)
  if (!result) throw new Error(`no QR code could be decoded from the ${image.width}×${image.height} image`)
  return result
}

/**
 * A QR code of `text` as a square grey image (0 dark, 255 light) with a quiet zone, drawn from
 * the app's own matrix (src/services/qr-matrix.ts): what a poster shows a camera.
 */
export function qrGrey(text: string, cell = 8, quiet = 4): { side: number; grey: Uint8Array } {
  const matrix = qrMatrix(text)
  const side = (matrix.length + quiet * 2) * cell
  const grey = new Uint8Array(side * side).fill(255)
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const my = Math.floor(y / cell) - quiet
      const mx = Math.floor(x / cell) - quiet
      if (my >= 0 && mx >= 0 && my < matrix.length && mx < matrix.length && matrix[my][mx]) grey[y * side + x] = 0
    }
  }
  return { side, grey }
}

/** The same as a PNG file's bytes. */
export function qrPng(text: string, cell = 8): Buffer {
  const { side, grey } = qrGrey(text, cell)
  const png = new PNG({ width: side, height: side })
  grey.forEach((v, i) => { png.data[i * 4] = png.data[i * 4 + 1] = png.data[i * 4 + 2] = v; png.data[i * 4 + 3] = 255 })
  return PNG.sync.write(png)
}
