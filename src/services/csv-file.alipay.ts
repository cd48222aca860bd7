/**
 * Alipay (Taro picks it over csv-file.ts): Alipay's mini-programs cannot pick a file from a chat
 * or the phone, so status files are imported in WeChat or the browser; a 流调 export is saved
 * to the user folder.
 */
import { WRITE_FAILED, writeCsvFile } from './csv-file-mini'
import type { ChosenCsv } from './official-import'

export const CSV_CHOOSE_UNAVAILABLE: string | null = '支付宝小程序暂不支持选择文件。批量导入请在微信小程序或电脑浏览器中打开“防控工作台”进行。'

export async function chooseCsvFile(): Promise<ChosenCsv | null> {
  return null
}

export async function saveCsvFile(fileName: string, csv: string): Promise<{ ok: boolean; message: string }> {
  const filePath = await writeCsvFile(fileName, csv)
  return filePath ? { ok: true, message: `已保存到 ${filePath}` } : { ok: false, message: WRITE_FAILED }
}
