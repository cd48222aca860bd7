/** WeChat and Alipay: the kept scans are tried at once when the app's network comes back. */
import Taro from '@tarojs/taro'

export function onNetworkBack(fn: () => void): void {
  try {
    Taro.onNetworkStatusChange((res) => { if (res.isConnected) fn() })
  } catch { /* an older base library without it: timers and the foreground still try */ }
}

/** The mini-programs' pages are all in the package: nothing to fetch ahead. */
export function preloadKeptScanPages(): void { /* nothing */ }
