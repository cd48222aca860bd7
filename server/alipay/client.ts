/**
 * One alipay-sdk client per Alipay app, and one way to call it: every answer we act on is
 * signed by Alipay, and every outcome is one of three: an answer, a signed refusal, or Alipay
 * not answering (down, slow, garbage, a forged or unsigned answer).
 */
import { AlipayRequestError, AlipaySdk } from 'alipay-sdk'
import type { AlipayConfig } from '../config'

/** A person is waiting on a button: past this, Alipay counts as unavailable. */
export const ALIPAY_TIMEOUT_MS = 3000

const clients = new WeakMap<AlipayConfig, AlipaySdk>()

export function alipayClient(config: AlipayConfig): AlipaySdk {
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

export type AlipayCall =
  | { kind: 'answer'; answer: Record<string, unknown> }
  /** Alipay said no, and signed it: code, msg, sub_code, sub_msg. */
  | { kind: 'refused'; refusal: Record<string, unknown> }
  | { kind: 'unavailable'; reason: Error }

export async function callAlipay(config: AlipayConfig, method: string, params: Record<string, unknown>): Promise<AlipayCall> {
  const sdk = alipayClient(config)
  let answer: Record<string, unknown>
  try {
    // validateSign: an answer is believed only when Alipay signed it.
    answer = await sdk.exec(method, params, { validateSign: true })
  } catch (err) {
    const refusal = signedRefusal(sdk, err)
    if (refusal) return { kind: 'refused', refusal }
    return { kind: 'unavailable', reason: failure(method, err) }
  }
  // Newer gateways may put a refusal under the method's own key, signed like a success.
  if (answer.sub_code !== undefined || (answer.code !== undefined && answer.code !== '10000')) return { kind: 'refused', refusal: answer }
  return { kind: 'answer', answer }
}

/** A refusal as a log line can carry it: Alipay's codes and messages, nothing of the request. */
export function describeRefusal(method: string, refusal: Record<string, unknown>): Error {
  const said = ['code', 'msg', 'sub_code', 'sub_msg'].map((k) => `${k}=${String(refusal[k] ?? '')}`).join(' ')
  return new Error(`${method} refused: ${said}`)
}

function failure(method: string, err: unknown): Error {
  // On a bad signature the SDK's message quotes the signed text: an account id and its access
  // token, or whom a check was about, none of which may reach a log.
  const message = err instanceof Error ? err.message.replace(/validateStr: [\s\S]*$/, 'validateStr: (omitted)') : String(err)
  return new Error(`${method} failed: ${message}`)
}

/**
 * alipay-sdk checks a signature over the method's answer only, so Alipay's signed
 * `error_response` (how it refuses a used code, a wrong app id…) fails that check. The raw
 * answer is on the error: check its signature over `error_response` ourselves, so an unsigned
 * or forged refusal counts as Alipay not answering, never as a person's failure.
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
