/**
 * Alipay: a link QR bound to the mini-program arrives as `query.qrCode` in the launch or
 * enter options (and sometimes in the page query); the in-app scanner passes `code`.
 */
import Taro from '@tarojs/taro'
import { decodeOnce } from './scanned-text'

function qrCodeFrom(options: unknown): string | null {
  const q = (options as { query?: Record<string, unknown> } | null)?.query?.qrCode
  return typeof q === 'string' && q ? q : null
}

export function readScannedText(params: Record<string, string>): string | null {
  if (params.code) return decodeOnce(params.code)
  if (params.qrCode) return params.qrCode
  try {
    const enter = qrCodeFrom(Taro.getEnterOptionsSync())
    if (enter) return enter
  } catch { /* older base library */ }
  try {
    const launch = qrCodeFrom(Taro.getLaunchOptionsSync())
    if (launch) return launch
  } catch { /* ignore */ }
  return null
}
