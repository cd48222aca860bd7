import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'crypto'
import { ConfigError, DEFAULT_ALIPAY_GATEWAY, DEFAULT_WECHAT_API_BASE, loadConfig } from '../../server/config'

const b64 = (n: number) => randomBytes(n).toString('base64')
const validEnv = () => ({
  CODE_SIGNING_KEYS: `k1:${b64(32)},k2:${b64(32)}`,
  CODE_SIGNING_KID: 'k2',
  DATA_ENCRYPTION_KEY: b64(32),
  LOOKUP_HASH_KEY: b64(32),
  PUBLIC_BASE_URL: 'https://csm.example.gov.cn/'
})

describe('configuration', () => {
  it('reads every key, uses the PostgreSQL server it is given, and keeps demo login off', () => {
    const c = loadConfig({ ...validEnv(), DATABASE_URL: 'postgresql://db.internal/csm' })
    expect(Object.keys(c.codeSigningKeys)).toEqual(['k1', 'k2'])
    expect(c).toMatchObject({ codeSigningKid: 'k2', publicBaseUrl: 'https://csm.example.gov.cn', demoLogin: false, localStack: false, databaseUrl: 'postgresql://db.internal/csm' })
  })

  it('uses PGlite on disk for the local stack, where demo login may be on', () => {
    const local = { ...validEnv(), LOCAL_STACK: '1', PUBLIC_BASE_URL: 'http://127.0.0.1:8080' }
    expect(loadConfig(local)).toMatchObject({ dataDir: '.data/pglite', databaseUrl: undefined, demoLogin: false, localStack: true })
    expect(loadConfig({ ...local, DEMO_LOGIN: '1', DATA_DIR: ':memory:' })).toMatchObject({ demoLogin: true, dataDir: ':memory:' })
  })

  it('publishes audit heads to AUDIT_HEADS_FILE, beside the local stack\'s data directory by default, to the log alone when deployed without one', () => {
    const local = { ...validEnv(), LOCAL_STACK: '1', PUBLIC_BASE_URL: 'http://127.0.0.1:8080' }
    expect(loadConfig({ ...local, DATA_DIR: '/srv/csm/.data/pglite' }).auditHeadsFile).toBe('/srv/csm/.data/audit-heads.jsonl')
    expect(loadConfig({ ...local, DATA_DIR: ':memory:' }).auditHeadsFile).toBeUndefined()
    expect(loadConfig({ ...validEnv(), DATABASE_URL: 'postgresql://db.internal/csm' }).auditHeadsFile).toBeUndefined()
    expect(loadConfig({ ...validEnv(), DATABASE_URL: 'postgresql://db.internal/csm', AUDIT_HEADS_FILE: '/mnt/audit/heads.jsonl' }).auditHeadsFile)
      .toBe('/mnt/audit/heads.jsonl')
  })

  it('reads data keys by id: one DATA_ENCRYPTION_KEY is k1, a list names the current one', () => {
    const single = loadConfig({ ...validEnv(), DATA_DIR: ':memory:' })
    expect(Object.keys(single.dataKeys.keys)).toEqual(['k1'])
    expect(single.dataKeys.currentKid).toBe('k1')
    const { DATA_ENCRYPTION_KEY: _single, ...rest } = validEnv()
    const listed = loadConfig({ ...rest, DATA_DIR: ':memory:', DATA_ENCRYPTION_KEYS: `k1:${b64(32)}, k2:${b64(32)}`, DATA_ENCRYPTION_KID: 'k2' })
    expect(Object.keys(listed.dataKeys.keys)).toEqual(['k1', 'k2'])
    expect(listed.dataKeys.currentKid).toBe('k2')
  })

  it.each([
    ['both forms at once', { DATA_ENCRYPTION_KEYS: `k1:${b64(32)}`, DATA_ENCRYPTION_KID: 'k1' }, /not both/],
    ['a list without the current id', { DATA_ENCRYPTION_KEY: undefined, DATA_ENCRYPTION_KEYS: `k1:${b64(32)}` }, /DATA_ENCRYPTION_KID/],
    ['a current id not in the list', { DATA_ENCRYPTION_KEY: undefined, DATA_ENCRYPTION_KEYS: `k1:${b64(32)}`, DATA_ENCRYPTION_KID: 'k2' }, /DATA_ENCRYPTION_KID "k2"/],
    ['a short key in the list', { DATA_ENCRYPTION_KEY: undefined, DATA_ENCRYPTION_KEYS: `k1:${b64(16)}`, DATA_ENCRYPTION_KID: 'k1' }, /must be 32 bytes/],
    ['a current id without a list', { DATA_ENCRYPTION_KID: 'k1' }, /needs DATA_ENCRYPTION_KEYS/]
  ])('refuses data keys given as %s', (_label, patch, message) => {
    expect(() => loadConfig({ ...validEnv(), DATA_DIR: ':memory:', ...patch })).toThrow(message)
  })

  it('refuses demo login outside the local stack: its accounts include an official', () => {
    expect(() => loadConfig({ ...validEnv(), DATABASE_URL: 'postgresql://db.internal/csm', DEMO_LOGIN: '1' }))
      .toThrow('DEMO_LOGIN=1 is only allowed on the local stack')
  })

  it('refuses a deployment without a database rather than answering from an empty private one', () => {
    expect(() => loadConfig(validEnv())).toThrow(/DATABASE_URL/)
    expect(loadConfig({ ...validEnv(), DATA_DIR: '/srv/csm/pglite' }).dataDir).toBe('/srv/csm/pglite')
  })

  it.each([
    ['CODE_SIGNING_KEYS', { CODE_SIGNING_KEYS: undefined }, /CODE_SIGNING_KEYS/],
    ['CODE_SIGNING_KID', { CODE_SIGNING_KID: 'k3' }, /CODE_SIGNING_KID "k3"/],
    ['CODE_SIGNING_KID naming a built-in property', { CODE_SIGNING_KID: 'toString' }, /CODE_SIGNING_KID "toString"/],
    ['mistyped signing key', { CODE_SIGNING_KEYS: `k2:${b64(32)}!!#` }, /CODE_SIGNING_KEYS key "k2" is not valid base64/],
    ['short signing key', { CODE_SIGNING_KEYS: `k2:${b64(8)}` }, /at least 32 bytes/],
    ['DATA_ENCRYPTION_KEY', { DATA_ENCRYPTION_KEY: undefined }, /DATA_ENCRYPTION_KEY/],
    ['wrong-size encryption key', { DATA_ENCRYPTION_KEY: b64(16) }, /must be 32 bytes/],
    ['LOOKUP_HASH_KEY', { LOOKUP_HASH_KEY: '' }, /LOOKUP_HASH_KEY/],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: undefined }, /PUBLIC_BASE_URL/],
    ['http base URL', { PUBLIC_BASE_URL: 'http://csm.example.gov.cn' }, /https/]
  ])('refuses to start without a valid %s', (_label, patch, message) => {
    const env = { ...validEnv(), DATABASE_URL: 'postgresql://db.internal/csm', ...patch }
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('normalises the base every printed and scanned link is compared with, and keeps earlier bases', () => {
    const c = loadConfig({ ...validEnv(), PUBLIC_BASE_URL: 'HTTPS://CSM.Example.gov.cn:443/', PREVIOUS_PUBLIC_BASE_URLS: ' https://old.example.gov.cn/csm/ ,https://csm.example.gov.cn', DATA_DIR: ':memory:' })
    expect(c.publicBaseUrl).toBe('https://csm.example.gov.cn')
    expect(c.codeLinkBases).toEqual(['https://csm.example.gov.cn', 'https://old.example.gov.cn/csm'])
  })

  it.each([
    ['a query', 'https://csm.example.gov.cn/?x=1'],
    ['a fragment', 'https://csm.example.gov.cn/#a'],
    ['credentials', 'https://u:p@csm.example.gov.cn'],
    ['an escaped path', 'https://csm.example.gov.cn/%63sm']
  ])('refuses a base URL with %s', (_label, url) => {
    expect(() => loadConfig({ ...validEnv(), PUBLIC_BASE_URL: url, DATA_DIR: ':memory:' })).toThrow(ConfigError)
    expect(() => loadConfig({ ...validEnv(), PREVIOUS_PUBLIC_BASE_URLS: url, DATA_DIR: ':memory:' })).toThrow(/PREVIOUS_PUBLIC_BASE_URLS/)
  })

  it('allows an http base URL on the local stack only', () => {
    expect(loadConfig({ ...validEnv(), PUBLIC_BASE_URL: 'http://127.0.0.1:8080', LOCAL_STACK: '1' }).publicBaseUrl).toBe('http://127.0.0.1:8080')
  })
})

