// Mini-program platform file: Taro picks it over chart-canvas.ts (the H5 default).
export { findChartSurface } from './chart-canvas-mini'
/** Alipay's 2D canvas can be queried only after its onReady (base library 2.7+). */
export const WAITS_FOR_CANVAS_READY = true
