import { randomBytes } from 'crypto'
import { signVenueCode, verifyVenueCode, type SigningKeys } from '../../server/crypto/code-signing'
import { parseVenueCode, venueCodeUrl, type ParsedVenueCode } from '../../src/shared/venue-code'

const keys: SigningKeys = { keys: { k1: randomBytes(32), k2: randomBytes(32) }, currentKid: 'k2' }
const BASE = 'https://csm.example.gov.cn'
const RULE = { bases: [BASE] }
const subject = { venueId: 'v7h3k2m9qa', checkpointId: 'c1', codeVersion: 3 }

function parsed(text: string) {
  const p: ParsedVenueCode = parseVenueCode(text.startsWith('CSM1.') ? venueCodeUrl(BASE, text) : text, RULE)
  if (!p.ok) throw new Error(`did not parse: ${p.reason}`)
  return p.code
}

describe('venue-code signatures', () => {
  const token = signVenueCode(keys, subject)
  const url = venueCodeUrl(BASE, token)

  it('signs with the current key and verifies what it signed', () => {
    const code = parsed(url)
    expect(code).toMatchObject({ kid: 'k2', ...subject })
    expect(verifyVenueCode(keys, code)).toBe('valid')
  })

  it('still verifies codes printed under an older key that is kept for rotation', () => {
    const old = signVenueCode({ ...keys, currentKid: 'k1' }, subject)
    expect(verifyVenueCode(keys, parsed(old))).toBe('valid')
  })

  it('refuses a tampered venue, checkpoint or version', () => {
    const c = parsed(url)
    for (const [venue, cp, ver] of [['v7h3k2m9qb', 'c1', 3], ['v7h3k2m9qa', 'c2', 3], ['v7h3k2m9qa', 'c1', 4]]) {
      const forged = ['CSM1', c.kid, venue, cp, ver, c.signature].join('.')
      expect(verifyVenueCode(keys, parsed(forged))).toBe('tampered')
    }
  })

  it('refuses a code signed with a key it does not hold under a known key id', () => {
    const impostor = signVenueCode({ keys: { k2: randomBytes(32) }, currentKid: 'k2' }, subject)
    expect(verifyVenueCode(keys, parsed(impostor))).toBe('tampered')
  })

  it('refuses an unknown key id, including names of Object.prototype', () => {
    const foreignKid = signVenueCode({ keys: { k9: randomBytes(32) }, currentKid: 'k9' }, subject)
    expect(verifyVenueCode(keys, parsed(foreignKid))).toBe('unknownKey')
    const proto = token.replace('.k2.', '.constructor.')
    expect(parseVenueCode(venueCodeUrl(BASE, proto), RULE).ok).toBe(true)
    expect(verifyVenueCode(keys, parsed(proto))).toBe('unknownKey')
  })

  it('never reaches verification with a truncated code or a foreign link', () => {
    expect(parseVenueCode(url.slice(0, -1), RULE)).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCode(venueCodeUrl(BASE, token.slice(0, 20)), RULE)).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCode('https://phish.example.com/c?t=' + token, RULE)).toEqual({ ok: false, reason: 'foreign' })
    expect(parseVenueCode('https://phish.example.com/form?id=123', RULE)).toEqual({ ok: false, reason: 'foreign' })
  })
})
