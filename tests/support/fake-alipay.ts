/**
 * A stand-in for Alipay's OpenAPI gateway, the one outside service tests fake. It speaks the
 * protocol alipay-sdk speaks to the real one (OpenAPI 2.0, RSA2): it checks each request's
 * signature with the app's public key, and signs each answer with a key pair of its own, whose
 * public half the server under test is configured with as "Alipay's public key". It knows the
 * methods the server calls and answers them as Alipay does:
 * - alipay.system.oauth.token: codes work once, expire, and a bad one gets the signed
 *   `error_response` with sub_code isv.code-invalid;
 * - alipay.user.certify.open.initialize / .query (身份验证): a certify_id per check; until the
 *   test says how the person's check ended, query answers passed "F"; an unknown or expired
 *   certify_id is refused, signed under the method's key, with OPEN_CERTIFY_BILL_NOT_EXIST.
 *   alipay.user.certify.open.certify is never called on the gateway: it is the signed link the
 *   mini-program opens, which certifyIdOf() checks as Alipay's app would.
 */
import { createSign, createVerify, generateKeyPairSync, randomBytes, randomInt, type KeyObject } from 'crypto'
import { alipayConfigFrom, type AlipayConfig } from '../../server/config'
import { startFakeServer, type TransportMode } from './fake-server'

const TOKEN = 'alipay.system.oauth.token'
const INITIALIZE = 'alipay.user.certify.open.initialize'
const CERTIFY = 'alipay.user.certify.open.certify'
const QUERY = 'alipay.user.certify.open.query'
const responseKey = (method: string) => `${method.replace(/\./g, '_')}_response`

/**
 * How the gateway behaves: up, in transport trouble (tests/support/fake-server.ts), `unsigned`
 * (answers, successes and refusals alike, carry no sign) or `forged` (answers signed with a key
 * that is not Alipay's, as from someone in the middle). `down` is goDown(): no listener.
 */
export type FakeAlipayMode = TransportMode | 'unsigned' | 'forged'

/**
 * How a person's 身份验证 ended: `pass`; `fail` (the face did not match: passed "F" with a
 * fail_reason); `other-person` (Alipay's record names someone other than the claim, in
 * identity_info).
 */
export type CertifyOutcome = 'pass' | 'fail' | 'other-person'

export interface FakeAlipay {
  /** The deployment's variables for this gateway: app id, the app's private key, the fake's public key. */
  env: Record<'ALIPAY_APP_ID' | 'ALIPAY_PRIVATE_KEY' | 'ALIPAY_PUBLIC_KEY' | 'ALIPAY_GATEWAY', string>
  /** The same, as the server's configuration reads them (http is allowed as on the local stack). */
  config: AlipayConfig
  /** A fresh auth code for an Alipay account, as my.getAuthCode would hand the mini-program. */
  issueCode(alipayUid: string, options?: { as?: 'user_id' | 'open_id' }): string
  /** The code's time is up (Alipay's codes live minutes, not a test's length). */
  expire(code: string): void
  /** The person finished the check of `certifyId` in Alipay's app, this way. */
  completeCertify(certifyId: string, outcome: CertifyOutcome): void
  /** The certify_id's 23 hours are up. */
  expireCertify(certifyId: string): void
  /**
   * The certify_id of a link from alipay.user.certify.open.certify, once its signature is the
   * app's, as Alipay's app checks it before it opens the check; throws otherwise.
   */
  certifyIdOf(url: string): string
  setMode(mode: FakeAlipayMode): void
  /** Stops listening: connections are refused until comeBack(). */
  goDown(): Promise<void>
  comeBack(): Promise<void>
  /** Every request that reached the gateway, decoded, in order. */
  requests: Array<Record<string, string>>
  /** Access tokens this gateway handed out (they must never reach a log). */
  accessTokens: string[]
  close(): Promise<void>
}

interface Issued { uid: string; as: 'user_id' | 'open_id'; expired: boolean; used: boolean }
interface Certify { name: string; idCard: string; outcome: CertifyOutcome | null; expired: boolean }

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => String(key.export({ type, format: 'pem' }))

