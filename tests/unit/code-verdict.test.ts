import { codeVerdict } from '../../server/domain/code-verdict'

describe('what a scanned venue code means', () => {
  it('is genuine when signed by us and the version is the one on the wall', () => {
    expect(codeVerdict('valid', 3, 3)).toBe('genuine')
  })
  it('is revoked when it is our older poster after the code was regenerated', () => {
    expect(codeVerdict('valid', 3, 2)).toBe('revoked')
    expect(codeVerdict('valid', 3, 1)).toBe('revoked')
  })
  it('is forged when the signature is wrong or the key unknown, whatever the version', () => {
    expect(codeVerdict('tampered', 3, 3)).toBe('forged')
    expect(codeVerdict('unknownKey', 3, 3)).toBe('forged')
    expect(codeVerdict('tampered', 3, 2)).toBe('forged')
  })
  it('is forged for a venue we never issued or a version we have not issued yet', () => {
    expect(codeVerdict('valid', null, 1)).toBe('forged')
    expect(codeVerdict('valid', 3, 4)).toBe('forged')
  })
})
