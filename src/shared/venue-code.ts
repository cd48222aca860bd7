/**
 * The venue code format, shared by the scan page and the checkIn function.
 *
 * A printed code is an https link (http only on a local stack) whose path ends in `/c` and whose `t` query parameter
 * holds a compact token:
 *
 *   CSM1.<kid>.<venueId>.<checkpointId>.<codeVersion>.<signature>
 *
 * `signature` is base64url HMAC-SHA-256 (truncated to 128 bits) over everything before
 * the last dot; the key is chosen by `kid`. Parsing here checks the shape only: whether
 * the signature is genuine and the version current is decided on the server, which holds
 * the keys. Nothing after this decoder sees the raw scanned text.
 */

export const VENUE_CODE_SCHEME = 'CSM1'
/** Path of the check-in page in the H5 build and of the link printed on posters. */
export const VENUE_CODE_PATH = '/c'
export const VENUE_CODE_PARAM = 't'

export interface VenueCodeToken {
  kid: string
  venueId: string
  checkpointId: string
  codeVersion: number
  signature: string
  /** The signed part: everything before the signature. */
  signedPart: string
  /** The whole token as printed. */
  token: string
}

export type VenueCodeParseFailure = 'foreign' | 'malformed'

export type ParsedVenueCode =
  | { ok: true; code: VenueCodeToken }
  | { ok: false; reason: VenueCodeParseFailure }

/** Venue and checkpoint ids: short lower-case base32 strings. */
export const ID_PATTERN = /^[0-9a-z]{1,32}$/
const ID = ID_PATTERN
const KID = /^[0-9A-Za-z]{1,16}$/
const SIG = /^[A-Za-z0-9_-]{22}$/

/** Parse a bare token (no URL around it). */
export function parseVenueCodeToken(token: string): ParsedVenueCode {
  const parts = token.split('.')
  if (parts[0] !== VENUE_CODE_SCHEME) return { ok: false, reason: 'foreign' }
  if (parts.length !== 6) return { ok: false, reason: 'malformed' }
  const [, kid, venueId, checkpointId, version, signature] = parts
  if (!KID.test(kid) || !ID.test(venueId) || !ID.test(checkpointId) || !/^[1-9]\d{0,8}$/.test(version) || !SIG.test(signature)) {
    return { ok: false, reason: 'malformed' }
  }
  return {
    ok: true,
    code: {
      kid, venueId, checkpointId, codeVersion: Number(version), signature,
      signedPart: parts.slice(0, 5).join('.'),
      token
    }
  }
}

/**
 * Parse whatever a scanner or a deep link produced: a full link, a URL-encoded link (WeChat
 * passes `q` encoded), or a bare token. A link to any other path or without our token is
 * `foreign`. The host is not pinned here because self-hosted deployments print their own;
 * the signature is what makes a code genuine.
 */
export function parseVenueCode(text: string): ParsedVenueCode {
  let raw = (text || '').trim()
  if (!raw) return { ok: false, reason: 'foreign' }
  if (/^https?%3A/i.test(raw)) {
    try { raw = decodeURIComponent(raw) } catch { return { ok: false, reason: 'foreign' } }
  }
  if (raw.startsWith(VENUE_CODE_SCHEME + '.')) return parseVenueCodeToken(raw)
  const m = /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?\?([^#\s]*)$/.exec(raw)
  if (!m) return { ok: false, reason: 'foreign' }
  const path = (m[1] || '/').replace(/\/+$/, '')
  if (!path.endsWith(VENUE_CODE_PATH)) return { ok: false, reason: 'foreign' }
  const token = readQueryParam(m[2], VENUE_CODE_PARAM)
  if (token === null) return { ok: false, reason: 'foreign' }
  return parseVenueCodeToken(token)
}

/** The link printed on a poster for a token. */
export function venueCodeUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${VENUE_CODE_PATH}?${VENUE_CODE_PARAM}=${token}`
}

function readQueryParam(query: string, name: string): string | null {
  for (const pair of query.split('&')) {
    const i = pair.indexOf('=')
    const key = i < 0 ? pair : pair.slice(0, i)
    if (key === name) {
      try { return decodeURIComponent(i < 0 ? '' : pair.slice(i + 1)) } catch { return null }
    }
  }
  return null
}
