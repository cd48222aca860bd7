/**
 * 停用 (issue 20): once any function answers SYSTEM_ENDED, whatever page the person opened, the
 * app keeps the receipt and shows the receipt page instead. Registered once at app start.
 */
import Taro from '@tarojs/taro'
import type { DeletionReceipt } from '../shared/api'
import { onSystemEnded } from './cloud-core'
import { RECEIPT_STORAGE_KEY } from './receipt-view'

export const ENDED_PAGE = '/pages/ended/index'

export function keptReceipt(): DeletionReceipt | null {
  try {
    const v = Taro.getStorageSync(RECEIPT_STORAGE_KEY)
    return v && typeof v === 'object' ? v as DeletionReceipt : v ? JSON.parse(String(v)) as DeletionReceipt : null
  } catch {
    return null
  }
}

let watching = false

/** Already showing the receipt: its own call must not open it again. */
function onEndedPage(): boolean {
  try {
    const pages = Taro.getCurrentPages()
    const route = pages.length ? pages[pages.length - 1].route ?? '' : ''
    return `/${route.replace(/^\//, '')}`.startsWith(ENDED_PAGE)
  } catch {
    return false
  }
}

export function watchSystemEnded(): void {
  if (watching) return
  watching = true
  onSystemEnded((receipt) => {
    try { Taro.setStorageSync(RECEIPT_STORAGE_KEY, JSON.stringify(receipt)) } catch { /* the page asks again */ }
    // A navigation that fails (no router yet) leaves the page showing the answer's own message.
    if (!onEndedPage()) Promise.resolve().then(() => Taro.reLaunch({ url: ENDED_PAGE })).catch(() => undefined)
  })
}
