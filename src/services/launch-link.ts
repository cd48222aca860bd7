/**
 * H5 (default): the check-in page is itself the printed link (`<base>/c?t=<token>`), opened
 * by the phone's camera or browser, so what was scanned is the page's own address, whole:
 * host, path and every parameter go to parseVenueCode and to checkIn, which refuse anything
 * but the one printed spelling. Router parameters are not consulted: reading one `t` out of
 * several is how a page and a server come to disagree about a link.
 */
export function readScannedText(_params: Record<string, string>): string | null {
  if (typeof window === 'undefined' || !window.location) return null
  return window.location.href
}
