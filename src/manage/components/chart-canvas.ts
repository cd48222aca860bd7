/**
 * Browser (H5, the default): the 2D canvas a chart draws on is the <canvas> inside Taro's
 * <taro-canvas-core id=…>. It is read from the document directly: Taro's selector query gives
 * no size with a node on H5, and it throws outside a routed page (a page test). F2 uses the
 * browser's own requestAnimationFrame and Image.
 */
import type { ChartSurface } from './chart-surface'

/** H5 and WeChat can look the canvas up as soon as it is in the tree. */
export const WAITS_FOR_CANVAS_READY = false

/** Taro's H5 canvas element: its own width and height props become the canvas's size on every render. */
type TaroCanvasHost = HTMLElement & { width?: string; height?: string }

export async function findChartSurface(id: string): Promise<ChartSurface | null> {
  const host = document.getElementById(id) as TaroCanvasHost | null
  const node = host?.querySelector('canvas')
  const width = node?.clientWidth ?? 0
  const height = node?.clientHeight ?? 0
  // A test DOM has no 2D context; a hidden canvas has no size: nothing to draw on.
  if (!host || !node || width === 0 || height === 0) return null
  const context = node.getContext('2d')
  if (!context) return null
  const pixelRatio = window.devicePixelRatio || 1
  const pixels = { width: Math.round(width * pixelRatio), height: Math.round(height * pixelRatio) }
  // <taro-canvas-core> writes its width and height props into the canvas after each of its renders
  // (its first one may come after this look-up), which would undo the pixel-ratio scale and wipe
  // the chart. Give it the scaled size as those props and let it render once before F2 draws.
  host.width = String(pixels.width)
  host.height = String(pixels.height)
  // Its render is scheduled, not synchronous: wait until it has written the new size (a busy
  // machine may take a few frames), so that no later render of it clears what F2 draws.
  for (let frame = 0; frame < 120 && (node.width !== pixels.width || node.height !== pixels.height); frame++) {
    await new Promise((resolve) => requestAnimationFrame(resolve))
  }
  if (node.width !== pixels.width || node.height !== pixels.height) {
    node.width = pixels.width
    node.height = pixels.height
  }
  return { context, width, height, pixelRatio }
}
