/**
 * WeChat (Taro picks it over csv-file.ts): a status file is chosen from a chat (where a file
 * sent from a computer arrives) and read as UTF-8; a 流调 export is saved and, where WeChat
 * allows it, sent on to a chat at once.
 */
import Taro from '@tarojs/taro'
import { errMsg, WRITE_FAILED, writeCsvFile } from './csv-file-mini'
import type { ChosenCsv } from './official-import'

export const CSV_CHOOSE_UNAVAILABLE: string | null = null

function readUtf8(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      encoding: 'utf8',
      success: (res) => resolve(String(res.data ?? '')),
      fail: reject
    })
  })
}

export async function chooseCsvFile(): Promise<ChosenCsv | null> {
  try {
    const { tempFiles } = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv'] })
    const file = tempFiles[0]
    return file ? { name: file.name, size: file.size, read: () => readUtf8(file.path) } : null
  } catch (e) {
    if (/cancel/i.test(errMsg(e))) return null
    throw e
  }
}

export async function saveCsvFile(fileName: string, csv: string): Promise<{ ok: boolean; message: string }> {
  const filePath = await writeCsvFile(fileName, csv)
  if (!filePath) return { ok: false, message: WRITE_FAILED }
  if (Taro.canIUse('shareFileMessage')) {
    try {
      await Taro.shareFileMessage({ filePath, fileName: filePath.slice(filePath.lastIndexOf('/') + 1) })
      return { ok: true, message: '已发送文件，可在聊天中打开或在电脑上保存' }
    } catch (e) {
      // Not sent (cancelled, or refused): the file stays saved.
      if (!/cancel/i.test(errMsg(e))) return { ok: true, message: `发送失败，文件已保存到 ${filePath}` }
    }
  }
  return { ok: true, message: `已保存到 ${filePath}` }
}
