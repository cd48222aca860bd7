import { randomBytes } from 'crypto'
import { ConfigError, loadConfig } from '../../server/config'

const b64 = (n: number) => randomBytes(n).toString('base64')
const validEnv = () => ({
  CODE_SIGNING_KEYS: `k1:${b64(32)},k2:${b64(32)}`,
  CODE_SIGNING_KID: 'k2',
  DATA_ENCRYPTION_KEY: b64(32),
  LOOKUP_HASH_KEY: b64(32),
  PUBLIC_BASE_URL: 'https://csm.example.gov.cn/'
})

describe('configuration', () => {
  it('reads every key and defaults to PGlite on disk with demo login off', () => {
    const c = loadConfig(validEnv())
    expect(Object.keys(c.codeSigningKeys)).toEqual(['k1', 'k2'])
    expect(c).toMatchObject({ codeSigningKid: 'k2', dataDir: '.data/pglite', publicBaseUrl: 'https://csm.example.gov.cn', demoLogin: false, localStack: false, databaseUrl: undefined })
    expect(loadConfig({ ...validEnv(), DEMO_LOGIN: '1', DATA_DIR: ':memory:' })).toMatchObject({ demoLogin: true, dataDir: ':memory:' })
  })

  it.each([
    ['CODE_SIGNING_KEYS', { CODE_SIGNING_KEYS: undefined }, /CODE_SIGNING_KEYS/],
    ['CODE_SIGNING_KID', { CODE_SIGNING_KID: 'k3' }, /CODE_SIGNING_KID "k3"/],
    ['short signing key', { CODE_SIGNING_KEYS: `k2:${b64(8)}` }, /at least 32 bytes/],
    ['DATA_ENCRYPTION_KEY', { DATA_ENCRYPTION_KEY: undefined }, /DATA_ENCRYPTION_KEY/],
    ['wrong-size encryption key', { DATA_ENCRYPTION_KEY: b64(16) }, /must be 32 bytes/],
    ['LOOKUP_HASH_KEY', { LOOKUP_HASH_KEY: '' }, /LOOKUP_HASH_KEY/],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: undefined }, /PUBLIC_BASE_URL/],
    ['http base URL', { PUBLIC_BASE_URL: 'http://csm.example.gov.cn' }, /https/]
  ])('refuses to start without a valid %s', (_label, patch, message) => {
    expect(() => loadConfig({ ...validEnv(), ...patch })).toThrow(ConfigError)
    expect(() => loadConfig({ ...validEnv(), ...patch })).toThrow(message)
  })

  it('allows an http base URL on the local stack only', () => {
    expect(loadConfig({ ...validEnv(), PUBLIC_BASE_URL: 'http://127.0.0.1:8080', LOCAL_STACK: '1' }).publicBaseUrl).toBe('http://127.0.0.1:8080')
  })
})
