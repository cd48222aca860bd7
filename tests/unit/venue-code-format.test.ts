import { parseVenueCode, parseVenueCodeToken, venueCodeUrl } from '../../src/shared/venue-code'

const BASE = 'https://csm.example.gov.cn'
const rule = { bases: [BASE, 'https://old.example.gov.cn/csm'] }
const token = 'CSM1.k1.v7h3k2m9qa.c1.3.AAAAAAAAAAAAAAAAAAAAAA'
const link = venueCodeUrl(BASE, token)

describe('parseVenueCode: the one decoder for everything scanned', () => {
  it('reads a printed link into its parts', () => {
    expect(link).toBe(`${BASE}/c?t=${token}`)
    expect(parseVenueCode(link, rule)).toEqual({
      ok: true,
      code: {
        kid: 'k1', venueId: 'v7h3k2m9qa', checkpointId: 'c1', codeVersion: 3,
        signature: 'AAAAAAAAAAAAAAAAAAAAAA', signedPart: 'CSM1.k1.v7h3k2m9qa.c1.3', token
      }
    })
  })

  it('reads the link WeChat passes as `q` (encoded once) and links on an earlier base', () => {
    expect(parseVenueCode(encodeURIComponent(link), rule)).toMatchObject({ ok: true, code: { venueId: 'v7h3k2m9qa' } })
    expect(parseVenueCode(venueCodeUrl('https://old.example.gov.cn/csm', token), rule)).toMatchObject({ ok: true })
  })

  it('refuses a genuine token on any host or path this deployment does not print', () => {
    for (const text of [
      `https://csm.example.gov.cn.evil.example/c?t=${token}`,
      `https://evil.example/x/c?t=${token}`,
      `http://127.0.0.l:8312/c?t=${token}`,
      `http://csm.example.gov.cn/c?t=${token}`,
      `HTTPS://CSM.EXAMPLE.GOV.CN/c?t=${token}`,
      `https://csm.example.gov.cn/x/c?t=${token}`,
      `https://old.example.gov.cn/c?t=${token}`,
      `https://csm.example.gov.cn@evil.example/c?t=${token}`,
      token
    ]) {
      expect(parseVenueCode(text, rule)).toEqual({ ok: false, reason: 'foreign' })
    }
  })

  it('accepts only the canonical signature: the 2 spare bits of the last character must be zero', () => {
    const sig = 'ABCDEFGHIJKLMNOPQRSTUg'
    expect(parseVenueCodeToken(`CSM1.k1.v1.c1.1.${sig}`).ok).toBe(true)
    for (const last of 'hijklmnopqrstuvBCDxyz_-') {
      expect(parseVenueCodeToken(`CSM1.k1.v1.c1.1.${sig.slice(0, -1)}${last}`)).toEqual({ ok: false, reason: 'malformed' })
    }
  })

  it('refuses a second token, any other parameter, a fragment and percent-escapes', () => {
    for (const text of [
      `${link}&t=${token}`, `${BASE}/c?t=CSM1.k1.evil.c1.3.AAAAAAAAAAAAAAAAAAAAAA&t=${token}`, `${link}&from=timeline`,
      `${link}#x`, `${BASE}/c?t=${token.replace(/\./g, '%2E')}`, `${link} `
    ]) {
      expect(parseVenueCode(text, rule).ok).toBe(false)
    }
    for (const text of [`${BASE}/c?x=1&t=${token}`, `${BASE}/%63?t=${token}`, encodeURIComponent(encodeURIComponent(link)), ` ${link}`]) {
      expect(parseVenueCode(text, rule)).toEqual({ ok: false, reason: 'foreign' })
    }
  })

  it('calls anything that is not our link foreign', () => {
    for (const text of ['', 'hello', 'https://evil.example.com/login?t=1', `${BASE}/x?t=${token}`,
      'weixin://wxpay/bizpayurl?pr=abc', `${BASE}/c?x=${token}`, 'UKC19TRACING:1:abc', 'x'.repeat(5000)]) {
      expect(parseVenueCode(text, rule)).toEqual({ ok: false, reason: 'foreign' })
    }
  })

  it('calls a truncated or mangled token on our link malformed', () => {
    expect(parseVenueCode(venueCodeUrl(BASE, token.slice(0, -3)), rule)).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCodeToken('CSM1.k1.v7h3k2m9qa.c1.3')).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCodeToken('CSM1.k1.V7H3.c1.3.AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCodeToken('CSM1.k1.v7h3.c1.0.AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCodeToken('CSM1.k1.v7h3.c1.03.AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ ok: false, reason: 'malformed' })
    expect(parseVenueCodeToken('CSM1.k1.v7h3.c1.x.AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ ok: false, reason: 'malformed' })
  })

  it('without known bases (a client built without them) checks the shape and leaves the host to the server', () => {
    expect(parseVenueCode(`https://anything.example/c?t=${token}`, { bases: null }).ok).toBe(true)
    expect(parseVenueCode(`https://anything.example/c?t=${token}&t=${token}`, { bases: null }).ok).toBe(false)
    expect(parseVenueCode(`javascript:alert(1)//c?t=${token}`, { bases: null })).toEqual({ ok: false, reason: 'foreign' })
  })
})
