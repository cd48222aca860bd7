/**
 * One AntV F2 chart on a Taro 2D <Canvas> (DESIGN §6): once the canvas is in the tree (on Alipay,
 * once it says it is ready) the platform's canvas is looked up and F2 draws `chart` on it; a new
 * `chart` element redraws the same canvas, and leaving destroys it. Where there is nothing to draw
 * on (a test DOM) nothing happens: the page shows every number as text anyway.
 * Lives in the manage subpackage so F2 stays out of the main package.
 */
import Taro from '@tarojs/taro'
import { Canvas } from '@tarojs/components'
import { Canvas as F2Canvas, type CanvasProps, type JSX as F2JSX } from '@antv/f2'
import { useEffect, useRef, useState } from 'react'
import { WAITS_FOR_CANVAS_READY, findChartSurface } from './chart-canvas'
import './F2Chart.css'

/** F2's sizes assume a 750-wide design on a 375 px phone; `scale` grows them (长辈模式). */
const f2Px = (scale: number) => (px: number) => (px ? Number((px * 0.5 * scale).toFixed(1)) : 0)

let instances = 0

interface Props {
  /** An F2 element from a file with the @antv/f2 JSX pragma; pass a new one to redraw. */
  chart: F2JSX.Element
  /** Sets the canvas size (CSS): a canvas has no size of its own. */
  className: string
  /** What the chart shows, for screen readers (the numbers are on the page as text). */
  label: string
  scale?: number
}

export default function F2Chart({ chart, className, label, scale = 1 }: Props) {
  // Unique per instance: two charts on a page, or a chart shown again, never share a canvas id.
  const [id] = useState(() => `f2-chart-${++instances}`)
  const [canvasReady, setCanvasReady] = useState(!WAITS_FOR_CANVAS_READY)
  const f2 = useRef<F2Canvas | null>(null)
  const latest = useRef(chart)
  latest.current = chart

  useEffect(() => {
    if (!canvasReady) return
    let left = false
    Taro.nextTick(async () => {
      const surface = await findChartSurface(id).catch(() => null)
      if (left || !surface) return
      const props: CanvasProps & Record<string, unknown> = { ...surface, px2hd: f2Px(scale), children: latest.current }
      try {
        f2.current = new F2Canvas(props)
        await f2.current.render()
      } catch {
        // A canvas the platform cannot draw on: the numbers beside the chart remain.
        f2.current = null
      }
    })
    return () => {
      left = true
      try { f2.current?.destroy() } catch { /* already gone with the page */ }
      f2.current = null
    }
  }, [canvasReady, id, scale])

  useEffect(() => {
    const canvas = f2.current
    if (canvas && canvas.props && canvas.props.children !== chart) canvas.update({ ...canvas.props, children: chart }).catch(() => {})
  }, [chart])

  return (
    <Canvas
      type='2d'
      id={id}
      className={`f2-chart ${className}`}
      aria-label={label}
      onReady={() => setCanvasReady(true)}
    />
  )
}
