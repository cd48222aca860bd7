/** Reading a QR code out of a PNG as a phone camera would: what the poster tests scan with. */
import { PNG } from 'pngjs'
import jsQR, { type QRCode } from 'jsqr'

/** The first QR code found in the image, with where its corners are; throws if there is none. */
export function decodeQrPng(png: Buffer): QRCode {
  const image = PNG.sync.read(png)
  const result = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)
  if (!result) throw new Error(`no QR code could be decoded from the ${image.width}×${image.height} image`)
  return result
}
