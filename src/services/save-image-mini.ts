/**
 * Shared by save-image.weapp.ts and save-image.alipay.ts.
 * Mini-programs: the whole 场所码 card is drawn on an offscreen 2D canvas at print resolution,
 * exported to a temp file and saved to the photo album (the user is asked for the album
 * permission the first time).
 */
import Taro from '@tarojs/taro'
import type { Poster2D } from '../shared/poster-layout'
import { renderPoster, type PosterSource } from './poster'

type Offscreen = Taro.OffscreenCanvas & { toDataURL?: (type?: string) => string }

function offscreen(width: number, height: number): Offscreen {
  return Taro.createOffscreenCanvas({ type: '2d', width, height }) as Offscreen
}

/**
 * canvasToTempFilePath takes an offscreen canvas on most devices; where it does not (reported
 * on iOS), the canvas's data URL is written to a user file instead.
 */
async function toTempFile(canvas: Offscreen): Promise<string> {
  try {
    const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas, fileType: 'png' } as unknown as Taro.canvasToTempFilePath.Option)
    return tempFilePath
  } catch (e) {
    if (!canvas.toDataURL) throw e
    const data = canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '')
    const filePath = `${Taro.env.USER_DATA_PATH}/venue-code-${Date.now()}.png`
    await new Promise<void>((resolve, reject) => {
      Taro.getFileSystemManager().writeFile({ filePath, data, encoding: 'base64', success: () => resolve(), fail: reject })
    })
    return filePath
  }
}

export async function savePoster(src: PosterSource, _fileName: string): Promise<string | null> {
  try {
    const canvas = renderPoster(src, offscreen, (c) => c.getContext('2d') as unknown as Poster2D)
    const filePath = await toTempFile(canvas)
    await Taro.saveImageToPhotosAlbum({ filePath })
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
