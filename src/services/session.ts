/**
 * Who is signed in. On H5 and Alipay the session token of a demo or Alipay sign-in is kept in
 * storage; on WeChat the identity comes from WeChat, so only whoAmI matters there.
 */
import type { DemoAccount, DemoAccountId, Me, Result } from '../shared/api'
import { getAlipayAuthCode } from './alipay-auth'
import { callFunction } from './cloud'
import { clearToken, getToken, setToken } from './token'

export { getToken, clearToken }

/** Demo sign-in exists only on HTTP platforms, and only when the server enables it. */
export const DEMO_LOGIN_PLATFORM = process.env.TARO_ENV === 'h5' || process.env.TARO_ENV === 'alipay'

export async function loadDemoAccounts(): Promise<DemoAccount[]> {
  if (!DEMO_LOGIN_PLATFORM) return []
  const res = await callFunction('listDemoAccounts', {})
  return res.ok && res.data.enabled ? res.data.accounts : []
}

export async function demoLogin(account: DemoAccountId): Promise<Result<Me>> {
  const res = await callFunction('demoLogin', { account })
  if (!res.ok) return res
  setToken(res.data.token)
  return { ok: true, data: res.data.me }
}

/**
 * 支付宝一键登录: Alipay vouches for the account with a one-time code, the server exchanges it
 * and answers a session. Outside the Alipay app the code cannot be had, and the answer says so.
 */
export async function alipaySignIn(): Promise<Result<Me>> {
  const code = await getAlipayAuthCode()
  // Not a server refusal: INTERNAL with the reason, as for a network failure (cloud-core).
  if (!code.ok) return { ok: false, code: 'INTERNAL', message: code.message }
  const res = await callFunction('alipayLogin', { authCode: code.authCode })
  if (!res.ok) return res
  setToken(res.data.token)
  return { ok: true, data: res.data.me }
}

/** The current caller, or null when not signed in (no token on HTTP platforms). */
export async function loadMe(): Promise<Me | null> {
  if (DEMO_LOGIN_PLATFORM && !getToken()) return null
  const res = await callFunction('whoAmI', {})
  if (res.ok) return res.data
  // A stale token (server restarted, session expired) must not keep showing a signed-in name.
  if (res.code === 'NOT_LOGGED_IN' && DEMO_LOGIN_PLATFORM) clearToken()
  return null
}

/**
 * 退出登录: the device forgets the token at once (so the page shows signed-out even offline) and
 * the server revokes it, so a copy of the token stops working too.
 */
export async function signOut(): Promise<void> {
  if (!DEMO_LOGIN_PLATFORM) return
  // The HTTP transport reads the token when the call starts, before clearToken below runs.
  const revoked = callFunction('signOut', {})
  clearToken()
  await revoked
}
