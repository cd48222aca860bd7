/**
 * Browser: the kept scans are tried at once when the browser says the network is back (its
 * `online` event); the mini-programs use their own network events (scan-queue-wake.weapp.ts,
 * scan-queue-wake.alipay.ts).
 */
export function onNetworkBack(fn: () => void): void {
  if (typeof window === 'undefined' || !window.addEventListener) return
  window.addEventListener('online', fn)
}
