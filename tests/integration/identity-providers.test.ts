/**
 * The identity providers against fakes of WeChat's and Alipay's servers that speak their real
 * message shapes over HTTP (tests/support/fake-wechat.ts, fake-alipay.ts); everything on our
 * side is real: the configuration, the HTTP clients, alipay-sdk's signatures, the ticket seal.
 *
 * Replays: a ticket asked about with another claim (or account, or outerId) than it was opened
 * for is `mismatch`, for every provider, decided by the seal before the provider is asked.
 */
import { randomBytes } from 'crypto'
import { loadConfig } from '../../server/config'
import { alipayCertifyProvider } from '../../server/identity/alipay-certify'
import { demoIdentityProvider, DEMO_CHECK_LIFETIME_MS } from '../../server/identity/demo'
import type { CheckResult, IdentityAccount, IdentityClaim, IdentityProvider, StartedCheck } from '../../server/identity/port'
import { identityProviders } from '../../server/identity/providers'
import { ticketSealKey } from '../../server/identity/ticket-seal'
import { certHash, wechatFaceProvider } from '../../server/identity/wechat-face'
import { WECHAT_TIMEOUT_MS } from '../../server/wechat/api'
import { ALIPAY_TIMEOUT_MS } from '../../server/alipay/client'
import { startFakeAlipay, type FakeAlipay } from '../support/fake-alipay'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { makeIdCard } from './fixtures'

const b64 = (n: number) => randomBytes(n).toString('base64')
const baseEnv = () => ({
  CODE_SIGNING_KEYS: `k1:${b64(32)}`,
  CODE_SIGNING_KID: 'k1',
  DATA_ENCRYPTION_KEY: b64(32),
  LOOKUP_HASH_KEY: b64(32),
  PUBLIC_BASE_URL: 'http://127.0.0.1:8080',
  DATA_DIR: ':memory:'
})

let nextOuterId = 0
/** Our id of a check: unique, 5–32 letters and digits. */
const newOuterId = () => `chk${Date.now().toString(36)}${(nextOuterId++).toString(36)}`
const newClaim = (name = '张三'): IdentityClaim => ({ name, idCard: makeIdCard('19900101') })

/** Everything written to standard error while `run` ran. */
async function stderrOf(run: () => Promise<void>): Promise<string> {
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    await run()
    return spy.mock.calls.map((c) => String(c[0])).join('')
  } finally {
    spy.mockRestore()
  }
}

function started(check: Awaited<ReturnType<IdentityProvider['start']>>): StartedCheck {
  if ('kind' in check) throw new Error(`the check did not start: ${check.reason.message}`)
  return check
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = Date.now()
  const value = await run()
  return { value, ms: Date.now() - t0 }
}

/** What the tests do to one provider's fake, whichever provider it is. */
interface Driver {
  label: 'wechat' | 'alipay'
  provider: () => IdentityProvider
  account: () => IdentityAccount
  /** The person's check, as the mini-program's screen ended it. */
  complete(check: StartedCheck, outcome: 'pass' | 'fail' | 'other-person'): void
  expire(check: StartedCheck): void
  setMode(mode: 'up' | 'hang' | 'bad-gateway' | 'garbage'): void
  goDown(): Promise<void>
  comeBack(): Promise<void>
  timeoutMs: number
  /** Secrets the fake handed out that must stay out of logs. */
  secrets(): string[]
}

let wechat: FakeWechat
let alipay: FakeAlipay
const sealKey = ticketSealKey(randomBytes(32))

beforeAll(async () => {
  wechat = await startFakeWechat()
  alipay = await startFakeAlipay()
})
afterAll(async () => {
  await wechat?.close()
  await alipay?.close()
})
afterEach(() => {
  wechat.setMode('up')
  alipay.setMode('up')
})

const openid = () => `o${randomBytes(14).toString('base64url')}`
const alipayUid = () => `2088${String(Date.now()).slice(-8)}${String(nextOuterId++).padStart(4, '0')}`

