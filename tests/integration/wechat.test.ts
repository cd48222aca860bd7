// WeChat cloud: no httpContext, identity from wx-server-sdk's getWXContext(). The SDK is the
// true edge of the system, so it is the one thing replaced here.
const mockWxContext = { OPENID: 'o_wechat_user_1' }
const mockInit = jest.fn()
jest.mock('wx-server-sdk', () => ({
  DYNAMIC_CURRENT_ENV: 'dynamic-env',
  init: (...args: unknown[]) => mockInit(...args),
  getWXContext: () => mockWxContext
}), { virtual: true })

import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, solo, unwrap } from './fixtures'

describe.each(testDatabases())('WeChat cloud entry on $label', ({ databaseUrl }) => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack({ databaseUrl }) })
  afterAll(async () => { await stack.close() })

  it('creates a user for a new OPENID once, asks for 实名信息 before the first check-in, then logs it', async () => {
    const admin = await stack.login('venue_admin')
    const { code } = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    const users = await count(stack.db, 'users')

    // WeChat adds userInfo to every event; it is not part of the request.
    const event = { code: code.url, userInfo: { appId: 'wx123', openId: 'o_wechat_user_1' } }
    expect(await stack.invoke('checkIn', event, {})).toMatchObject({ ok: false, code: 'PROFILE_REQUIRED' })
    expect(mockInit).toHaveBeenCalledWith({ env: 'dynamic-env' })
    const me = unwrap(await stack.invoke('whoAmI', {}, {}))
    expect(me).toMatchObject({ roles: ['citizen'], nameMasked: '未实名用户', hasProfile: false, healthStatus: null })
    expect(await count(stack.db, 'entries')).toBe(0)
    unwrap(await stack.invoke('people', { action: 'saveProfile', name: '韩梅梅', idCard: '11010519491231002X', phone: '13700001111' }, {}))
    const first = solo(await stack.invoke('checkIn', event, {}))
    // Typed 实名信息 logs the entry; the colour waits for 人脸核身.
    expect(first.person).toEqual({ nameMasked: '韩**', healthStatus: null })
    expect(await count(stack.db, 'users')).toBe(users + 1)
    const rows = await stack.db.query<{ wx_openid: string }>('SELECT u.wx_openid FROM entries e JOIN users u ON u.id = e.account_id WHERE e.id = $1', [first.entryId])
    expect(rows).toEqual([{ wx_openid: 'o_wechat_user_1' }])
  })

  it('does not take the identity from the event', async () => {
    mockWxContext.OPENID = 'o_wechat_user_2'
    const me = unwrap(await stack.invoke('whoAmI', { userInfo: { openId: 'o_wechat_user_1' } }, {}))
    const rows = await stack.db.query<{ wx_openid: string }>('SELECT wx_openid FROM users WHERE id = $1', [me.userId])
    expect(rows[0].wx_openid).toBe('o_wechat_user_2')
  })

  it('answers NOT_LOGGED_IN without an OPENID', async () => {
    mockWxContext.OPENID = ''
    expect(await stack.invoke('whoAmI', {}, {})).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    mockWxContext.OPENID = 'o_wechat_user_1'
  })
})
