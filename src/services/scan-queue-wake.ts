/**
 * Browser: the kept scans are tried at once when the browser says the network is back (its
 * `online` event); the mini-programs use their own network events (scan-queue-wake.weapp.ts,
 * scan-queue-wake.alipay.ts).
 */
export function onNetworkBack(fn: () => void): void {
  if (typeof window === 'undefined' || !window.addEventListener) return
  window.addEventListener('online', fn)
}

/**
 * Browser: each page is a chunk fetched the first time it opens, and without the network it
 * cannot be fetched. A person whose network went away after opening the app must still reach
 * 已保存 and 待上传, so the two pages a kept scan needs are fetched shortly after the app starts
 * (webpack merges these chunks with the router's own). The mini-programs hold every page already.
 */
export function preloadKeptScanPages(): void {
  setTimeout(() => {
    import('../pages/checkin/index').catch(() => undefined)
    import('../pages/entries/index').catch(() => undefined)
  }, 1500)
}
