/**
 * Alipay's side of sign-in: exchanges the auth code of my.getAuthCode for the account's id
 * (alipay.system.oauth.token) through alipay-sdk, and sorts every outcome into the three a
 * person can be told apart: signed in, a code to get again, or Alipay not answering.
 */
import type { AlipayConfig } from '../config'
import { callAlipay, describeRefusal } from './client'

export { ALIPAY_TIMEOUT_MS } from './client'

const METHOD = 'alipay.system.oauth.token'

export type TokenExchange =
  | { kind: 'account'; alipayUid: string }
  /** The code is wrong, used or expired: the person gets a new one by signing in again. */
  | { kind: 'code-invalid' }
  /** Alipay is down, slow, answered something we cannot trust, or refused our app itself. */
  | { kind: 'unavailable'; reason: Error }

/** Alipay's ids: user_id is 2088 and digits, open_id letters, digits, - and _. */
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,128}$/

export async function exchangeAuthCode(config: AlipayConfig, authCode: string): Promise<TokenExchange> {
  const call = await callAlipay(config, METHOD, { grantType: 'authorization_code', code: authCode })
  if (call.kind === 'unavailable') return call
  // Only isv.code-invalid ("wrong, used or expired") is the person's to fix by signing in again;
  // any other refusal (a wrong app id, our signature refused, Alipay's own error) is ours or
  // Alipay's, and asking the person to retry would loop.
  if (call.kind === 'refused') {
    return call.refusal.sub_code === 'isv.code-invalid' ? { kind: 'code-invalid' } : { kind: 'unavailable', reason: describeRefusal(METHOD, call.refusal) }
  }
  const { answer } = call
  const uid = typeof answer.user_id === 'string' && answer.user_id ? answer.user_id : answer.open_id
  if (typeof uid === 'string' && ACCOUNT_ID.test(uid)) return { kind: 'account', alipayUid: uid }
  return { kind: 'unavailable', reason: new Error(`${METHOD} answered no usable user_id or open_id`) }
}
