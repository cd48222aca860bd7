/**
 * The venue QR code, drawn with weapp-qrcode on a Taro Canvas (DESIGN §6: createCanvasContext
 * from useReady plus a short tick works on H5 and the mini-programs). A white quiet zone is
 * painted around the modules so phone scanners and jsqr both find the code.
 */
import Taro, { useReady } from '@tarojs/taro'
import { Canvas } from '@tarojs/components'
import { useEffect, useRef } from 'react'
import drawQrcode from 'weapp-qrcode'

export const QR_CANVAS_ID = 'venue-qrcode'
export const QR_SIZE = 256
const QUIET_ZONE = 20

interface Props {
  text: string
  canvasId?: string
  onDrawn?: () => void
}

export default function QrCanvas({ text, canvasId = QR_CANVAS_ID, onDrawn }: Props) {
  const ready = useRef(false)
  const drawnText = useRef('')

  const draw = () => {
    if (!text || drawnText.current === text) return
    try {
      const ctx = Taro.createCanvasContext(canvasId)
      ctx.setFillStyle('#ffffff')
      ctx.fillRect(0, 0, QR_SIZE, QR_SIZE)
      drawQrcode({
        ctx,
        canvasId,
        text,
        width: QR_SIZE - 2 * QUIET_ZONE,
        height: QR_SIZE - 2 * QUIET_ZONE,
        x: QUIET_ZONE,
        y: QUIET_ZONE,
        // Level M keeps modules large for a ~100-character link; posters are not logo-covered.
        correctLevel: 0,
        background: '#ffffff',
        foreground: '#000000',
        callback: () => onDrawn?.()
      })
      drawnText.current = text
    } catch {
      // No canvas (e.g. a test DOM): the link is still shown as text below the code.
    }
  }

  useReady(() => {
    ready.current = true
    setTimeout(draw, 50)
  })

  // The canvas appears after the code is loaded, usually well after the page's ready event:
  // draw on the next tick once it is in the tree.
  useEffect(() => {
    const id = setTimeout(draw, 80)
    return () => clearTimeout(id)
  }, [text])

  return (
    <Canvas
      canvasId={canvasId}
      id={canvasId}
      className='venue-qrcode'
      style={`width: ${QR_SIZE}px; height: ${QR_SIZE}px; background: #ffffff;`}
    />
  )
}
