/**
 * Browser (H5, the default): a status file is chosen with the browser's own file dialog and read
 * as UTF-8 text; a 流调 export is downloaded as a file.
 */
import type { ChosenCsv } from './official-import'
import { csvForExcel, safeCsvName } from './official-trace'

/** Null where files can be chosen; else why not, in words. */
export const CSV_CHOOSE_UNAVAILABLE: string | null = null

/** Marks the hidden input, so only one is ever waiting and tests can hand it a file. */
export const CSV_INPUT_CLASS = 'csv-file-input'

function readAsText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result ?? ''))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsText(file, 'utf-8')
  })
}

/**
 * Opens the file dialog through a hidden <input type="file">. Resolves with the file, or null
 * when the dialog was cancelled (browsers that report it); a dialog left open just never resolves.
 */
export function chooseCsvFile(): Promise<ChosenCsv | null> {
  document.querySelectorAll(`input.${CSV_INPUT_CLASS}`).forEach((el) => el.remove())
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = '.csv,text/csv'
  input.className = CSV_INPUT_CLASS
  input.style.display = 'none'
  document.body.appendChild(input)
  return new Promise((resolve) => {
    input.addEventListener('change', () => {
      const file = input.files?.[0]
      input.remove()
      resolve(file ? { name: file.name, size: file.size, read: () => readAsText(file) } : null)
    })
    input.addEventListener('cancel', () => { input.remove(); resolve(null) })
    input.click()
  })
}

/** Downloads the CSV; answers what happened, or the refusal. */
export async function saveCsvFile(fileName: string, csv: string): Promise<{ ok: boolean; message: string }> {
  try {
    const name = safeCsvName(fileName)
    const url = URL.createObjectURL(new Blob([csvForExcel(csv)], { type: 'text/csv;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = name
    document.body.appendChild(a)
    a.click()
    a.remove()
    // The download has its own copy once started; the link is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    return { ok: true, message: `已下载“${name}”` }
  } catch {
    return { ok: false, message: '下载失败，请稍后重试' }
  }
}
