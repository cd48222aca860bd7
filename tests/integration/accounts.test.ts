import { ERRORS } from '../../src/shared/errors'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, unwrap } from './fixtures'

describe.each(testDatabases())('demo accounts and whoAmI on $label', ({ databaseUrl }) => {
  describe('with DEMO_LOGIN on', () => {
    let stack: TestStack
    beforeAll(async () => { stack = await createTestStack({ databaseUrl }) })
    afterAll(async () => { await stack.close() })

    it('lists the eight demo people, masked', async () => {
      const data = unwrap(await stack.call('listDemoAccounts', {}))
      expect(data.enabled).toBe(true)
      expect(data.accounts.map((a) => [a.id, a.role, a.nameMasked])).toEqual([
        ['citizen', 'citizen', '张*'], ['citizen_yellow', 'citizen', '钱*'], ['citizen_red', 'citizen', '孙*'],
        ['newcomer', 'citizen', '未实名用户'], ['venue_admin', 'venue_admin', '李*'], ['inspector', 'inspector', '王*'], ['official', 'official', '赵*'],
        ['official_reviewer', 'official', '周*']
      ])
    })

    it('signs in and tells the caller who they are', async () => {
      const res = unwrap(await stack.call('demoLogin', { account: 'venue_admin' }))
      expect(res.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(res.me).toMatchObject({ roles: ['citizen', 'venue_admin'], nameMasked: '李*', healthStatus: 'green' })
      expect(unwrap(await stack.call('whoAmI', {}, res.token))).toEqual(res.me)
      // Only the hash of a session token is stored.
      const stored = await stack.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions')
      expect(stored.map((r) => r.token_hash)).not.toContain(res.token)
    })

    it('has a demo venue for the demo administrator', async () => {
      const token = await stack.login('venue_admin')
      const venues = unwrap(await stack.call('myVenues', {}, token)).venues
      expect(venues).toHaveLength(1)
      expect(venues[0].venue).toMatchObject({ name: '泉城广场', fullAddress: '山东省济南市历下区泉城路街道 泉城路1号' })
    })

    it('seeds idempotently', async () => {
      const { seedDemoAccounts } = await import('../../server/domain/demo')
      const before = [await count(stack.db, 'users'), await count(stack.db, 'venues')]
      await seedDemoAccounts({ db: stack.db, config: stack.config })
      expect([await count(stack.db, 'users'), await count(stack.db, 'venues')]).toEqual(before)
    })

    it('answers UNKNOWN_ACCOUNT for a name that is not a demo account', async () => {
      expect(await stack.call('demoLogin', { account: 'root' })).toEqual({ ok: false, code: 'UNKNOWN_ACCOUNT', message: ERRORS.UNKNOWN_ACCOUNT })
      expect(await stack.call('demoLogin', { account: 'citizen', password: 'x' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { password: '不支持的字段' } })
    })

    it('refuses an event that is not an object', async () => {
      expect(await stack.invoke('whoAmI', 'hello', { httpContext: { headers: {} } })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
      expect(await stack.invoke('whoAmI', [1], { httpContext: { headers: {} } })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    })

    it('answers INTERNAL without leaking the error when the database fails', async () => {
      const token = await stack.login('citizen')
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)
      await stack.db.query('ALTER TABLE health_status RENAME TO health_status_gone')
      try {
        const res = await stack.call('whoAmI', {}, token)
        expect(res).toEqual({ ok: false, code: 'INTERNAL', message: ERRORS.INTERNAL, requestId: expect.stringMatching(/^[0-9a-f]{16}$/) })
        // One log line on standard error, carrying the id the client was given.
        const logged = spy.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('"tag":"csm-error"'))
        expect(logged).toHaveLength(1)
        const line = JSON.parse(logged[0])
        expect(line).toMatchObject({ requestId: (res as { requestId: string }).requestId, function: 'whoAmI' })
        expect(line.error).toContain('health_status')
      } finally {
        await stack.db.query('ALTER TABLE health_status_gone RENAME TO health_status')
        spy.mockRestore()
      }
    })
  })

  describe('with DEMO_LOGIN off (the default outside the local stack)', () => {
    let stack: TestStack
    beforeAll(async () => { stack = await createTestStack({ databaseUrl, demoLogin: false }) })
    afterAll(async () => { await stack.close() })

    it('refuses demo login and lists no accounts', async () => {
      expect(await stack.call('demoLogin', { account: 'citizen' })).toEqual({ ok: false, code: 'DEMO_LOGIN_DISABLED', message: ERRORS.DEMO_LOGIN_DISABLED })
      expect(unwrap(await stack.call('listDemoAccounts', {}))).toEqual({ enabled: false, accounts: [] })
      expect(await count(stack.db, 'users')).toBe(0)
      expect(await count(stack.db, 'sessions')).toBe(0)
    })
  })
})

describe('a control character in a field no rule of its own reads', () => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack() })
  afterAll(async () => { await stack.close() })

  it('is a field error, never a database error', async () => {
    expect(await stack.call('demoLogin', { account: 'citizen\u0000' })).toEqual({
      ok: false, code: 'INVALID_INPUT', message: ERRORS.INVALID_INPUT, fields: { account: '含有控制字符或不可见的格式字符' }
    })
  })
})
