// weapp-qrcode@1.0.0 ships no types; this covers the options we pass (see its dist/*.esm.js).
declare module 'weapp-qrcode' {
  interface DrawQrcodeOptions {
    width?: number
    height?: number
    x?: number
    y?: number
    text: string
    /** -1 picks the smallest version that fits. */
    typeNumber?: number
    /** QRErrorCorrectLevel: L = 1, M = 0, Q = 3, H = 2. */
    correctLevel?: number
    background?: string
    foreground?: string
    canvasId?: string
    ctx?: unknown
    _this?: unknown
    image?: { imageResource: string; dx: number; dy: number; dWidth: number; dHeight: number }
    callback?: (res: unknown) => void
  }
  export default function drawQrcode(options: DrawQrcodeOptions): void
}
