/**
 * Alipay: a silent auth code (scope auth_base: no prompt, only the account's id) for the
 * server to exchange. Taro picks this file over alipay-auth.ts in the Alipay build.
 */
import { NO_AUTH_CODE_MESSAGE, type AuthCodeAnswer } from './alipay-auth-answer'

/** The part of Alipay's `my` used here; Taro ships no types for it. */
declare const my: {
  getAuthCode(options: {
    scopes: string
    success: (res: { authCode?: string }) => void
    fail: (err: unknown) => void
  }): void
}

export function getAlipayAuthCode(): Promise<AuthCodeAnswer> {
  return new Promise((resolve) => {
    try {
      my.getAuthCode({
        scopes: 'auth_base',
        success: (res) => resolve(res.authCode ? { ok: true, authCode: res.authCode } : { ok: false, message: NO_AUTH_CODE_MESSAGE }),
        fail: () => resolve({ ok: false, message: NO_AUTH_CODE_MESSAGE })
      })
    } catch {
      resolve({ ok: false, message: NO_AUTH_CODE_MESSAGE })
    }
  })
}