describe('Alipay sign-in settings', () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const appKeyPem = String(app.privateKey.export({ type: 'pkcs8', format: 'pem' })).trim()
  const alipayKeyPem = String(alipay.publicKey.export({ type: 'spki', format: 'pem' })).trim()
  /** The PEM body alone, as Alipay's key tool shows a key. */
  const bare = (pem: string) => pem.split('\n').filter((l) => !l.startsWith('-----')).join('')
  const deployed = () => ({ ...validEnv(), DATABASE_URL: 'postgresql://db.internal/csm' })
  const alipayEnv = (patch: Record<string, string | undefined> = {}) => ({
    ...deployed(), ALIPAY_APP_ID: '2021000122671080', ALIPAY_PRIVATE_KEY: appKeyPem, ALIPAY_PUBLIC_KEY: alipayKeyPem, ...patch
  })

  it('are optional: without them Alipay sign-in is off', () => {
    expect(loadConfig(deployed()).alipay).toBeUndefined()
  })

  it('read the app id and keys, with Alipay\'s production gateway by default', () => {
    expect(loadConfig(alipayEnv()).alipay).toEqual({
      appId: '2021000122671080', privateKey: appKeyPem, alipayPublicKey: alipayKeyPem, gateway: DEFAULT_ALIPAY_GATEWAY
    })
    expect(DEFAULT_ALIPAY_GATEWAY).toBe('https://openapi.alipay.com/gateway.do')
    expect(loadConfig(alipayEnv({ ALIPAY_GATEWAY: 'https://openapi-sandbox.dl.alipaydev.com/gateway.do' })).alipay?.gateway)
      .toBe('https://openapi-sandbox.dl.alipaydev.com/gateway.do')
  })

  it.each([
    ['PKCS#8 PEM', appKeyPem],
    ['bare base64 PKCS#8', bare(appKeyPem)],
    ['PKCS#1 PEM', String(app.privateKey.export({ type: 'pkcs1', format: 'pem' }))],
    ['bare base64 PKCS#1', bare(String(app.privateKey.export({ type: 'pkcs1', format: 'pem' })))],
    ['PEM on one line with \\n escapes', appKeyPem.replace(/\n/g, '\\n')]
  ])('take the app private key as %s, and hand it on as PKCS#8 PEM', (_label, key) => {
    const c = loadConfig(alipayEnv({ ALIPAY_PRIVATE_KEY: key })).alipay
    expect(c?.privateKey).toBe(appKeyPem)
    expect(createPrivateKey(c!.privateKey).asymmetricKeyType).toBe('rsa')
  })

  it.each([
    ['SPKI PEM', alipayKeyPem],
    ['bare base64', bare(alipayKeyPem)],
    ['PKCS#1 PEM', String(alipay.publicKey.export({ type: 'pkcs1', format: 'pem' }))]
  ])('take Alipay\'s public key as %s', (_label, key) => {
    const c = loadConfig(alipayEnv({ ALIPAY_PUBLIC_KEY: key })).alipay
    expect(c?.alipayPublicKey).toBe(alipayKeyPem)
    expect(createPublicKey(c!.alipayPublicKey).asymmetricKeyType).toBe('rsa')
  })

  it.each([
    ['only the app id', { ALIPAY_PRIVATE_KEY: undefined, ALIPAY_PUBLIC_KEY: undefined }, /Missing required environment variable ALIPAY_PRIVATE_KEY/],
    ['no Alipay public key', { ALIPAY_PUBLIC_KEY: '  ' }, /Missing required environment variable ALIPAY_PUBLIC_KEY/],
    ['only a gateway', { ALIPAY_APP_ID: undefined, ALIPAY_PRIVATE_KEY: undefined, ALIPAY_PUBLIC_KEY: undefined, ALIPAY_GATEWAY: 'https://openapi.alipay.com/gateway.do' }, /Missing required environment variable ALIPAY_APP_ID/],
    ['an app id that is not digits', { ALIPAY_APP_ID: 'my-app' }, /ALIPAY_APP_ID/],
    ['a private key that is not base64', { ALIPAY_PRIVATE_KEY: 'not a key!' }, /ALIPAY_PRIVATE_KEY is not valid base64/],
    ['a private key that is not a key', { ALIPAY_PRIVATE_KEY: b64(64) }, /ALIPAY_PRIVATE_KEY is not an RSA key/],
    ['an EC private key', { ALIPAY_PRIVATE_KEY: String(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' })) }, /ALIPAY_PRIVATE_KEY must be an RSA key/],
    ['the app private key as Alipay\'s public key', { ALIPAY_PUBLIC_KEY: appKeyPem }, /ALIPAY_PUBLIC_KEY holds a private key/],
    ['the app\'s own public key as Alipay\'s', { ALIPAY_PUBLIC_KEY: String(app.publicKey.export({ type: 'spki', format: 'pem' })) }, /ALIPAY_PUBLIC_KEY is the app's own public key/],
    ['an http gateway', { ALIPAY_GATEWAY: 'http://openapi.alipay.com/gateway.do' }, /ALIPAY_GATEWAY must start with https/],
    ['a gateway that is not a URL', { ALIPAY_GATEWAY: 'openapi.alipay.com' }, /ALIPAY_GATEWAY "openapi.alipay.com" is not a URL/]
  ])('refuse to start with %s', (_label, patch, message) => {
    const env = alipayEnv(patch)
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('allow an http gateway on the local stack only (a fake or a tunnel)', () => {
    const local = alipayEnv({ LOCAL_STACK: '1', PUBLIC_BASE_URL: 'http://127.0.0.1:8080', ALIPAY_GATEWAY: 'http://127.0.0.1:9000/gateway.do' })
    expect(loadConfig(local).alipay?.gateway).toBe('http://127.0.0.1:9000/gateway.do')
  })
})

describe('WeChat 人脸核身 settings', () => {
  const appId = 'wx0123456789abcdef'
  const appSecret = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
  const deployed = () => ({ ...validEnv(), DATABASE_URL: 'postgresql://db.internal/csm' })
  const wechatEnv = (patch: Record<string, string | undefined> = {}) => ({ ...deployed(), WECHAT_APP_ID: appId, WECHAT_APP_SECRET: appSecret, ...patch })

  it('are optional: without them WeChat 人脸核身 is off', () => {
    expect(loadConfig(deployed()).wechat).toBeUndefined()
  })

  it('read the AppID and AppSecret, with WeChat\'s API by default', () => {
    expect(loadConfig(wechatEnv()).wechat).toEqual({ appId, appSecret, apiBase: DEFAULT_WECHAT_API_BASE })
    expect(DEFAULT_WECHAT_API_BASE).toBe('https://api.weixin.qq.com')
    expect(loadConfig(wechatEnv({ WECHAT_API_BASE: ' https://wx-proxy.example.gov.cn/weixin/ ' })).wechat?.apiBase).toBe('https://wx-proxy.example.gov.cn/weixin')
  })

  it.each([
    ['only the AppID', { WECHAT_APP_SECRET: undefined }, /Missing required environment variable WECHAT_APP_SECRET \(WECHAT_APP_ID set/],
    ['only the AppSecret', { WECHAT_APP_ID: '  ' }, /Missing required environment variable WECHAT_APP_ID/],
    ['only an API base', { WECHAT_APP_ID: undefined, WECHAT_APP_SECRET: undefined, WECHAT_API_BASE: 'https://api.weixin.qq.com' }, /Missing required environment variable WECHAT_APP_ID/],
    ['an AppID that is not one', { WECHAT_APP_ID: '2021000122671080' }, /WECHAT_APP_ID must be/],
    ['an AppSecret that is not one', { WECHAT_APP_SECRET: 'secret' }, /WECHAT_APP_SECRET must be/],
    ['an http API base', { WECHAT_API_BASE: 'http://api.weixin.qq.com' }, /WECHAT_API_BASE must start with https/],
    ['an API base that is not a URL', { WECHAT_API_BASE: 'api.weixin.qq.com' }, /WECHAT_API_BASE "api.weixin.qq.com" is not a URL/],
    ['an API base with a query', { WECHAT_API_BASE: 'https://api.weixin.qq.com/?x=1' }, /WECHAT_API_BASE .* scheme, host and optional path only/]
  ])('refuse to start with %s', (_label, patch, message) => {
    const env = wechatEnv(patch)
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('never quote the AppSecret, even when it is the value refused', () => {
    const messageOf = (env: Record<string, string | undefined>) => {
      try {
        loadConfig(env)
      } catch (err) {
        return String(err)
      }
      throw new Error('the configuration was accepted')
    }
    const wrong = 'not-a-secret-but-still-not-for-logs'
    expect(messageOf(wechatEnv({ WECHAT_APP_SECRET: wrong }))).not.toContain(wrong)
    expect(messageOf(wechatEnv({ WECHAT_APP_ID: 'nope' }))).not.toContain(appSecret)
  })

  it('allow an http API base on the local stack only (a fake or a tunnel)', () => {
    const local = wechatEnv({ LOCAL_STACK: '1', PUBLIC_BASE_URL: 'http://127.0.0.1:8080', WECHAT_API_BASE: 'http://127.0.0.1:9001' })
    expect(loadConfig(local).wechat?.apiBase).toBe('http://127.0.0.1:9001')
  })
})
