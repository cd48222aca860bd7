/**
 * The scan queue's storage on a device: Taro's synchronous storage (WeChat and Alipay storage,
 * localStorage in the browser), which outlives the app being closed, unlike memory.
 */
import Taro from '@tarojs/taro'
import type { ScanQueueStore } from './scan-queue'

export const taroScanQueueStore: ScanQueueStore = {
  get(key) {
    try {
      const v = Taro.getStorageSync(key)
      return typeof v === 'string' && v ? v : null
    } catch {
      return null
    }
  },
  set(key, value) {
    Taro.setStorageSync(key, value)
  }
}