/** "yyyy-MM-dd HH:mm:ss", Alipay's timestamp format. */
const timestamp = () => new Date().toISOString().replace('T', ' ').slice(0, 19)

/** Someone else, as Alipay's identity_info would name them. */
const OTHER_PERSON = { cert_name: '王二', cert_no: '11010519491231002X' }

export async function startFakeAlipay(): Promise<FakeAlipay> {
  const app = keyPair()
  const alipay = keyPair()
  const impostor = keyPair()
  const appId = `2021${randomInt(10 ** 11, 10 ** 12)}`
  const codes = new Map<string, Issued>()
  const certifies = new Map<string, Certify>()
  const requests: Array<Record<string, string>> = []
  const accessTokens: string[] = []
  let mode: FakeAlipayMode = 'up'

  /** The answer's text: `{"<key>":<json>,"sign":"…"}`, signed over <json> exactly as written. */
  const answer = (key: string, content: object) => {
    const signWith = mode === 'unsigned' ? null : mode === 'forged' ? impostor.privateKey : alipay.privateKey
    const inner = JSON.stringify(content)
    const sign = signWith ? `,"sign":"${createSign('RSA-SHA256').update(inner, 'utf8').sign(signWith, 'base64')}"` : ''
    return `{"${key}":${inner}${sign}}`
  }
  const refusal = (code: string, msg: string, subCode: string, subMsg: string, key = 'error_response') =>
    answer(key, { code, msg, sub_code: subCode, sub_msg: subMsg })

  /** Alipay's rule: every parameter but sign, sorted by name, as name=value joined by &. */
  const signatureValid = (params: Record<string, string>) => {
    const content = Object.keys(params).filter((k) => k !== 'sign').sort().map((k) => `${k}=${params[k]}`).join('&')
    try {
      return createVerify('RSA-SHA256').update(content, 'utf8').verify(app.publicKey, params.sign ?? '', 'base64')
    } catch {
      return false
    }
  }

  const bizContent = (params: Record<string, string>): Record<string, unknown> => {
    try {
      const parsed: unknown = JSON.parse(params.biz_content ?? '')
      return typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : {}
    } catch {
      return {}
    }
  }

  const tokenAnswer = (params: Record<string, string>): string => {
    if (params.grant_type !== 'authorization_code') return refusal('40002', 'Invalid Arguments', 'isv.grant-type-invalid', 'grant_type参数不正确')
    const issued = codes.get(params.code ?? '')
    if (!issued || issued.used || issued.expired) return refusal('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效')
    issued.used = true
    const accessToken = `authusrB${randomBytes(16).toString('hex')}`
    accessTokens.push(accessToken)
    return answer(responseKey(TOKEN), {
      [issued.as]: issued.uid,
      access_token: accessToken,
      expires_in: 1296000,
      refresh_token: `authusrB${randomBytes(16).toString('hex')}`,
      re_expires_in: 2592000,
      auth_start: timestamp()
    })
  }

  const initializeAnswer = (params: Record<string, string>): string => {
    const biz = bizContent(params)
    const identity = (biz.identity_param ?? {}) as Record<string, unknown>
    const merchant = (biz.merchant_config ?? {}) as Record<string, unknown>
    const wellFormed = typeof biz.outer_order_no === 'string' && /^[A-Za-z0-9]{1,32}$/.test(biz.outer_order_no) &&
      ['FACE', 'CERT_PHOTO', 'CERT_PHOTO_FACE', 'SMART_FACE'].includes(String(biz.biz_code)) &&
      identity.identity_type === 'CERT_INFO' && identity.cert_type === 'IDENTITY_CARD' &&
      typeof identity.cert_name === 'string' && identity.cert_name !== '' && typeof identity.cert_no === 'string' && identity.cert_no !== '' &&
      typeof merchant.return_url === 'string' && merchant.return_url !== ''
    if (!wellFormed) return refusal('40002', 'Invalid Arguments', 'isv.invalid-parameter', '参数有误', responseKey(INITIALIZE))
    const certifyId = randomBytes(16).toString('hex')
    certifies.set(certifyId, { name: String(identity.cert_name), idCard: String(identity.cert_no), outcome: null, expired: false })
    return answer(responseKey(INITIALIZE), { code: '10000', msg: 'Success', certify_id: certifyId })
  }

  const queryAnswer = (params: Record<string, string>): string => {
    const certify = certifies.get(String(bizContent(params).certify_id ?? ''))
    const key = responseKey(QUERY)
    if (!certify || certify.expired) return refusal('40004', 'Business Failed', 'OPEN_CERTIFY_BILL_NOT_EXIST', '无效的certify_id', key)
    const ok = { code: '10000', msg: 'Success', material_info: '{}' }
    if (certify.outcome === 'pass') return answer(key, { ...ok, passed: 'T', identity_info: '{}' })
    if (certify.outcome === 'other-person') return answer(key, { ...ok, passed: 'T', identity_info: JSON.stringify(OTHER_PERSON) })
    if (certify.outcome === 'fail') return answer(key, { ...ok, passed: 'F', identity_info: '{}', fail_reason: 'Z1147' })
    return answer(key, { ...ok, passed: 'F', identity_info: '{}' })
  }

  const methods: Record<string, (params: Record<string, string>) => string> = {
    [TOKEN]: tokenAnswer,
    [INITIALIZE]: initializeAnswer,
    [QUERY]: queryAnswer
  }

  const gatewayAnswer = (params: Record<string, string>): string => {
    if (params.app_id !== appId) return refusal('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数')
    if (params.sign_type !== 'RSA2' || !signatureValid(params)) {
      return refusal('40002', 'Invalid Arguments', 'isv.invalid-signature', '验签出错')
    }
    const method = methods[params.method ?? '']
    return method ? method(params) : refusal('40004', 'Business Failed', 'isv.invalid-method', '不存在的方法名')
  }

  const { port, ...controls } = await startFakeServer(() => mode, ({ method, url, body }) => {
    const params: Record<string, string> = Object.fromEntries(url.searchParams)
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v
    requests.push(params)
    if (method !== 'POST' || url.pathname !== '/gateway.do') return { status: 404, body: '' }
    return { type: 'text/html;charset=utf-8', body: gatewayAnswer(params) }
  })

  const env = {
    ALIPAY_APP_ID: appId,
    ALIPAY_PRIVATE_KEY: pem(app.privateKey, 'pkcs8'),
    ALIPAY_PUBLIC_KEY: pem(alipay.publicKey, 'spki'),
    ALIPAY_GATEWAY: `http://127.0.0.1:${port}/gateway.do`
  }
  const config = alipayConfigFrom(env, true)
  if (!config) throw new Error('the fake Alipay\'s variables did not configure Alipay sign-in')

  const certifyOf = (certifyId: string) => {
    const certify = certifies.get(certifyId)
    if (!certify) throw new Error(`fake Alipay never opened a check ${certifyId}`)
    return certify
  }

  return {
    env,
    config,
    issueCode(uid, options = {}) {
      const code = randomBytes(16).toString('hex')
      codes.set(code, { uid, as: options.as ?? 'user_id', expired: false, used: false })
      return code
    },
    expire(code) {
      const issued = codes.get(code)
      if (!issued) throw new Error(`fake Alipay never issued ${code}`)
      issued.expired = true
    },
    completeCertify(certifyId, outcome) { certifyOf(certifyId).outcome = outcome },
    expireCertify(certifyId) { certifyOf(certifyId).expired = true },
    certifyIdOf(link) {
      const url = new URL(link)
      const params: Record<string, string> = Object.fromEntries(url.searchParams)
      if (`${url.origin}${url.pathname}` !== env.ALIPAY_GATEWAY) throw new Error(`not a link to this gateway: ${url.origin}${url.pathname}`)
      if (params.app_id !== appId || params.method !== CERTIFY || params.sign_type !== 'RSA2' || !signatureValid(params)) {
        throw new Error('not a certify link signed by the app')
      }
      const certifyId = String(bizContent(params).certify_id ?? '')
      certifyOf(certifyId)
      return certifyId
    },
    setMode(next) { mode = next },
    requests,
    accessTokens,
    ...controls
  }
}
