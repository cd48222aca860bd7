/**
 * Alipay 身份验证 (开放认证) through alipay-sdk: the server opens a check of the claimed name and
 * ID number (alipay.user.certify.open.initialize, biz_code FACE) and signs the link that starts
 * it (alipay.user.certify.open.certify, a GET link to the gateway); the mini-program passes both
 * to my.startAPVerify({ certifyId, url }); the server asks how it ended
 * (alipay.user.certify.open.query). Every answer believed is signed by Alipay (server/alipay/client).
 *
 * What Alipay documents and what is our guess (opendocs.alipay.com, 身份验证):
 * - documented: the request fields; certify_id lives 23 hours; query answers passed "T" or "F"
 *   (some SDKs read it as a one-element list), identity_info and material_info ("usually
 *   empty"), fail_reason (an extension, "not returned by default"); an unknown or expired
 *   certify_id is refused with sub_code OPEN_CERTIFY_BILL_NOT_EXIST; the Alipay account that
 *   does the check must be the person named in the claim.
 * - guessed: "F" means "not passed, or not done yet" in Alipay's words, so F with a fail_reason
 *   counts as `failed` and F without one as `pending` (it turns `expired` with the certify_id);
 *   when identity_info does name someone (cert_name / cert_no, as in identity_param) and that is
 *   not the claim, the answer is `mismatch`.
 */
import type { AlipayConfig } from '../config'
import { alipayClient, callAlipay, describeRefusal } from '../alipay/client'
import type { IdentityClaim, IdentityProvider } from './port'
import { sealedProvider } from './ticket-seal'

export const INITIALIZE = 'alipay.user.certify.open.initialize'
export const CERTIFY = 'alipay.user.certify.open.certify'
export const QUERY = 'alipay.user.certify.open.query'

/** 多因子人脸认证: a face, compared with the authority's photo of the claimed ID. */
const BIZ_CODE = 'FACE'
const CERTIFY_ID_LIFETIME_MS = 23 * 60 * 60 * 1000
const CERTIFY_ID = /^[A-Za-z0-9]{1,64}$/

export interface AlipayCertifyOptions {
  /** merchant_config.return_url: required by Alipay; the mini-program flow never opens it. */
  returnUrl: string
  sealKey: Buffer
}

export function alipayCertifyProvider(config: AlipayConfig, options: AlipayCertifyOptions): IdentityProvider {
  return sealedProvider('alipay', options.sealKey, {
    async open(claim, account, outerId) {
      // The seal ties the check to the account; Alipay ties it to whoever is signed in to Alipay.
      if (!account.alipayUid) throw new TypeError('the alipay identity provider needs the account\'s alipayUid')
      const call = await callAlipay(config, INITIALIZE, {
        bizContent: {
          outer_order_no: outerId,
          biz_code: BIZ_CODE,
          identity_param: { identity_type: 'CERT_INFO', cert_type: 'IDENTITY_CARD', cert_name: claim.name, cert_no: claim.idCard },
          merchant_config: { return_url: options.returnUrl }
        }
      })
      if (call.kind === 'unavailable') return call
      if (call.kind === 'refused') return { kind: 'unavailable', reason: describeRefusal(INITIALIZE, call.refusal) }
      const certifyId = call.answer.certify_id
      if (typeof certifyId !== 'string' || !CERTIFY_ID.test(certifyId)) {
        return { kind: 'unavailable', reason: new Error(`${INITIALIZE} answered no usable certify_id`) }
      }
      // Signed here, opened by Alipay's app: the link carries our signature, no secret.
      const url = alipayClient(config).pageExecute(CERTIFY, 'GET', { bizContent: { certify_id: certifyId } })
      return { id: certifyId, expiresAt: new Date(Date.now() + CERTIFY_ID_LIFETIME_MS), client: { certifyId, url } }
    },

    async ask(certifyId, claim) {
      const call = await callAlipay(config, QUERY, { bizContent: { certify_id: certifyId } })
      if (call.kind === 'unavailable') return call
      if (call.kind === 'refused') {
        return call.refusal.sub_code === 'OPEN_CERTIFY_BILL_NOT_EXIST' ? { kind: 'expired' } : { kind: 'unavailable', reason: describeRefusal(QUERY, call.refusal) }
      }
      const { answer } = call
      const passed = Array.isArray(answer.passed) ? answer.passed[0] : answer.passed
      if (passed === 'T') return namesSomeoneElse(answer.identity_info, claim) ? { kind: 'mismatch' } : { kind: 'passed' }
      if (passed === 'F') {
        return typeof answer.fail_reason === 'string' && answer.fail_reason ? { kind: 'failed', detail: `fail_reason ${answer.fail_reason}` } : { kind: 'pending' }
      }
      return { kind: 'unavailable', reason: new Error(`${QUERY} answered passed=${JSON.stringify(passed ?? null)}`) }
    }
  })
}

/** identity_info is a JSON string, "{}" in the usual scenes; when it names a person, it must be the claim. */
function namesSomeoneElse(identityInfo: unknown, claim: IdentityClaim): boolean {
  let info: unknown = identityInfo
  if (typeof info === 'string') {
    try {
      info = JSON.parse(info || '{}')
    } catch {
      return false
    }
  }
  if (typeof info !== 'object' || info === null) return false
  const { cert_name: name, cert_no: idCard } = info as Record<string, unknown>
  return (typeof name === 'string' && name !== '' && name !== claim.name) ||
    (typeof idCard === 'string' && idCard !== '' && idCard.toUpperCase() !== claim.idCard.toUpperCase())
}
