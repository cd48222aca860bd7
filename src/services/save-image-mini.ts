/**
 * Shared by save-image.weapp.ts and save-image.alipay.ts.
 * Mini-programs: export the canvas to a temp file, then save it to the photo album
 * (the user is asked for the album permission the first time).
 */
import Taro from '@tarojs/taro'

export async function saveCanvasImage(canvasId: string, _fileName: string): Promise<string | null> {
  try {
    const { tempFilePath } = await Taro.canvasToTempFilePath({ canvasId, fileType: 'png' })
    await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath })
    return null
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '')
    if (/auth|deny|denied/i.test(msg)) return '请在设置中允许保存到相册后重试'
    if (/cancel/i.test(msg)) return null
    return '保存失败，请稍后重试'
  }
}

/** Printing is a browser feature; the mini-programs save the image and print from the album. */
export const CAN_PRINT = false
export function printPage(): void {}
