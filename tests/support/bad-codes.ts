/**
 * The bad-code corpus (tests/fixtures/bad-codes.json) made concrete for one deployment and one
 * venue: placeholders become that venue's genuine token, its parts, and tokens signed with keys
 * we do not hold. Used by the checkIn integration test and the browser test alike.
 */
import { randomBytes } from 'crypto'
import { readFileSync } from 'fs'
import path from 'path'
import { signVenueCode } from '../../server/crypto/code-signing'
import { parseVenueCode, venueCodeUrl } from '../../src/shared/venue-code'

export interface BadCode { kind: string; text: string }

interface Corpus { codes: BadCode[] }

const corpus: Corpus = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/bad-codes.json'), 'utf8'))

export const BAD_CODE_TEMPLATES: readonly BadCode[] = corpus.codes

/** The next spelling of a signature's last character with the spare bits set (A → B…). */
function nonCanonical(sig: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  return sig.slice(0, -1) + alphabet[alphabet.indexOf(sig[sig.length - 1]) + 1]
}

/**
 * @param base the deployment's link base
 * @param currentLink the venue's current printed link
 * @param revokedLink a link of the same venue from before its code was regenerated
 */
export function badCodesFor(base: string, currentLink: string, revokedLink: string): BadCode[] {
  const parsed = parseVenueCode(currentLink, { bases: [base] })
  const revoked = parseVenueCode(revokedLink, { bases: [base] })
  if (!parsed.ok || !revoked.ok) throw new Error('the genuine links given to the corpus do not parse')
  const c = parsed.code
  const subject = { venueId: c.venueId, checkpointId: c.checkpointId, codeVersion: c.codeVersion }
  const values: Record<string, string> = {
    BASE: base,
    BASE_UPPER: base.toUpperCase(),
    HOST: new URL(base).host,
    TOKEN: c.token,
    SIGNED: c.signedPart,
    SIG: c.signature,
    SIG_SHORT: c.signature.slice(0, 21),
    SIG_NONCANON: nonCanonical(c.signature),
    KID: c.kid,
    VENUE: c.venueId,
    VENUE_UPPER: c.venueId.toUpperCase(),
    CP: c.checkpointId,
    VER: String(c.codeVersion),
    LONG: 'A'.repeat(3000),
    TOKEN_DOTS_ENCODED: c.token.replace(/\./g, '%2E'),
    LINK_ENCODED_TWICE: encodeURIComponent(encodeURIComponent(currentLink)),
    EVIL_LINK_ENCODED: encodeURIComponent(venueCodeUrl('https://evil.example', c.token)),
    OTHER_KEY_TOKEN: signVenueCode({ keys: { [c.kid]: randomBytes(32) }, currentKid: c.kid }, subject),
    UNKNOWN_KID_TOKEN: signVenueCode({ keys: { zz9: randomBytes(32) }, currentKid: 'zz9' }, subject),
    REVOKED_TOKEN: revoked.code.token
  }
  return BAD_CODE_TEMPLATES.map(({ kind, text }) => ({
    kind,
    text: text.replace(/\{([A-Z_]+)\}/g, (whole, key: string) => {
      if (!(key in values)) throw new Error(`bad-codes.json uses an unknown placeholder ${whole}`)
      return values[key]
    })
  }))
}
