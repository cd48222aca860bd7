/**
 * A stand-in for WeChat's server API (api.weixin.qq.com), as far as 人脸核身 needs it: the
 * stable access token, getVerifyId and queryVerifyInfo, with WeChat's message shapes. Tokens are
 * WeChat's rules too: the stable token is the same for every caller until it ends, and a token
 * WeChat no longer takes is answered 40001 or 42001.
 *
 * Where WeChat's documentation says nothing the fake answers as the server expects it to (see
 * server/identity/wechat-face.ts): an unknown or expired verify_id is errcode 84001; a check not
 * finished yet is verify_ret 10300; an openid other than getVerifyId's is 40003, an out_seq_no or
 * cert_hash other than getVerifyId's 40097 (WeChat only says it answers "an errcode").
 */
import { createHash, randomBytes } from 'crypto'
import type { WechatConfig } from '../../server/config'
import { wechatConfigFrom } from '../../server/config'
import { startFakeServer, type TransportMode } from './fake-server'

/** Up, in transport trouble (tests/support/fake-server.ts), or `busy`: every API answers errcode -1. */
export type FakeWechatMode = TransportMode | 'busy'

/**
 * How the person's check ended: `pass` (10000); `fail` (10004, the face is not the ID's);
 * `other-person` (10003, the name and ID number are not one person's); or any verify_ret.
 */
export type FaceOutcome = 'pass' | 'fail' | 'other-person' | number
const VERIFY_RET: Record<Exclude<FaceOutcome, number>, number> = { pass: 10000, fail: 10004, 'other-person': 10003 }
const NOT_FINISHED = 10300

export interface FakeWechatRequest {
  path: string
  accessToken: string | null
  body: Record<string, unknown>
}

export interface FakeWechat {
  /** The deployment's variables for this fake: WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_API_BASE. */
  env: Record<'WECHAT_APP_ID' | 'WECHAT_APP_SECRET' | 'WECHAT_API_BASE', string>
  /** The same, as the server's configuration reads them (http is allowed as on the local stack). */
  config: WechatConfig
  /** The person finished wx.requestFacialVerify on `verifyId`, this way. */
  complete(verifyId: string, outcome: FaceOutcome): void
  /** The verify_id's hour is up. */
  expire(verifyId: string): void
  /** WeChat ends the token in force early (42001); the next stable_token call hands out another. */
  expireAccessToken(): void
  /** Another server forced a refresh: the token in force is no longer taken (40001). */
  revokeAccessToken(): void
  setMode(mode: FakeWechatMode): void
  goDown(): Promise<void>
  comeBack(): Promise<void>
  /** Every request that reached the fake, decoded, in order. */
  requests: FakeWechatRequest[]
  /** Every access token handed out (they must never reach a log). */
  accessTokens: string[]
  /** Every URL Link generated: the mini-program page and query it opens. */
  urlLinks: Map<string, { path: string; query: string }>
  close(): Promise<void>
}

interface Check { outSeqNo: string; openid: string; certHash: string; ret: number; expired: boolean }

/** WeChat's documented rule: base64 of each field, joined as a query string, SHA-256 in lower-case hex. */
function documentedCertHash(certInfo: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(String(v), 'utf8').toString('base64')
  return createHash('sha256').update(`cert_type=${b64(certInfo.cert_type)}&cert_name=${b64(certInfo.cert_name)}&cert_no=${b64(certInfo.cert_no)}`).digest('hex')
}

