import { parseVenueCode, parseVenueCodeToken, venueCodeUrl } from '../../src/shared/venue-code'

const token = 'CSM1.k1.v7h3k2m9qa.c1.3.AAAAAAAAAAAAAAAAAAAAAA'

describe('parseVenueCode: the one decoder for everything scanned', () => {
  it('reads a printed link into its parts', () => {
    const parsed = parseVenueCode(venueCodeUrl('https://csm.example.gov.cn/', token))
    expect(parsed).toEqual({
      ok: true,
      code: {
        kid: 'k1', venueId: 'v7h3k2m9qa', checkpointId: 'c1', codeVersion: 3,
        signature: 'AAAAAAAAAAAAAAAAAAAAAA', signedPart: 'CSM1.k1.v7h3k2m9qa.c1.3', token
      }
    })
  })
  it('reads the URL-encoded link WeChat passes as `q`, and a bare token', () => {
    const url = venueCodeUrl('https://csm.example.gov.cn', token)
    expect(parseVenueCode(encodeURIComponent(url))).toMatchObject({ ok: true, code: { venueId: 'v7h3k2m9qa' } })
    expect(parseVenueCode(token)).toMatchObject({ ok: true, code: { codeVersion: 3 } })
  })
  it('calls anything that is not our link foreign', () => {
    for (const text of ['', 'hello', 'https://evil.example.com/login?t=1', 'https://csm.example.gov.cn/x?t=' + token,
      'weixin://wxpay/bizpayurl?pr=abc', 'https://csm.example.gov.cn/c?x=' + token, 'UKC19TRACING:1:abc']) {
      expect(parseVenueCode(text)).toEqual({ ok: false, reason: 'foreign' })
    }
  })
  it('calls a truncated or mangled token malformed', () => {
    expect(parseVenueCode(venueCodeUrl('https://a.cn', token.slice(0, -3)))).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCodeToken('CSM1.k1.v7h3k2m9qa.c1.3')).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCodeToken('CSM1.k1.V7H3.c1.3.AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCodeToken('CSM1.k1.v7h3.c1.0.AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCodeToken('CSM1.k1.v7h3.c1.x.AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ ok: false, reason: 'malformed' })
  })
})
