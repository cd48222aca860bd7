/**
 * Shared by chart-canvas.weapp.ts and chart-canvas.alipay.ts: the 2D canvas node from a selector
 * query, sized for the screen's pixel ratio, with the node's createImage and animation frames
 * and an offscreen canvas for measuring text, as F2's own WeChat and Alipay components do.
 */
import Taro from '@tarojs/taro'
import type { ChartSurface } from './chart-surface'

interface CanvasNode {
  width: number
  height: number
  getContext(type: '2d'): CanvasRenderingContext2D
  createImage(): HTMLImageElement
  requestAnimationFrame(cb: () => void): number
  cancelAnimationFrame(id: number): void
}

export function findChartSurface(id: string): Promise<ChartSurface | null> {
  return new Promise((resolve) => {
    // node() and boundingClientRect() exist on both WeChat and Alipay (base library 2.7+);
    // a node inside fields() is WeChat's alone.
    const query = Taro.createSelectorQuery()
    query.select(`#${id}`).node()
    query.select(`#${id}`).boundingClientRect()
    query.exec((res) => {
      const node = (res?.[0] as { node?: CanvasNode } | null)?.node
      const rect = res?.[1] as { width?: number; height?: number } | null
      if (!node) { resolve(null); return }
      // Before it is resized the node's own size is its layout size (F2's Alipay wrapper reads it).
      const width = rect?.width || node.width
      const height = rect?.height || node.height
      if (!width || !height) { resolve(null); return }
      const pixelRatio = Taro.getSystemInfoSync().pixelRatio || 1
      node.width = Math.round(width * pixelRatio)
      node.height = Math.round(height * pixelRatio)
      resolve({
        context: node.getContext('2d'),
        width,
        height,
        pixelRatio,
        createImage: node.createImage.bind(node),
        requestAnimationFrame: node.requestAnimationFrame.bind(node),
        cancelAnimationFrame: node.cancelAnimationFrame.bind(node),
        offscreenCanvas: Taro.createOffscreenCanvas({ type: '2d' }) as unknown as ChartSurface['offscreenCanvas']
      })
    })
  })
}
