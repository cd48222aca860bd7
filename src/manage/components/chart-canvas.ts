/**
 * Browser (H5, the default): the 2D canvas a chart draws on is the <canvas> inside Taro's
 * <taro-canvas-core id=…>. It is read from the document directly: Taro's selector query gives
 * no size with a node on H5, and it throws outside a routed page (a page test). F2 uses the
 * browser's own requestAnimationFrame and Image.
 */
import type { ChartSurface } from './chart-surface'

/** H5 and WeChat can look the canvas up as soon as it is in the tree. */
export const WAITS_FOR_CANVAS_READY = false

export async function findChartSurface(id: string): Promise<ChartSurface | null> {
  const node = document.getElementById(id)?.querySelector('canvas')
  const width = node?.clientWidth ?? 0
  const height = node?.clientHeight ?? 0
  // A test DOM has no 2D context; a hidden canvas has no size: nothing to draw on.
  if (!node || width === 0 || height === 0) return null
  const context = node.getContext('2d')
  if (!context) return null
  const pixelRatio = window.devicePixelRatio || 1
  node.width = Math.round(width * pixelRatio)
  node.height = Math.round(height * pixelRatio)
  return { context, width, height, pixelRatio }
}
