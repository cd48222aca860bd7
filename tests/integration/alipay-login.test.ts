/**
 * Sign-in with Alipay through the real function entry, on PGlite and on PostgreSQL. Only Alipay's
 * gateway is faked (tests/support/fake-alipay.ts): alipay-sdk signs real requests to it and checks
 * the signatures of its real answers.
 */
import { generateKeyPairSync } from 'crypto'
import { ERRORS } from '../../src/shared/errors'
import { exchangeAuthCode } from '../../server/alipay/oauth-token'
import { SIGN_IN_LIMIT } from '../../server/domain/rate-limit'
import { startFakeAlipay, type FakeAlipay, type FakeAlipayMode } from '../support/fake-alipay'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, unwrap } from './fixtures'

const from = (address: string) => ({ 'x-forwarded-for': address })
const UNAVAILABLE = { ok: false, code: 'ALIPAY_UNAVAILABLE', message: ERRORS.ALIPAY_UNAVAILABLE }
const CODE_INVALID = { ok: false, code: 'ALIPAY_CODE_INVALID', message: ERRORS.ALIPAY_CODE_INVALID }
let nextUid = 2088000000000001
/** A fresh Alipay account id (user_id: 2088 and twelve digits). */
const newUid = () => String(nextUid++)

/** What was written to standard error while `run` ran. */
async function stderrOf(run: () => Promise<void>): Promise<string[]> {
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    await run()
    return spy.mock.calls.map((c) => String(c[0]))
  } finally {
    spy.mockRestore()
  }
}

