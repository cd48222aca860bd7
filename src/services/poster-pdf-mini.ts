/**
 * Shared by poster-pdf.weapp.ts and poster-pdf.alipay.ts (Taro maps the calls to `wx` and `my`
 * alike): the A4 poster PDF is written to the mini-program's user folder and opened in the
 * platform's document viewer, whose menu prints it or sends it to a computer or a chat.
 */
import Taro from '@tarojs/taro'
import type { PosterPdf } from '../shared/api'
import { safePdfName } from './pdf-file'

export const PDF_ACTION_HINT = '打开后点右上角“…”，可直接打印，或发送到电脑、聊天后用打印机按A4纸打印。'

const errMsg = (e: unknown) => String((e as { errMsg?: string; errorMessage?: string })?.errMsg ?? (e as { errorMessage?: string })?.errorMessage ?? '')

export async function openPosterPdf(pdf: PosterPdf): Promise<string | null> {
  const dir = Taro.env?.USER_DATA_PATH
  if (!dir || typeof Taro.getFileSystemManager !== 'function' || typeof Taro.openDocument !== 'function') {
    return '当前版本不能打开PDF文件，请升级到最新版本，或在电脑浏览器中打开网页版下载打印'
  }
  const filePath = `${dir}/${safePdfName(pdf.fileName)}`
  try {
    await new Promise<void>((resolve, reject) => {
      Taro.getFileSystemManager().writeFile({ filePath, data: pdf.pdfBase64, encoding: 'base64', success: () => resolve(), fail: reject })
    })
  } catch {
    return '保存PDF文件失败，请检查手机存储空间后重试'
  }
  try {
    await Taro.openDocument({ filePath, fileType: 'pdf', showMenu: true })
    return null
  } catch (e) {
    if (/cancel/i.test(errMsg(e))) return null
    return '无法打开PDF文件，请稍后重试'
  }
}