const drivers: Driver[] = [
  {
    label: 'wechat',
    provider: () => wechatFaceProvider(wechat.config, sealKey),
    account: () => ({ wxOpenid: openid() }),
    complete: (check, outcome) => wechat.complete(verifyIdOf(check), outcome),
    expire: (check) => wechat.expire(verifyIdOf(check)),
    setMode: (mode) => wechat.setMode(mode),
    goDown: () => wechat.goDown(),
    comeBack: () => wechat.comeBack(),
    timeoutMs: WECHAT_TIMEOUT_MS,
    secrets: () => [...wechat.accessTokens, wechat.env.WECHAT_APP_SECRET]
  },
  {
    label: 'alipay',
    provider: () => alipayCertifyProvider(alipay.config, { returnUrl: 'https://csm.example.test', sealKey }),
    account: () => ({ alipayUid: alipayUid() }),
    complete: (check, outcome) => alipay.completeCertify(certifyIdOf(check), outcome),
    expire: (check) => alipay.expireCertify(certifyIdOf(check)),
    setMode: (mode) => alipay.setMode(mode),
    goDown: () => alipay.goDown(),
    comeBack: () => alipay.comeBack(),
    timeoutMs: ALIPAY_TIMEOUT_MS,
    secrets: () => [...alipay.accessTokens]
  }
]

function verifyIdOf(check: StartedCheck): string {
  if (!('verifyId' in check.client)) throw new Error('not a WeChat check')
  return check.client.verifyId
}

/** The certifyId, once Alipay's app would open the signed link for it. */
function certifyIdOf(check: StartedCheck): string {
  if (!('certifyId' in check.client)) throw new Error('not an Alipay check')
  expect(alipay.certifyIdOf(check.client.url)).toBe(check.client.certifyId)
  return check.client.certifyId
}

describe.each(drivers)('the $label provider', (d) => {
  const open = async () => {
    const provider = d.provider()
    const claim = newClaim()
    const account = d.account()
    const outerId = newOuterId()
    const check = started(await provider.start(claim, account, outerId))
    const ask = (overrides: { claim?: IdentityClaim; account?: IdentityAccount; outerId?: string; ticket?: string } = {}): Promise<CheckResult> =>
      provider.result(overrides.ticket ?? check.ticket, overrides.claim ?? claim, overrides.account ?? account, overrides.outerId ?? outerId)
    return { provider, claim, account, outerId, check, ask }
  }

  it('is pending until the person has done the check, then passes', async () => {
    const { check, ask } = await open()
    expect(check.expiresAt.getTime()).toBeGreaterThan(Date.now() + 30 * 60 * 1000)
    expect(check.ticket.length).toBeLessThanOrEqual(300)
    expect(await ask()).toEqual({ kind: 'pending' })
    d.complete(check, 'pass')
    expect(await ask()).toEqual({ kind: 'passed' })
    // Asked again (the client retried), the answer is the same.
    expect(await ask()).toEqual({ kind: 'passed' })
  })

  it('fails when the face did not match', async () => {
    const { check, ask } = await open()
    d.complete(check, 'fail')
    expect(await ask()).toMatchObject({ kind: 'failed', detail: expect.any(String) })
  })

  it('answers mismatch when the provider says the check was not of the claimed person', async () => {
    const { check, ask } = await open()
    d.complete(check, 'other-person')
    expect(await ask()).toEqual({ kind: 'mismatch' })
  })

  it('answers expired for a ticket whose time is up at the provider, and for a string that is no ticket', async () => {
    const { check, ask } = await open()
    d.expire(check)
    expect(await ask()).toEqual({ kind: 'expired' })
    expect(await ask({ ticket: 'no-such-ticket' })).toEqual({ kind: 'expired' })
    expect(await ask({ ticket: `${check.ticket.slice(0, check.ticket.lastIndexOf('.'))}.${randomBytes(24).toString('base64url')}` })).toEqual({ kind: 'expired' })
  })

  it('answers mismatch for a ticket that passed once, asked again with another claim, account or check id', async () => {
    const { check, claim, ask } = await open()
    d.complete(check, 'pass')
    expect(await ask()).toEqual({ kind: 'passed' })
    expect(await ask({ claim: newClaim('李四') })).toEqual({ kind: 'mismatch' })
    expect(await ask({ claim: { ...claim, name: '张四' } })).toEqual({ kind: 'mismatch' })
    expect(await ask({ account: d.account() })).toEqual({ kind: 'mismatch' })
    expect(await ask({ outerId: newOuterId() })).toEqual({ kind: 'mismatch' })
  })

  it('refuses an outerId the providers would not take, as the caller\'s mistake', async () => {
    await expect(d.provider().start(newClaim(), d.account(), 'bad id!')).rejects.toThrow(/outerId/)
  })

  it.each(['hang', 'bad-gateway', 'garbage'] as const)('is unavailable, within its timeout, when the server answers %s', async (mode) => {
    const { ask } = await open()
    d.setMode(mode)
    const start = await timed(() => d.provider().start(newClaim(), d.account(), newOuterId()))
    expect(start.value).toMatchObject({ kind: 'unavailable', reason: expect.any(Error) })
    expect(start.ms).toBeLessThan(d.timeoutMs + 1500)
    const result = await timed(ask)
    expect(result.value).toMatchObject({ kind: 'unavailable' })
    expect(result.ms).toBeLessThan(d.timeoutMs + 1500)
  })

  it('is unavailable while the server is down, and works again when it is back', async () => {
    const { check, ask } = await open()
    await d.goDown()
    try {
      expect(await d.provider().start(newClaim(), d.account(), newOuterId())).toMatchObject({ kind: 'unavailable' })
      expect(await ask()).toMatchObject({ kind: 'unavailable' })
    } finally {
      await d.comeBack()
    }
    d.complete(check, 'pass')
    expect(await ask()).toEqual({ kind: 'passed' })
  })

  it('writes no name, ID number or token to standard error, and none into the reasons it gives', async () => {
    const claim = newClaim('欧阳娜娜')
    const reasons: string[] = []
    const keep = (r: unknown) => {
      if (r && typeof r === 'object' && 'reason' in r) reasons.push(String((r as { reason: Error }).reason.message))
      return r
    }
    const err = await stderrOf(async () => {
      const provider = d.provider()
      const account = d.account()
      const outerId = newOuterId()
      const check = started(await provider.start(claim, account, outerId))
      d.complete(check, 'pass')
      await provider.result(check.ticket, claim, account, outerId)
      for (const mode of ['bad-gateway', 'garbage'] as const) {
        d.setMode(mode)
        keep(await provider.start(claim, account, newOuterId()))
        keep(await provider.result(check.ticket, claim, account, outerId))
      }
      d.setMode('up')
    })
    expect(reasons.length).toBe(4)
    for (const text of [err, ...reasons]) {
      expect(text).not.toContain(claim.name)
      expect(text).not.toContain(claim.idCard)
      for (const secret of d.secrets()) expect(text).not.toContain(secret)
    }
  })
})

