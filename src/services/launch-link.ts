/**
 * H5 (default): where the scanned text of a check-in comes from. A printed poster is a link
 * `${base}/c?t=<token>`, opened in the browser at the check-in page; the in-app scanner
 * passes its text as `code`. Returned as-is: only parseVenueCode interprets it.
 */
import { decodeOnce } from './scanned-text'

export function readScannedText(params: Record<string, string>): string | null {
  if (params.code) return decodeOnce(params.code)
  if (params.t) return params.t
  if (params.q) return params.q
  return null
}
