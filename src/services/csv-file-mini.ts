/**
 * Shared by csv-file.weapp.ts and csv-file.alipay.ts (Taro maps the calls to `wx` and `my`
 * alike): a 流调 export is written to the mini-program's user folder.
 */
import Taro from '@tarojs/taro'
import { csvForExcel, safeCsvName } from './official-trace'

export const errMsg = (e: unknown) => String((e as { errMsg?: string; errorMessage?: string })?.errMsg ?? (e as { errorMessage?: string })?.errorMessage ?? '')

/** Writes the CSV as a user file: its path, or null when it could not be written. */
export async function writeCsvFile(fileName: string, csv: string): Promise<string | null> {
  const dir = Taro.env?.USER_DATA_PATH
  if (!dir || typeof Taro.getFileSystemManager !== 'function') return null
  const filePath = `${dir}/${safeCsvName(fileName)}`
  try {
    await new Promise<void>((resolve, reject) => {
      Taro.getFileSystemManager().writeFile({ filePath, data: csvForExcel(csv), encoding: 'utf8', success: () => resolve(), fail: reject })
    })
    return filePath
  } catch {
    return null
  }
}

export const WRITE_FAILED = '保存文件失败，请检查手机存储空间后重试，或在电脑浏览器中导出'