describe('the wechat provider and WeChat\'s API', () => {
  const provider = () => wechatFaceProvider(wechat.config, sealKey)

  it('computes cert_hash as WeChat\'s documentation does for its own example', () => {
    expect(certHash({ name: '张三', idCard: '310101199801011234' })).toBe('3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b')
  })

  it('asks getVerifyId with the claim, openid and outerId, and queryVerifyInfo with the same and the claim\'s hash', async () => {
    const claim = newClaim()
    const account = { wxOpenid: openid() }
    const outerId = newOuterId()
    const check = started(await provider().start(claim, account, outerId))
    await provider().result(check.ticket, claim, account, outerId)
    const [get, query] = wechat.requests.filter((r) => r.path.startsWith('/cityservice/')).slice(-2)
    expect(get).toEqual({
      path: '/cityservice/face/identify/getverifyid',
      accessToken: expect.any(String),
      body: { out_seq_no: outerId, cert_info: { cert_type: 'IDENTITY_CARD', cert_name: claim.name, cert_no: claim.idCard }, openid: account.wxOpenid }
    })
    expect(query).toEqual({
      path: '/cityservice/face/identify/queryverifyinfo',
      accessToken: get.accessToken,
      body: { verify_id: check.client && verifyIdOf(check), out_seq_no: outerId, cert_hash: certHash(claim), openid: account.wxOpenid }
    })
  })

  it('keeps the access token between calls and gets another once when WeChat ends it early or it was renewed elsewhere', async () => {
    const before = wechat.requests.filter((r) => r.path === '/cgi-bin/stable_token').length
    const claim = newClaim()
    const account = { wxOpenid: openid() }
    const outerId = newOuterId()
    const check = started(await provider().start(claim, account, outerId))
    expect(await provider().result(check.ticket, claim, account, outerId)).toEqual({ kind: 'pending' })
    const tokenCalls = () => wechat.requests.filter((r) => r.path === '/cgi-bin/stable_token').length - before
    expect(tokenCalls()).toBeLessThanOrEqual(1)
    const settled = tokenCalls()

    wechat.expireAccessToken()
    expect(await provider().result(check.ticket, claim, account, outerId)).toEqual({ kind: 'pending' })
    wechat.revokeAccessToken()
    wechat.complete(verifyIdOf(check), 'pass')
    expect(await provider().result(check.ticket, claim, account, outerId)).toEqual({ kind: 'passed' })
    expect(tokenCalls()).toBe(settled + 2)
    expect(wechat.requests.filter((r) => r.path === '/cgi-bin/stable_token').every((r) => r.body.force_refresh === false)).toBe(true)
  })

  it.each([
    ['正在检测中 (10005)', 10005, { kind: 'pending' }],
    ['the person cancelled (90002)', 90002, { kind: 'failed', detail: 'verify_ret 90002' }],
    ['no such person at the authority (10026)', 10026, { kind: 'failed', detail: 'verify_ret 10026' }],
    ['非法 Id (10017)', 10017, { kind: 'expired' }],
    ['our app lacks the permission (10006)', 10006, { kind: 'unavailable' }]
  ])('maps verify_ret %s', async (_label, ret, expected) => {
    const claim = newClaim()
    const account = { wxOpenid: openid() }
    const outerId = newOuterId()
    const check = started(await provider().start(claim, account, outerId))
    wechat.complete(verifyIdOf(check), ret)
    expect(await provider().result(check.ticket, claim, account, outerId)).toMatchObject(expected)
  })

  it('is unavailable when WeChat is busy (errcode -1), naming the code for the operator', async () => {
    wechat.setMode('busy')
    const answer = await provider().start(newClaim(), { wxOpenid: openid() }, newOuterId())
    expect(answer).toMatchObject({ kind: 'unavailable', reason: { message: expect.stringContaining('errcode=-1') } })
  })

  it('ties a check to the openid only: an Alipay id the account linked meanwhile changes nothing', async () => {
    const claim = newClaim()
    const account = { wxOpenid: openid() }
    const outerId = newOuterId()
    const check = started(await provider().start(claim, account, outerId))
    wechat.complete(verifyIdOf(check), 'pass')
    expect(await provider().result(check.ticket, claim, { ...account, alipayUid: alipayUid() }, outerId)).toEqual({ kind: 'passed' })
  })

  it('needs the account\'s openid', async () => {
    await expect(provider().start(newClaim(), { alipayUid: '2088000000000001' }, newOuterId())).rejects.toThrow(/wxOpenid/)
  })
})

