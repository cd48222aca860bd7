/**
 * H5 and WeChat (default): there is no Alipay to ask for an auth code. alipay-auth.alipay.ts
 * is the Alipay build's version of this file.
 */
import type { AuthCodeAnswer } from './alipay-auth-answer'

export async function getAlipayAuthCode(): Promise<AuthCodeAnswer> {
  return { ok: false, message: '支付宝登录仅可在支付宝小程序中使用' }
}