describe.each(testDatabases())('Alipay sign-in on $label', ({ databaseUrl }) => {
  let fake: FakeAlipay
  let stack: TestStack
  beforeAll(async () => {
    fake = await startFakeAlipay()
    stack = await createTestStack({ databaseUrl, demoLogin: false, config: { alipay: fake.config } })
  })
  afterAll(async () => {
    await stack?.close()
    await fake?.close()
  })
  beforeEach(async () => {
    fake.setMode('up')
    await stack.db.query('DELETE FROM rate_limits')
  })

  const signIn = (authCode: string, address = '203.0.113.10') => stack.call('alipayLogin', { authCode }, undefined, from(address))

  it('signs a new account in with a session whoAmI knows, and the same account again into the same user', async () => {
    const uid = newUid()
    const usersBefore = await count(stack.db, 'users')
    const first = unwrap(await signIn(fake.issueCode(uid)))
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(first.me).toMatchObject({ roles: ['citizen'], nameMasked: '未实名用户', hasProfile: false, healthStatus: null })
    expect(unwrap(await stack.call('whoAmI', {}, first.token))).toEqual(first.me)
    expect(await count(stack.db, 'users')).toBe(usersBefore + 1)
    expect(await stack.db.query('SELECT id FROM users WHERE alipay_uid = $1', [uid])).toEqual([{ id: first.me.userId }])

    const second = unwrap(await signIn(fake.issueCode(uid)))
    expect(second.me.userId).toBe(first.me.userId)
    expect(second.token).not.toBe(first.token)
    expect(await count(stack.db, 'users')).toBe(usersBefore + 1)
    // Two devices, two sessions: the first is still signed in.
    expect(unwrap(await stack.call('whoAmI', {}, first.token)).userId).toBe(first.me.userId)
  })

  it('asked Alipay with the app id, grant type and code, and signed the request', async () => {
    const code = fake.issueCode(newUid())
    unwrap(await signIn(code))
    expect(fake.requests[fake.requests.length - 1]).toMatchObject({
      method: 'alipay.system.oauth.token', app_id: fake.config.appId, grant_type: 'authorization_code', code, sign_type: 'RSA2'
    })
  })

  it('identifies the account by open_id when Alipay answers with open ids', async () => {
    const openId = '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5'
    const first = unwrap(await signIn(fake.issueCode(openId, { as: 'open_id' })))
    const again = unwrap(await signIn(fake.issueCode(openId, { as: 'open_id' })))
    expect(again.me.userId).toBe(first.me.userId)
    expect(await stack.db.query('SELECT id FROM users WHERE alipay_uid = $1', [openId])).toEqual([{ id: first.me.userId }])
  })

  it('creates one user when an account signs in for the first time on two devices at once', async () => {
    const uid = newUid()
    const answers = await Promise.all([signIn(fake.issueCode(uid)), signIn(fake.issueCode(uid))])
    const ids = answers.map((a) => unwrap(a).me.userId)
    expect(ids[0]).toBe(ids[1])
    expect(await stack.db.query('SELECT count(*)::int AS n FROM users WHERE alipay_uid = $1', [uid])).toEqual([{ n: 1 }])
  })

  it('refuses an expired code as a failed sign-in, creating nobody', async () => {
    const code = fake.issueCode(newUid())
    fake.expire(code)
    const users = await count(stack.db, 'users')
    expect(await signIn(code, '203.0.113.20')).toEqual(CODE_INVALID)
    expect(await count(stack.db, 'users')).toBe(users)
    expect(await stack.db.query('SELECT hits FROM rate_limits WHERE key = $1', ['signin:address:203.0.113.20'])).toEqual([{ hits: 1 }])
  })

  it('refuses a code used before (Alipay codes work once), creating nobody and no session', async () => {
    const code = fake.issueCode(newUid())
    unwrap(await signIn(code))
    const [users, sessions] = [await count(stack.db, 'users'), await count(stack.db, 'sessions')]
    expect(await signIn(code, '203.0.113.21')).toEqual(CODE_INVALID)
    expect([await count(stack.db, 'users'), await count(stack.db, 'sessions')]).toEqual([users, sessions])
    expect(await stack.db.query('SELECT hits FROM rate_limits WHERE key = $1', ['signin:address:203.0.113.21'])).toEqual([{ hits: 1 }])
  })

  it('limits failed sign-ins per address, without asking Alipay once the limit is reached', async () => {
    const used = fake.issueCode(newUid())
    unwrap(await signIn(used, '203.0.113.30'))
    for (let i = 0; i < SIGN_IN_LIMIT.maxFailures; i++) expect(await signIn(used, '203.0.113.30')).toEqual(CODE_INVALID)
    const asked = fake.requests.length
    const good = fake.issueCode(newUid())
    expect(await signIn(good, '203.0.113.30')).toEqual({ ok: false, code: 'RATE_LIMITED', message: ERRORS.RATE_LIMITED })
    expect(fake.requests.length).toBe(asked)
    // The code was not spent by the refused attempt: from another address it still works.
    expect(await signIn(good, '198.51.100.30')).toMatchObject({ ok: true })
  })

  it('refuses a malformed code as INVALID_INPUT in Chinese, without asking Alipay', async () => {
    const asked = fake.requests.length
    const cases: Array<[unknown, Record<string, string>]> = [
      [{ authCode: '' }, { authCode: '支付宝授权码不能为空' }],
      [{ authCode: 'x'.repeat(129) }, { authCode: '支付宝授权码过长' }],
      [{ authCode: 'abc def' }, { authCode: '支付宝授权码格式不正确' }],
      [{ authCode: "x' OR '1'='1" }, { authCode: '支付宝授权码格式不正确' }],
      [{ authCode: 42 }, { authCode: '格式不正确' }],
      [{}, { authCode: '此项为必填项' }],
      [{ authCode: fake.issueCode(newUid()), scopes: 'auth_user' }, { scopes: '不支持的字段' }]
    ]
    for (const [event, fields] of cases) {
      expect(await stack.call('alipayLogin', event as Record<string, unknown>)).toEqual({ ok: false, code: 'INVALID_INPUT', message: ERRORS.INVALID_INPUT, fields })
    }
    expect(fake.requests.length).toBe(asked)
  })

  const modes: Array<[string, FakeAlipayMode]> = [
    ['answers 502 from a proxy', 'bad-gateway'], ['answers an HTML page', 'garbage'], ['answers without a signature', 'unsigned'],
    ['answers signed with a key that is not Alipay\'s', 'forged'], ['never answers', 'hang']
  ]
  const outages: Array<[string, () => Promise<void>]> = [
    ['refuses connections', () => fake.goDown()],
    ...modes.map(([label, mode]): [string, () => Promise<void>] => [label, async () => fake.setMode(mode)])
  ]

  it.each(outages)('says Alipay is unavailable when its gateway %s, creating nobody and counting no failure', async (label, breakIt) => {
    const code = fake.issueCode(newUid())
    const [users, sessions] = [await count(stack.db, 'users'), await count(stack.db, 'sessions')]
    await breakIt()
    let answer: unknown
    const logged = await stderrOf(async () => { answer = await signIn(code, '203.0.113.40') })
    if (label === 'refuses connections') await fake.comeBack()
    expect(answer).toEqual(UNAVAILABLE)
    expect([await count(stack.db, 'users'), await count(stack.db, 'sessions')]).toEqual([users, sessions])
    expect(await count(stack.db, 'rate_limits')).toBe(0)
    // One line for the operator, with no access token an answer carried.
    const lines = logged.filter((l) => l.includes('"tag":"csm-error"'))
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0])).toMatchObject({ function: 'alipayLogin', error: expect.stringContaining('alipay.system.oauth.token failed') })
    for (const token of fake.accessTokens) expect(lines[0]).not.toContain(token)
  })

  it.each([['unsigned'], ['forged']] as Array<[FakeAlipayMode]>)('does not count a refusal as a failed sign-in when it is %s', async (mode) => {
    const code = fake.issueCode(newUid())
    unwrap(await signIn(code))
    fake.setMode(mode)
    const logged = await stderrOf(async () => { expect(await signIn(code, '203.0.113.45')).toEqual(UNAVAILABLE) })
    expect(logged.filter((l) => l.includes('"tag":"csm-error"'))).toHaveLength(1)
    expect(await count(stack.db, 'rate_limits')).toBe(0)
  })

  it('is the operator\'s problem, not the person\'s, when Alipay refuses the app\'s own signature', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim()
    const result = await exchangeAuthCode({ ...fake.config, privateKey: other }, fake.issueCode(newUid()))
    expect(result).toMatchObject({ kind: 'unavailable', reason: { message: expect.stringContaining('isv.invalid-signature') } })
  })
})

describe('a deployment without Alipay settings', () => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack({ demoLogin: false }) })
  afterAll(async () => { await stack.close() })

  it('answers ALIPAY_NOT_CONFIGURED to a well-formed request and creates nobody', async () => {
    expect(stack.config.alipay).toBeUndefined()
    expect(await stack.call('alipayLogin', { authCode: '4b203fe6c11548bcabd8da5bb087a83b' }, undefined, from('203.0.113.50')))
      .toEqual({ ok: false, code: 'ALIPAY_NOT_CONFIGURED', message: ERRORS.ALIPAY_NOT_CONFIGURED })
    expect(await count(stack.db, 'users')).toBe(0)
    expect(await count(stack.db, 'rate_limits')).toBe(0)
  })

  it('still answers a malformed request INVALID_INPUT first', async () => {
    expect(await stack.call('alipayLogin', { authCode: '' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})
