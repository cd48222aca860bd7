/**
 * WeChat's server APIs for one mini-program: POST JSON with an access token, the token got
 * from the stable-token endpoint and kept until it nears its end. Everything WeChat answers is
 * handed back as it is (errcode and all); only the transport is decided here: a deadline for the
 * whole call, a token WeChat says is stale got again once, and a down, slow or garbled WeChat
 * as `unavailable`. Plain http/https: cloud functions may run on Node 16, which has no fetch.
 */
import http from 'http'
import https from 'https'
import type { WechatConfig } from '../config'

/** A person is waiting on a button: past this, the whole call (token and all) is unavailable. */
export const WECHAT_TIMEOUT_MS = 3000

/** WeChat's answers here are a few hundred bytes; a larger one is not WeChat's. */
const MAX_ANSWER_BYTES = 64 * 1024

/** 40001 invalid credential, 40014 invalid access_token, 42001 access_token expired. */
const STALE_TOKEN = new Set([40001, 40014, 42001])

export type WechatAnswer =
  | { kind: 'answer'; body: Record<string, unknown> & { errcode?: number; errmsg?: string } }
  | { kind: 'unavailable'; reason: Error }

interface Token { value: string; renewAt: number }

/** Per app: every provider made from the same configuration shares one token. */
const tokens = new WeakMap<WechatConfig, { token?: Token; pending?: Promise<Token> }>()

export async function callWechat(config: WechatConfig, path: string, body: object): Promise<WechatAnswer> {
  const deadline = Date.now() + WECHAT_TIMEOUT_MS
  try {
    let token = await accessToken(config, deadline)
    let answer = await postJson(`${config.apiBase}${path}?access_token=${encodeURIComponent(token.value)}`, body, deadline)
    if (STALE_TOKEN.has(Number(answer.errcode))) {
      // Another server (or WeChat itself, early) renewed the token: forget ours, ask once more.
      forget(config, token)
      token = await accessToken(config, deadline)
      answer = await postJson(`${config.apiBase}${path}?access_token=${encodeURIComponent(token.value)}`, body, deadline)
    }
    return { kind: 'answer', body: answer }
  } catch (err) {
    return { kind: 'unavailable', reason: new Error(`WeChat ${path} failed: ${redact(config, err instanceof Error ? err.message : String(err))}`) }
  }
}

function forget(config: WechatConfig, stale: Token): void {
  const state = tokens.get(config)
  if (state?.token === stale) state.token = undefined
}

async function accessToken(config: WechatConfig, deadline: number): Promise<Token> {
  let state = tokens.get(config)
  if (!state) tokens.set(config, (state = {}))
  if (state.token && Date.now() < state.token.renewAt) return state.token
  // Concurrent first calls share one request.
  const s = state
  s.pending ??= fetchToken(config, deadline).then(
    (token) => { s.token = token; s.pending = undefined; return token },
    (err) => { s.pending = undefined; throw err }
  )
  return s.pending
}

async function fetchToken(config: WechatConfig, deadline: number): Promise<Token> {
  // Normal mode (no force_refresh): WeChat hands every caller the token in force, so servers
  // sharing the app do not invalidate each other's; forced refreshes are limited to 20 a day.
  const answer = await postJson(`${config.apiBase}/cgi-bin/stable_token`, {
    grant_type: 'client_credential', appid: config.appId, secret: config.appSecret, force_refresh: false
  }, deadline)
  const value = answer.access_token
  const expiresIn = Number(answer.expires_in)
  if (typeof value !== 'string' || !value || !Number.isFinite(expiresIn)) {
    throw new Error(`stable_token refused: errcode=${String(answer.errcode ?? '')} errmsg=${String(answer.errmsg ?? '')}`)
  }
  // WeChat renews five minutes before the end; so do we, and never keep one under a minute.
  return { value, renewAt: Date.now() + Math.max(60, expiresIn - 300) * 1000 }
}

/** The secret and any token must not reach a log through an error message. */
function redact(config: WechatConfig, message: string): string {
  let out = message.split(config.appSecret).join('(secret)')
  const state = tokens.get(config)
  if (state?.token) out = out.split(state.token.value).join('(token)')
  return out.replace(/access_token=[^&\s]+/g, 'access_token=(token)')
}

function postJson(url: string, body: object, deadline: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const left = deadline - Date.now()
    if (left <= 0) return reject(new Error(`no answer within ${WECHAT_TIMEOUT_MS} ms`))
    const data = Buffer.from(JSON.stringify(body), 'utf8')
    const target = new URL(url)
    const request = (target.protocol === 'https:' ? https : http).request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': data.length }
    }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_ANSWER_BYTES) request.destroy(new Error('answer too large'))
        else chunks.push(c)
      })
      res.on('end', () => {
        clearTimeout(timer)
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`))
        let parsed: unknown
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        } catch {
          return reject(new Error('answer is not JSON'))
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return reject(new Error('answer is not a JSON object'))
        resolve(parsed as Record<string, unknown>)
      })
      res.on('error', reject)
    })
    // One timer for the whole exchange: a server that accepts and then trickles is as down as one that never answers.
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${WECHAT_TIMEOUT_MS} ms`)), left)
    request.on('error', (err) => { clearTimeout(timer); reject(err) })
    request.end(data)
  })
}
