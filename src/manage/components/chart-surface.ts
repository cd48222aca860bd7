import type { CanvasProps } from '@antv/f2'

/** What F2's Canvas needs from a platform's 2D canvas (see chart-canvas.ts and its platform files). */
export interface ChartSurface {
  context: CanvasRenderingContext2D
  /** CSS (H5) or logical (mini-program) pixels; the canvas itself holds width × pixelRatio. */
  width: number
  height: number
  pixelRatio: number
  /** Mini-programs: the canvas node's own, as F2's mini-program wrappers pass them. */
  createImage?: CanvasProps['createImage']
  requestAnimationFrame?: (cb: () => void) => number
  cancelAnimationFrame?: (id: number) => void
  /** Mini-programs: where F2 measures text. */
  offscreenCanvas?: CanvasProps['offscreenCanvas']
}
