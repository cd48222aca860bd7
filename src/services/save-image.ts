/** Browser (H5, the default): there is no photo album, so the QR canvas is downloaded as a PNG file. */
export async function saveCanvasImage(canvasId: string, fileName: string): Promise<string | null> {
  try {
    const host = document.getElementById(canvasId)
    const canvas = (host instanceof HTMLCanvasElement ? host : host?.querySelector('canvas')) as HTMLCanvasElement | null
    if (!canvas) return '二维码尚未生成，请稍后重试'
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
