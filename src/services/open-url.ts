/**
 * Leaving the H5 page for another address (a scanned venue link, WeChat's URL Link, Alipay's
 * scheme): a real page load, so the address bar shows where the person is, as a camera's would.
 */
export function openUrl(url: string): void {
  if (typeof window !== 'undefined') window.location.assign(url)
}
