/**
 * Browser (H5, the default): there is no photo album, so the whole 场所码 card is drawn on an
 * offscreen canvas at print resolution and downloaded as a PNG file.
 */
import type { Poster2D } from '../shared/poster-layout'
import { renderPoster, type PosterSource } from './poster'

function htmlCanvas(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  return canvas
}

export async function savePoster(src: PosterSource, fileName: string): Promise<string | null> {
  try {
    if (!htmlCanvas(1, 1).getContext('2d')) return '当前浏览器无法生成图片，请使用“打印”'
    const canvas = renderPoster(src, htmlCanvas, (c) => c.getContext('2d') as unknown as Poster2D)
    const a = document.createElement('a')
    a.href = canvas.toDataURL('image/png')
    a.download = `${fileName}.png`
    document.body.appendChild(a)
    a.click()
    a.remove()
    return null
  } catch {
    return '保存失败，请稍后重试'
  }
}

export const CAN_PRINT = true
export function printPage(): void {
  window.print()
}
