/**
 * The venue code format, shared by the scan page and the checkIn function.
 *
 * A printed code is a link on one of the bases this deployment prints (PUBLIC_BASE_URL, plus
 * any earlier bases kept in configuration), the path `/c` and exactly one query parameter:
 *
 *   <base>/c?t=CSM1.<kid>.<venueId>.<checkpointId>.<codeVersion>.<signature>
 *
 * `signature` is base64url HMAC-SHA-256 (truncated to 128 bits) over everything before
 * the last dot; the key is chosen by `kid`. Parsing here checks the shape and the base only:
 * whether the signature is genuine and the version current is decided on the server, which
 * holds the keys. Nothing after this decoder sees the raw scanned text.
 *
 * Every code has exactly one accepted spelling. A genuine token copied onto a look-alike host
 * is a phishing poster; a second `t`, an extra parameter, a percent-escape inside the link or
 * a non-canonical signature are other spellings of the same code, and each is refused, so the
 * page and the server can never read one text two ways.
 */

export const VENUE_CODE_SCHEME = 'CSM1'
/** Path of the check-in page in the H5 build and of the link printed on posters. */
export const VENUE_CODE_PATH = '/c'
export const VENUE_CODE_PARAM = 't'
/** A scanned text longer than this is not one of our codes (ours are about 100 characters). */
export const MAX_SCANNED_LENGTH = 2048

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

/**
 * - foreign: not a link this deployment prints (another site, a look-alike host, another path,
 *   other parameters, a bare token with no link around it);
 * - malformed: our link, but the token in it is damaged (truncated, edited, re-spelt).
 */
export type VenueCodeParseFailure = 'foreign' | 'malformed'

export type ParsedVenueCode =
  | { ok: true; code: VenueCodeToken }
  | { ok: false; reason: VenueCodeParseFailure }

export interface CodeLinkRule {
  /**
   * Bases a genuine link may start with, already normalised (`https://host[:port][/path]`, no
   * trailing slash). null where they are not known (a mini-program built without them): only
   * the server, which always knows them, decides the host then.
   */
  bases: readonly string[] | null
}

/** Where an H5 page finds the bases, written into index.html by the server that serves it. */
export const CODE_BASES_GLOBAL = '__CSM_CODE_BASES__'

/** Venue and checkpoint ids: short lower-case base32 strings. */
export const ID_PATTERN = /^[0-9a-z]{1,32}$/
const ID = ID_PATTERN
const KID = /^[0-9A-Za-z]{1,16}$/
const VERSION = /^[1-9]\d{0,8}$/
/**
 * 16 bytes in base64url without padding: 22 characters, the last of which carries only 2 bits.
 * Its other 4 bits must be zero (A, Q, g or w), or one signature would have 16 spellings.
 */
const SIG = /^[A-Za-z0-9_-]{21}[AQgw]$/

/** Parse a bare token (no URL around it). */
export function parseVenueCodeToken(token: string): ParsedVenueCode {
  const parts = token.split('.')
  if (parts[0] !== VENUE_CODE_SCHEME) return { ok: false, reason: 'foreign' }
  if (parts.length !== 6) return { ok: false, reason: 'malformed' }
  const [, kid, venueId, checkpointId, version, signature] = parts
  if (!KID.test(kid) || !ID.test(venueId) || !ID.test(checkpointId) || !VERSION.test(version) || !SIG.test(signature)) {
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

const FOREIGN: ParsedVenueCode = { ok: false, reason: 'foreign' }
const LINK_TAIL = `${VENUE_CODE_PATH}?${VENUE_CODE_PARAM}=`
/** Any base, for a client that does not know this deployment's: scheme, host, optional path. */
const ANY_BASE_LINK = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*\/c\?t=/

/**
 * Parse whatever a scanner or a deep link produced: our link as printed, or that link
 * percent-encoded once as a whole (WeChat hands the scanned link to the page as `q` that way).
 */
export function parseVenueCode(text: string, rule: CodeLinkRule): ParsedVenueCode {
  if (typeof text !== 'string' || !text || text.length > MAX_SCANNED_LENGTH) return FOREIGN
  let link = text
  if (/^https?%3A/i.test(link)) {
    try { link = decodeURIComponent(link) } catch { return FOREIGN }
  }
  const prefix = linkPrefix(link, rule.bases)
  if (prefix === null) return FOREIGN
  // The token alphabet needs no escaping: a '%', '&', '#' or space left here is another spelling.
  return parseVenueCodeToken(link.slice(prefix.length))
}

function linkPrefix(link: string, bases: readonly string[] | null): string | null {
  if (bases === null) {
    const m = ANY_BASE_LINK.exec(link)
    return m ? m[0] : null
  }
  for (const base of bases) {
    const prefix = base + LINK_TAIL
    if (link.startsWith(prefix)) return prefix
  }
  return null
}

/** The link printed on a poster for a token; `base` is normalised (no trailing slash). */
export function venueCodeUrl(base: string, token: string): string {
  return `${base}${LINK_TAIL}${token}`
}
