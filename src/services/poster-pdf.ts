/**
 * Browser (H5, the default): the A4 poster PDF is downloaded as a file, to print from the
 * computer or phone it was saved on.
 */
import type { PosterPdf } from '../shared/api'
import { base64Bytes, safePdfName } from './pdf-file'

/** What the button says happens. */
export const PDF_ACTION_HINT = '下载PDF文件后用打印机按A4纸打印，张贴在检测点醒目位置。'

export async function openPosterPdf(pdf: PosterPdf): Promise<string | null> {
  try {
    const blob = new Blob([base64Bytes(pdf.pdfBase64)], { type: 'application/pdf' })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = safePdfName(pdf.fileName)
    document.body.appendChild(a)
    a.click()
    a.remove()
    // The download has its own copy once started; the link is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    return null
  } catch {
    return '下载失败，请稍后重试'
  }
}
