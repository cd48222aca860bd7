/**
 * Sessions end on the server (退出登录 revokes, expired ones are purged) and secrets that can be
 * guessed are rate-limited per account and per address, on PGlite and on PostgreSQL.
 */
import { ERRORS } from '../../src/shared/errors'
import { LONGEST_WINDOW_MINUTES, recordFailure, SESSION_TOKEN_LIMIT, SIGN_IN_LIMIT } from '../../server/domain/rate-limit'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count } from './fixtures'

const from = (address: string) => ({ 'x-forwarded-for': address })
const RATE_LIMITED = { ok: false, code: 'RATE_LIMITED', message: ERRORS.RATE_LIMITED }

describe.each(testDatabases())('sessions and rate limits on $label', ({ databaseUrl }) => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack({ databaseUrl }) })
  afterAll(async () => { await stack.close() })
  beforeEach(async () => { await stack.db.query('DELETE FROM rate_limits') })

  it('退出登录 revokes the token on the server, and signing out again is not an error', async () => {
    const token = await stack.login('citizen')
    expect(await stack.call('whoAmI', {}, token)).toMatchObject({ ok: true })
    expect(await stack.call('signOut', {}, token)).toEqual({ ok: true, data: { signedOut: true } })
    expect(await stack.call('whoAmI', {}, token)).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    expect(await stack.call('checkIn', { code: 'https://csm.example.test/c?t=x' }, token)).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    expect(await stack.call('signOut', {}, token)).toEqual({ ok: true, data: { signedOut: true } })
    expect(await stack.call('signOut', {})).toEqual({ ok: true, data: { signedOut: true } })
  })

  it('signing out one device leaves the other signed in', async () => {
    const phone = await stack.login('citizen')
    const laptop = await stack.login('citizen')
    await stack.call('signOut', {}, phone)
    expect(await stack.call('whoAmI', {}, laptop)).toMatchObject({ ok: true })
  })

  it('purges expired sessions', async () => {
    const stale = await stack.login('citizen_yellow')
    await stack.db.query("UPDATE sessions SET expires_at = now() - interval '1 second'")
    expect(await stack.call('whoAmI', {}, stale)).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    expect(await count(stack.db, 'sessions')).toBeGreaterThan(0)
    const fresh = await stack.login('citizen')
    expect(await count(stack.db, 'sessions')).toBe(1)
    expect(await stack.call('whoAmI', {}, fresh)).toMatchObject({ ok: true })
  })

  it('limits failed sign-ins per address: the address is refused even for a real account, others are not', async () => {
    for (let i = 0; i < SIGN_IN_LIMIT.maxFailures; i++) {
      expect(await stack.call('demoLogin', { account: `guess${i}` }, undefined, from('203.0.113.7'))).toMatchObject({ ok: false, code: 'UNKNOWN_ACCOUNT' })
    }
    expect(await stack.call('demoLogin', { account: 'guess-next' }, undefined, from('203.0.113.7'))).toEqual(RATE_LIMITED)
    expect(await stack.call('demoLogin', { account: 'citizen' }, undefined, from('203.0.113.7'))).toEqual(RATE_LIMITED)
    expect(await stack.call('demoLogin', { account: 'citizen' }, undefined, from('198.51.100.1'))).toMatchObject({ ok: true })
  })

  it('limits failed sign-ins per account, from however many addresses', async () => {
    for (let i = 0; i < SIGN_IN_LIMIT.maxFailures; i++) {
      await stack.call('demoLogin', { account: 'ghost' }, undefined, from(`192.0.2.${i + 1}`))
    }
    expect(await stack.call('demoLogin', { account: 'ghost' }, undefined, from('192.0.2.200'))).toEqual(RATE_LIMITED)
  })

  it('counts simultaneous failures without losing one', async () => {
    // Below the limit, so that no attempt is refused before it is counted.
    const burst = SIGN_IN_LIMIT.maxFailures - 1
    await Promise.all(Array.from({ length: burst }, (_, i) =>
      stack.call('demoLogin', { account: `burst${i}` }, undefined, from('203.0.113.9'))))
    const key = 'signin:address:203.0.113.9'
    expect(await stack.db.query('SELECT hits FROM rate_limits WHERE key = $1', [key])).toEqual([{ hits: burst }])
    // The counter itself, raced harder than any sign-in can (a pool of connections on PostgreSQL).
    await Promise.all(Array.from({ length: 40 }, () => recordFailure(stack.db, SIGN_IN_LIMIT, { address: '203.0.113.9' })))
    expect(await stack.db.query('SELECT hits FROM rate_limits WHERE key = $1', [key])).toEqual([{ hits: burst + 40 }])
  })

  it('limits guessed session tokens per address without ever refusing a valid one from there', async () => {
    // One guessing client and 50 honest ones behind the same address (a venue's Wi-Fi, a carrier NAT).
    const nat = from('203.0.113.50')
    const honest: string[] = []
    for (let i = 0; i < 50; i++) honest.push(await stack.newAccount())
    const guess = (i: number) => stack.call('whoAmI', {}, `guess${String(i).padStart(20, '0')}`, nat)
    for (let i = 0; i < SESSION_TOKEN_LIMIT.maxFailures; i++) {
      expect(await guess(i)).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    }
    expect(await guess(SESSION_TOKEN_LIMIT.maxFailures)).toEqual(RATE_LIMITED)
    // The honest sessions answer while the guessing goes on, and the guesses stay refused.
    const [answers, guesses] = await Promise.all([
      Promise.all(honest.map((token) => stack.call('whoAmI', {}, token, nat))),
      Promise.all(Array.from({ length: 10 }, (_, i) => guess(100 + i)))
    ])
    expect(answers.filter((a) => !a.ok)).toEqual([])
    expect(new Set(answers.map((a) => a.ok && a.data.userId)).size).toBe(50)
    expect(guesses).toEqual(Array(10).fill(RATE_LIMITED))
    // Refused guesses write nothing more; another address is not limited by this one.
    expect(await stack.db.query('SELECT hits FROM rate_limits WHERE key = $1', ['session:address:203.0.113.50']))
      .toEqual([{ hits: SESSION_TOKEN_LIMIT.maxFailures }])
    expect(await stack.call('whoAmI', {}, 'guess-elsewhere-0000000000', from('203.0.113.51'))).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
  })

  it('forgets counters once their window has passed', async () => {
    for (let i = 0; i < SIGN_IN_LIMIT.maxFailures; i++) await stack.call('demoLogin', { account: 'nobody' }, undefined, from('203.0.113.60'))
    expect(await stack.call('demoLogin', { account: 'citizen' }, undefined, from('203.0.113.60'))).toEqual(RATE_LIMITED)
    // Spent counters are purged once the longest window of any limit has passed.
    await stack.db.query(`UPDATE rate_limits SET window_start = now() - make_interval(mins => $1::int)`, [LONGEST_WINDOW_MINUTES])
    expect(await stack.call('demoLogin', { account: 'citizen' }, undefined, from('203.0.113.60'))).toMatchObject({ ok: true })
    expect(await count(stack.db, 'rate_limits')).toBe(0)
  })
})