describe('the alipay provider and Alipay\'s gateway', () => {
  const provider = () => alipayCertifyProvider(alipay.config, { returnUrl: 'https://csm.example.test', sealKey })

  it('opens a FACE check of the claim with our outerId, signs the link the mini-program opens, and queries by certify_id', async () => {
    const claim = newClaim()
    const account = { alipayUid: alipayUid() }
    const outerId = newOuterId()
    const check = started(await provider().start(claim, account, outerId))
    expect(check.expiresAt.getTime()).toBeGreaterThan(Date.now() + 22 * 60 * 60 * 1000)
    const init = alipay.requests.filter((r) => r.method === 'alipay.user.certify.open.initialize').pop()!
    expect(init).toMatchObject({ app_id: alipay.config.appId, sign_type: 'RSA2' })
    expect(JSON.parse(init.biz_content)).toEqual({
      outer_order_no: outerId,
      biz_code: 'FACE',
      identity_param: { identity_type: 'CERT_INFO', cert_type: 'IDENTITY_CARD', cert_name: claim.name, cert_no: claim.idCard },
      merchant_config: { return_url: 'https://csm.example.test' }
    })
    expect(certifyIdOf(check)).toMatch(/^[0-9a-f]{32}$/)
    await provider().result(check.ticket, claim, account, outerId)
    const query = alipay.requests.filter((r) => r.method === 'alipay.user.certify.open.query').pop()!
    expect(JSON.parse(query.biz_content)).toEqual({ certify_id: certifyIdOf(check) })
  })

  it.each(['unsigned', 'forged'] as const)('believes no %s answer: a passed check then counts as Alipay unavailable', async (mode) => {
    const claim = newClaim()
    const account = { alipayUid: alipayUid() }
    const outerId = newOuterId()
    const check = started(await provider().start(claim, account, outerId))
    alipay.completeCertify(certifyIdOf(check), 'pass')
    alipay.setMode(mode)
    expect(await provider().result(check.ticket, claim, account, outerId)).toMatchObject({ kind: 'unavailable' })
    expect(await provider().start(claim, account, newOuterId())).toMatchObject({ kind: 'unavailable' })
  })

  it('needs the account\'s Alipay user id', async () => {
    await expect(provider().start(newClaim(), { wxOpenid: openid() }, newOuterId())).rejects.toThrow(/alipayUid/)
  })
})