export async function startFakeWechat(): Promise<FakeWechat> {
  const appId = `wx${randomBytes(8).toString('hex')}`
  const appSecret = randomBytes(16).toString('hex')
  const checks = new Map<string, Check>()
  const outSeqNos = new Set<string>()
  const requests: FakeWechatRequest[] = []
  const accessTokens: string[] = []
  const urlLinks = new Map<string, { path: string; query: string }>()
  let current: { value: string; state: 'good' | 'expired' | 'revoked' } | null = null
  let mode: FakeWechatMode = 'up'

  const error = (errcode: number, errmsg: string) => ({ errcode, errmsg })

  const stableToken = (body: Record<string, unknown>) => {
    if (body.grant_type !== 'client_credential') return error(40002, 'invalid grant_type')
    if (body.appid !== appId) return error(40013, 'invalid appid')
    if (body.secret !== appSecret) return error(40125, 'invalid appsecret')
    if (!current || current.state !== 'good' || body.force_refresh === true) {
      current = { value: randomBytes(48).toString('base64url'), state: 'good' }
      accessTokens.push(current.value)
    }
    return { access_token: current.value, expires_in: 7200 }
  }

  const tokenTrouble = (token: string | null) => {
    if (!current || token !== current.value || current.state === 'revoked') return error(40001, 'invalid credential, access_token is invalid or not latest')
    if (current.state === 'expired') return error(42001, 'access_token expired')
    return null
  }

  const getVerifyId = (body: Record<string, unknown>) => {
    const cert = (body.cert_info ?? {}) as Record<string, unknown>
    const outSeqNo = body.out_seq_no
    if (typeof outSeqNo !== 'string' || !/^[A-Za-z0-9_-]{5,32}$/.test(outSeqNo) || cert.cert_type !== 'IDENTITY_CARD' ||
        typeof cert.cert_name !== 'string' || !cert.cert_name || typeof cert.cert_no !== 'string' || !/^[0-9]{17}[0-9X]$/.test(cert.cert_no) ||
        typeof body.openid !== 'string' || !body.openid) {
      return error(47001, 'data format error')
    }
    if (outSeqNos.has(outSeqNo)) return error(40097, 'invalid args: out_seq_no used')
    outSeqNos.add(outSeqNo)
    const verifyId = randomBytes(36).toString('base64url')
    checks.set(verifyId, { outSeqNo, openid: body.openid, certHash: documentedCertHash(cert), ret: NOT_FINISHED, expired: false })
    return { errcode: 0, errmsg: 'ok', verify_id: verifyId, expires_in: 3600 }
  }

  const queryVerifyInfo = (body: Record<string, unknown>) => {
    const check = checks.get(String(body.verify_id ?? ''))
    if (!check || check.expired) return error(84001, 'invalid identify id')
    if (body.openid !== check.openid) return error(40003, 'invalid openid')
    if (body.out_seq_no !== check.outSeqNo || body.cert_hash !== check.certHash) return error(40097, 'invalid args')
    return { errcode: 0, errmsg: 'ok', verify_ret: check.ret }
  }

  // wxa/generate_urllink: path without a leading slash, query ≤ 1024 characters of WeChat's set,
  // expire_type 1 with expire_interval 1–30 days; the answer's url_link is https://wxaurl.cn/<id>.
  const generateUrlLink = (body: Record<string, unknown>) => {
    const query = body.query ?? ''
    if (typeof body.path !== 'string' || body.path.startsWith('/') || typeof query !== 'string' || query.length > 1024 ||
        !/^[0-9A-Za-z!#$&'()*+,/:;=?@._~%-]*$/.test(query) ||
        body.expire_type !== 1 || typeof body.expire_interval !== 'number' || body.expire_interval < 1 || body.expire_interval > 30) {
      return error(40165, 'invalid weapp pagepath or query')
    }
    const link = `https://wxaurl.cn/${randomBytes(9).toString('base64url')}`
    urlLinks.set(link, { path: body.path, query })
    return { errcode: 0, errmsg: 'ok', url_link: link }
  }

  const apis: Record<string, (body: Record<string, unknown>) => object> = {
    '/cityservice/face/identify/getverifyid': getVerifyId,
    '/cityservice/face/identify/queryverifyinfo': queryVerifyInfo,
    '/wxa/generate_urllink': generateUrlLink
  }

  const { port, ...controls } = await startFakeServer(() => (mode === 'busy' ? 'up' : mode), ({ method, url, body: raw }) => {
    let body: Record<string, unknown> = {}
    try {
      body = JSON.parse(raw.toString('utf8') || '{}')
    } catch {
      // WeChat answers a body it cannot read with 47001 below.
    }
    const accessToken = url.searchParams.get('access_token')
    requests.push({ path: url.pathname, accessToken, body })
    const json = (content: object) => ({ body: JSON.stringify(content) })
    if (method !== 'POST') return { status: 404, body: '' }
    if (mode === 'busy') return json(error(-1, 'system error'))
    if (url.pathname === '/cgi-bin/stable_token') return json(stableToken(body))
    const api = apis[url.pathname]
    if (!api) return json(error(404, 'invalid url'))
    return json(tokenTrouble(accessToken) ?? api(body))
  })

  const env = { WECHAT_APP_ID: appId, WECHAT_APP_SECRET: appSecret, WECHAT_API_BASE: `http://127.0.0.1:${port}` }
  const config = wechatConfigFrom(env, true)
  if (!config) throw new Error('the fake WeChat\'s variables did not configure WeChat')

  const checkOf = (verifyId: string) => {
    const check = checks.get(verifyId)
    if (!check) throw new Error(`fake WeChat never issued ${verifyId}`)
    return check
  }

  return {
    env,
    config,
    complete(verifyId, outcome) { checkOf(verifyId).ret = typeof outcome === 'number' ? outcome : VERIFY_RET[outcome] },
    expire(verifyId) { checkOf(verifyId).expired = true },
    expireAccessToken() { if (current) current.state = 'expired' },
    revokeAccessToken() { if (current) current.state = 'revoked' },
    setMode(next) { mode = next },
    requests,
    accessTokens,
    urlLinks,
    ...controls
  }
}
