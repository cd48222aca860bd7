/**
 * The scan page passes its text URL-encoded in the `code` query; some routers hand it on
 * still encoded, some decode it. Decode once when it is still encoded, never twice.
 */
export function decodeOnce(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** Page path of the single check-in result page, carrying whatever was scanned. */
export function checkinPageUrl(scannedText: string): string {
  return `/pages/checkin/index?code=${encodeURIComponent(scannedText)}`
}