describe('the demo provider', () => {
  const demo = () => demoIdentityProvider({ demoLogin: true }, sealKey)

  it('passes at once, for the claim it was opened for only', async () => {
    const claim = newClaim()
    const account = { wxOpenid: openid() }
    const outerId = newOuterId()
    const check = started(await demo().start(claim, account, outerId))
    expect(check.client).toEqual({ demo: true })
    // Another instance (another cloud function's bundle) knows the ticket as well.
    expect(await demo().result(check.ticket, claim, account, outerId)).toEqual({ kind: 'passed' })
    expect(await demo().result(check.ticket, newClaim('李四'), account, outerId)).toEqual({ kind: 'mismatch' })
  })

  it('answers expired for an unknown ticket, another provider\'s ticket, and one past its time', async () => {
    const claim = newClaim()
    const account = { wxOpenid: openid() }
    const outerId = newOuterId()
    expect(await demo().result('demo_unknown', claim, account, outerId)).toEqual({ kind: 'expired' })
    const wechatCheck = started(await wechatFaceProvider(wechat.config, sealKey).start(claim, account, outerId))
    expect(await demo().result(wechatCheck.ticket, claim, account, outerId)).toEqual({ kind: 'expired' })
    const check = started(await demo().start(claim, account, outerId))
    const now = Date.now()
    const later = jest.spyOn(Date, 'now').mockReturnValue(now + DEMO_CHECK_LIFETIME_MS + 1000)
    try {
      expect(await demo().result(check.ticket, claim, account, outerId)).toEqual({ kind: 'expired' })
    } finally {
      later.mockRestore()
    }
  })

  it('cannot be made without demo sign-in', () => {
    expect(() => demoIdentityProvider({ demoLogin: false }, sealKey)).toThrow(/DEMO_LOGIN/)
  })
})

describe('identityProviders', () => {
  it('has every provider this deployment is configured for, and the demo one only with demo sign-in', () => {
    const local = loadConfig({ ...baseEnv(), LOCAL_STACK: '1', DEMO_LOGIN: '1', ...wechat.env, ...alipay.env })
    const all = identityProviders(local)
    expect(Object.keys(all).sort()).toEqual(['alipay', 'demo', 'wechat'])
    expect([all.wechat?.kind, all.alipay?.kind, all.demo?.kind]).toEqual(['wechat', 'alipay', 'demo'])
    expect(identityProviders(local)).toBe(all)

    const noDemo = identityProviders(loadConfig({ ...baseEnv(), LOCAL_STACK: '1', ...wechat.env }))
    expect(Object.keys(noDemo)).toEqual(['wechat'])
    const deployed = loadConfig({ ...baseEnv(), PUBLIC_BASE_URL: 'https://csm.example.gov.cn', DATABASE_URL: 'postgresql://db.internal/csm' })
    expect(identityProviders(deployed)).toEqual({})
  })

  it('seals tickets with the deployment\'s key: another deployment\'s ticket is unknown here', async () => {
    const env = { ...baseEnv(), LOCAL_STACK: '1', DEMO_LOGIN: '1' }
    const here = identityProviders(loadConfig(env)).demo!
    const elsewhere = identityProviders(loadConfig({ ...env, LOOKUP_HASH_KEY: b64(32) })).demo!
    const claim = newClaim()
    const account = { wxOpenid: openid() }
    const outerId = newOuterId()
    const check = started(await elsewhere.start(claim, account, outerId))
    expect(await here.result(check.ticket, claim, account, outerId)).toEqual({ kind: 'expired' })
    expect(await identityProviders(loadConfig(env)).demo!.result(started(await here.start(claim, account, outerId)).ticket, claim, account, outerId))
      .toEqual({ kind: 'passed' })
  })
})
