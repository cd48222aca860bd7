/**
 * WeChat: the system scanner opens the check-in page with `q` = encodeURIComponent(link)
 * (a "扫普通链接二维码打开小程序" rule); the in-app scanner passes `code`.
 * `q` is handed on still encoded: parseVenueCode and the server both accept that one form.
 */
import { decodeOnce } from './scanned-text'

export function readScannedText(params: Record<string, string>): string | null {
  if (params.code) return decodeOnce(params.code)
  if (params.q) return params.q
  return null
}
