/**
 * Query parameters of the current page. Taro's router gives them on every platform; on H5
 * the browser URL is also read because a printed link (/c?t=...) can be the first page
 * loaded, and component tests mount a page without a router.
 */
import Taro from '@tarojs/taro'

export function getPageParams(): Record<string, string> {
  const out: Record<string, string> = {}
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' && window.location) {
    try {
      new URLSearchParams(window.location.search).forEach((v, k) => { out[k] = v })
    } catch { /* no URL to read */ }
  }
  try {
    const params = Taro.getCurrentInstance()?.router?.params ?? {}
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'string' && v !== '') out[k] = v
    }
  } catch { /* no router (tests) */ }
  return out
}
