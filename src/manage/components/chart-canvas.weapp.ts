// Mini-program platform file: Taro picks it over chart-canvas.ts (the H5 default).
export { findChartSurface } from './chart-canvas-mini'
export const WAITS_FOR_CANVAS_READY = false
