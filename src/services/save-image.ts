/**
 * Browser (H5, the default): there is no photo album, so the whole 场所码 card is drawn on an
 * offscreen canvas at print resolution and downloaded as a PNG file.
 */
import { canvasMeasure, paintPoster, type Poster2D } from '../shared/poster-layout'
import { layoutFor, type PosterSource } from './poster'

export async function savePoster(src: PosterSource, fileName: string): Promise<string | null> {
  try {
    const measuring = document.createElement('canvas').getContext('2d')
    if (!measuring) return '当前浏览器无法生成图片，请使用“打印”'
    const layout = layoutFor(src, canvasMeasure(measuring as unknown as Poster2D))
    const canvas = document.createElement('canvas')
    canvas.width = layout.width
    canvas.height = layout.height
    paintPoster(layout, canvas.getContext('2d') as unknown as Poster2D)
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
