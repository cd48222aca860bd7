/**
 * Alipay's side of sign-in: exchanges the auth code of my.getAuthCode for the account's id
 * (alipay.system.oauth.token) through alipay-sdk, and sorts every outcome into the three a
 * person can be told apart: signed in, a code to get again, or Alipay not answering.
 */
import { AlipayRequestError, AlipaySdk } from 'alipay-sdk'
import type { AlipayConfig } from '../config'

/** A person is waiting on a button: past this, the sign-in fails as "Alipay unavailable". */
export const ALIPAY_TIMEOUT_MS = 3000

const METHOD = 'alipay.system.oauth.token'

export type TokenExchange =
  | { kind: 'account'; alipayUid: string }
  /** The code is wrong, used or expired: the person gets a new one by signing in again. */
  | { kind: 'code-invalid' }
  /** Alipay is down, slow, answered something we cannot trust, or refused our app itself. */
  | { kind: 'unavailable'; reason: Error }

/** Alipay's ids: user_id is 2088 and digits, open_id letters, digits, - and _. */
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,128}$/

const clients = new WeakMap<AlipayConfig, AlipaySdk>()

function clientFor(config: AlipayConfig): AlipaySdk {
  let sdk = clients.get(config)
  if (!sdk) {
    sdk = new AlipaySdk({
      appId: config.appId,
      privateKey: config.privateKey,
      keyType: 'PKCS8',
      alipayPublicKey: config.alipayPublicKey,
      gateway: config.gateway,
      timeout: ALIPAY_TIMEOUT_MS,
      // Alipay's own field names (user_id, sub_code), as its documentation spells them.
      camelcase: false
    })
    clients.set(config, sdk)
  }
  return sdk
}

export async function exchangeAuthCode(config: AlipayConfig, authCode: string): Promise<TokenExchange> {
  const sdk = clientFor(config)
  let answer: Record<string, unknown>
  try {
    // validateSign: an answer naming an account is believed only when Alipay signed it.
    answer = await sdk.exec(METHOD, { grantType: 'authorization_code', code: authCode }, { validateSign: true })
  } catch (err) {
    const refusal = signedRefusal(sdk, err)
    if (refusal) return fromRefusal(refusal)
    return unavailable(err)
  }
  // Newer gateways may put a refusal under the method's own key, signed like a success.
  if (answer.sub_code !== undefined || (answer.code !== undefined && answer.code !== '10000')) return fromRefusal(answer)
  const uid = typeof answer.user_id === 'string' && answer.user_id ? answer.user_id : answer.open_id
  if (typeof uid === 'string' && ACCOUNT_ID.test(uid)) return { kind: 'account', alipayUid: uid }
  return { kind: 'unavailable', reason: new Error(`${METHOD} answered no usable user_id or open_id`) }
}

function unavailable(err: unknown): TokenExchange {
  // On a bad signature the SDK's message quotes the signed text: an account id and its access
  // token, which must not reach a log.
  const message = err instanceof Error ? err.message.replace(/validateStr: [\s\S]*$/, 'validateStr: (omitted)') : String(err)
  return { kind: 'unavailable', reason: new Error(`${METHOD} failed: ${message}`) }
}

/**
 * alipay-sdk checks a signature over the method's answer only, so Alipay's signed
 * `error_response` (how it refuses a used or expired code) fails that check. The raw answer is
 * on the error: check its signature over `error_response` ourselves, so an unsigned or forged
 * refusal counts as Alipay not answering, never as a person's failed sign-in.
 */
function signedRefusal(sdk: AlipaySdk, err: unknown): Record<string, unknown> | null {
  if (!(err instanceof AlipayRequestError)) return null
  const raw = err.responseDataRaw
  if (typeof raw !== 'string') return null
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return null
  }
  const { error_response: refusal, sign } = (body ?? {}) as { error_response?: unknown; sign?: unknown }
  if (typeof refusal !== 'object' || refusal === null || typeof sign !== 'string') return null
  try {
    sdk.checkResponseSign(raw, 'error_response', sign, '')
  } catch {
    return null
  }
  return refusal as Record<string, unknown>
}

/**
 * Only isv.code-invalid ("wrong, used or expired") is the person's to fix by signing in again;
 * any other refusal (a wrong app id, our signature refused, Alipay's own error) is ours or
 * Alipay's, and asking the person to retry would loop.
 */
function fromRefusal(refusal: Record<string, unknown>): TokenExchange {
  if (refusal.sub_code === 'isv.code-invalid') return { kind: 'code-invalid' }
  const said = ['code', 'msg', 'sub_code', 'sub_msg'].map((k) => `${k}=${String(refusal[k] ?? '')}`).join(' ')
  return { kind: 'unavailable', reason: new Error(`${METHOD} refused: ${said}`) }
}
