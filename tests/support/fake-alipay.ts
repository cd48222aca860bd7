/**
 * A stand-in for Alipay's OpenAPI gateway, the one outside service tests fake. It speaks the
 * protocol alipay-sdk speaks to the real one (OpenAPI 2.0, RSA2): it checks each request's
 * signature with the app's public key, and signs each answer with a key pair of its own, whose
 * public half the server under test is configured with as "Alipay's public key". It knows one
 * method, alipay.system.oauth.token, and answers it as Alipay does: codes work once, expire, and
 * a bad one gets the signed `error_response` with sub_code isv.code-invalid.
 */
import { createSign, createVerify, generateKeyPairSync, randomBytes, randomInt, type KeyObject } from 'crypto'
import http from 'http'
import type { AddressInfo, Socket } from 'net'
import { alipayConfigFrom, type AlipayConfig } from '../../server/config'

const METHOD = 'alipay.system.oauth.token'
const RESPONSE_KEY = 'alipay_system_oauth_token_response'

/**
 * How the gateway behaves: `up`; `bad-gateway` (502 from a proxy in front); `hang` (accepts and
 * never answers); `garbage` (200 with an HTML error page); `unsigned` (answers, successes and
 * refusals alike, carry no sign); `forged` (answers signed with a key that is not Alipay's, as
 * from someone in the middle). `down` is goDown(): no listener.
 */
export type FakeAlipayMode = 'up' | 'bad-gateway' | 'hang' | 'garbage' | 'unsigned' | 'forged'

export interface FakeAlipay {
  /** The deployment's variables for this gateway: app id, the app's private key, the fake's public key. */
  env: Record<'ALIPAY_APP_ID' | 'ALIPAY_PRIVATE_KEY' | 'ALIPAY_PUBLIC_KEY' | 'ALIPAY_GATEWAY', string>
  /** The same, as the server's configuration reads them (http is allowed as on the local stack). */
  config: AlipayConfig
  /** A fresh auth code for an Alipay account, as my.getAuthCode would hand the mini-program. */
  issueCode(alipayUid: string, options?: { as?: 'user_id' | 'open_id' }): string
  /** The code's time is up (Alipay's codes live minutes, not a test's length). */
  expire(code: string): void
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

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => String(key.export({ type, format: 'pem' }))

/** "yyyy-MM-dd HH:mm:ss", Alipay's timestamp format. */
const timestamp = () => new Date().toISOString().replace('T', ' ').slice(0, 19)

export async function startFakeAlipay(): Promise<FakeAlipay> {
  const app = keyPair()
  const alipay = keyPair()
  const impostor = keyPair()
  const appId = `2021${randomInt(10 ** 11, 10 ** 12)}`
  const codes = new Map<string, Issued>()
  const sockets = new Set<Socket>()
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
  const refusal = (code: string, msg: string, subCode: string, subMsg: string) =>
    answer('error_response', { code, msg, sub_code: subCode, sub_msg: subMsg })

  /** Alipay's rule: every parameter but sign, sorted by name, as name=value joined by &. */
  const signatureValid = (params: Record<string, string>) => {
    const content = Object.keys(params).filter((k) => k !== 'sign').sort().map((k) => `${k}=${params[k]}`).join('&')
    try {
      return createVerify('RSA-SHA256').update(content, 'utf8').verify(app.publicKey, params.sign ?? '', 'base64')
    } catch {
      return false
    }
  }

  const tokenAnswer = (params: Record<string, string>): string => {
    if (params.app_id !== appId) return refusal('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数')
    if (params.sign_type !== 'RSA2' || !signatureValid(params)) {
      return refusal('40002', 'Invalid Arguments', 'isv.invalid-signature', '验签出错')
    }
    if (params.method !== METHOD) return refusal('40004', 'Business Failed', 'isv.invalid-method', '不存在的方法名')
    if (params.grant_type !== 'authorization_code') return refusal('40002', 'Invalid Arguments', 'isv.grant-type-invalid', 'grant_type参数不正确')
    const issued = codes.get(params.code ?? '')
    if (!issued || issued.used || issued.expired) return refusal('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效')
    issued.used = true
    const accessToken = `authusrB${randomBytes(16).toString('hex')}`
    accessTokens.push(accessToken)
    const content = {
      [issued.as]: issued.uid,
      access_token: accessToken,
      expires_in: 1296000,
      refresh_token: `authusrB${randomBytes(16).toString('hex')}`,
      re_expires_in: 2592000,
      auth_start: timestamp()
    }
    return answer(RESPONSE_KEY, content)
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.alipay')
      const params: Record<string, string> = Object.fromEntries(url.searchParams)
      for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params[k] = v
      requests.push(params)
      if (mode === 'hang') return
      if (mode === 'bad-gateway') return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>')
      if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>系统繁忙</body></html>')
      if (req.method !== 'POST' || url.pathname !== '/gateway.do') return void res.writeHead(404).end()
      res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' }).end(tokenAnswer(params))
    })
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve() })
  })
  const stop = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy()
    server.close(() => resolve())
  })

  await listen(0)
  const port = (server.address() as AddressInfo).port

  const env = {
    ALIPAY_APP_ID: appId,
    ALIPAY_PRIVATE_KEY: pem(app.privateKey, 'pkcs8'),
    ALIPAY_PUBLIC_KEY: pem(alipay.publicKey, 'spki'),
    ALIPAY_GATEWAY: `http://127.0.0.1:${port}/gateway.do`
  }
  const config = alipayConfigFrom(env, true)
  if (!config) throw new Error('the fake Alipay\'s variables did not configure Alipay sign-in')

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
    setMode(next) { mode = next },
    goDown: stop,
    comeBack: () => listen(port),
    requests,
    accessTokens,
    close: async () => { if (server.listening) await stop() }
  }
}
