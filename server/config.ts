/**
 * Server configuration. Every secret comes from the environment (or is injected by a test
 * stack); a missing or malformed key stops the process at start-up with a message naming the
 * variable, because a silently generated key would make every printed venue code and every
 * encrypted record unreadable after the next restart.
 */
import { dirname, resolve } from 'path'
import { createPrivateKey, createPublicKey, type KeyObject, type PrivateKeyInput, type PublicKeyInput } from 'crypto'

import type { DataKeys } from './crypto/personal-data'
import { DEFAULT_RULES, type PublicHealthRules } from './domain/public-health-rules'
import { VENUE_TYPE_IDS, type VenueTypeId } from '../src/shared/venue-types'
import { DEFAULT_ASSIST_DAILY_CAP, DEFAULT_PROPOSAL_HOURS } from '../src/shared/api'

export interface Config {
  /** PostgreSQL server; when absent the embedded PGlite is used. */
  databaseUrl?: string
  /** Schema (search_path) on the PostgreSQL server; lets tests share one server safely. */
  databaseSchema?: string
  /** PGlite data directory, or ':memory:' for a throw-away database. */
  dataDir: string
  /** Venue-code signing keys by key id; several are accepted so posters survive a rotation. */
  codeSigningKeys: Record<string, Buffer>
  /** Key id used to sign new codes. */
  codeSigningKid: string
  /** AES-256-GCM keys for personal data at rest, by key id, and the id new values use. */
  dataKeys: DataKeys
  /** HMAC key for lookup hashes of personal data (so equal values can be found without decrypting). */
  lookupHashKey: Buffer
  /** Base of the link printed in the QR code, normalised, e.g. https://csm.example.gov.cn */
  publicBaseUrl: string
  /**
   * Every base a scanned link may start with: publicBaseUrl first, then the bases this
   * deployment printed before (PREVIOUS_PUBLIC_BASE_URLS), so posters survive a move.
   */
  codeLinkBases: string[]
  demoLogin: boolean
  localStack: boolean
  /** Alipay sign-in (alipayLogin) and 身份验证; absent when this deployment has no Alipay app. */
  alipay?: AlipayConfig
  /** The WeChat mini-program's server credentials (人脸核身); absent when not configured. */
  wechat?: WechatConfig
  /** Tracing and retention rules (TRACE_*, ENTRY_RETENTION_DAYS). */
  rules: PublicHealthRules
  /** ASSIST_DAILY_CAP: the most 辅助登记 one inspector makes in a China day. */
  assistDailyCap: number
  /** WECHAT_ALERT_TEMPLATE_ID: the subscription-message template of alerts; none, no WeChat messages. */
  alertTemplateId?: string
  /** WECHAT_STATUS_TEMPLATE_ID: the subscription-message template of a change of one's status; none, no WeChat messages. */
  statusTemplateId?: string
  /**
   * NOTIFICATION_LOG_FILE: where the local stack's notification channel appends one JSON line per
   * notification sent. functions-framework drops what a function writes to standard output.
   */
  notificationLogFile?: string
  /**
   * AUDIT_HEADS_FILE: where the audit chains' heads are published, one JSON line per publication
   * (server/domain/audit-chain.ts), a file the operator keeps away from the database. On the local
   * stack, audit-heads.jsonl beside the PGlite directory (not inside it: it must outlive the database).
   */
  auditHeadsFile?: string
  /** STATUS_PROPOSAL_HOURS: how long a proposal waits for a second official (DEFAULT_PROPOSAL_HOURS when absent). */
  statusProposalHours?: number
  /**
   * STATUS_EMERGENCY_PATH=1: an official may apply a status change at once, without a second
   * official; every such change is marked 紧急 wherever it is shown. Off unless a deployment turns it on.
   */
  statusEmergencyPath?: boolean
}

/** One Alipay mini-program app, as alipay-sdk takes it: keys as PEM, the app key as PKCS#8. */
export interface AlipayConfig {
  appId: string
  /** The app's RSA private key, PKCS#8 PEM: signs every request to Alipay. */
  privateKey: string
  /** Alipay's RSA public key, SPKI PEM: every answer we act on must be signed with its pair. */
  alipayPublicKey: string
  /** The OpenAPI gateway, e.g. https://openapi.alipay.com/gateway.do */
  gateway: string
}

/** One WeChat mini-program, as its server-side APIs (access_token, 人脸核身) take it. */
export interface WechatConfig {
  /** The mini-program's AppID, wx and 16 letters or digits. */
  appId: string
  /** Its AppSecret: asks WeChat for access tokens, so it never leaves the server. */
  appSecret: string
  /** Where WeChat's server APIs answer, without a trailing slash: https://api.weixin.qq.com */
  apiBase: string
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

export const DEFAULT_DATA_DIR = '.data/pglite'
export const DEFAULT_ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do'
export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com'

export function loadConfig(env: Env = process.env): Config {
  const localStack = env.LOCAL_STACK === '1'
  const codeSigningKeys = parseSigningKeys(required(env, 'CODE_SIGNING_KEYS'))
  const codeSigningKid = required(env, 'CODE_SIGNING_KID')
  if (!Object.prototype.hasOwnProperty.call(codeSigningKeys, codeSigningKid)) {
    throw new ConfigError(`CODE_SIGNING_KID "${codeSigningKid}" is not one of the key ids in CODE_SIGNING_KEYS`)
  }
  const dataKeys = dataKeysFrom(env)
  const lookupHashKey = decodeKey(env, 'LOOKUP_HASH_KEY', 16, 1024)
  const codeLinkBases = codeLinkBasesFrom(required(env, 'PUBLIC_BASE_URL'), env.PREVIOUS_PUBLIC_BASE_URLS, localStack)
  const publicBaseUrl = codeLinkBases[0]
  // Demo accounts include an official: anywhere but a local stack they are a back door.
  const demoLogin = env.DEMO_LOGIN === '1'
  if (demoLogin && !localStack) {
    throw new ConfigError('DEMO_LOGIN=1 is only allowed on the local stack (LOCAL_STACK=1)')
  }
  // A deployed function falling back to a PGlite directory of its own would answer from a
  // private, empty database; only the local stack (or an explicit DATA_DIR) may use PGlite.
  if (!env.DATABASE_URL && !localStack && !env.DATA_DIR) {
    throw new ConfigError('Missing required environment variable DATABASE_URL (PGlite is only for the local stack or an explicit DATA_DIR)')
  }
  const alipay = alipayConfigFrom(env, localStack)
  const wechat = wechatConfigFrom(env, localStack)
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    dataDir: env.DATA_DIR || DEFAULT_DATA_DIR,
    codeSigningKeys,
    codeSigningKid,
    dataKeys,
    lookupHashKey,
    publicBaseUrl,
    codeLinkBases,
    demoLogin,
    localStack,
    ...(alipay ? { alipay } : {}),
    ...(wechat ? { wechat } : {}),
    rules: rulesFrom(env),
    assistDailyCap: wholeNumber(env, 'ASSIST_DAILY_CAP', DEFAULT_ASSIST_DAILY_CAP, 1, 100_000),
    ...(env.WECHAT_ALERT_TEMPLATE_ID ? { alertTemplateId: env.WECHAT_ALERT_TEMPLATE_ID.trim() } : {}),
    ...(env.WECHAT_STATUS_TEMPLATE_ID ? { statusTemplateId: env.WECHAT_STATUS_TEMPLATE_ID.trim() } : {}),
    ...(env.NOTIFICATION_LOG_FILE ? { notificationLogFile: env.NOTIFICATION_LOG_FILE } : {}),
    ...auditHeadsFileFrom(env, localStack),
    statusProposalHours: wholeNumber(env, 'STATUS_PROPOSAL_HOURS', DEFAULT_PROPOSAL_HOURS, 1, 24 * 14),
    statusEmergencyPath: flag(env, 'STATUS_EMERGENCY_PATH')
  }
}

/** 1 on, 0 or absent off; anything else stops the start-up (a typo must not leave a path open or closed unnoticed). */
function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim()
  if (raw === '' || raw === '0') return false
  if (raw === '1') return true
  throw new ConfigError(`${name} must be 1 (on) or 0 (off)`)
}

/** AUDIT_HEADS_FILE, or on the local stack audit-heads.jsonl beside its data directory. */
function auditHeadsFileFrom(env: Env, localStack: boolean): { auditHeadsFile?: string } {
  if (env.AUDIT_HEADS_FILE) return { auditHeadsFile: resolve(env.AUDIT_HEADS_FILE) }
  const dataDir = env.DATA_DIR || DEFAULT_DATA_DIR
  if (!localStack || dataDir === ':memory:') return {}
  return { auditHeadsFile: resolve(dirname(resolve(dataDir)), 'audit-heads.jsonl') }
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}`)
  return n
}

/** TRACE_WINDOW_DAYS, TRACE_AEROSOL_EXTENSION_MAX_MINUTES, TRACE_DEFAULT_STAY_MINUTES, ENTRY_RETENTION_DAYS. */
export function rulesFrom(env: Env): PublicHealthRules {
  const entryRetentionDays = wholeNumber(env, 'ENTRY_RETENTION_DAYS', DEFAULT_RULES.entryRetentionDays, 1, 366)
  const traceWindowDays = wholeNumber(env, 'TRACE_WINDOW_DAYS', DEFAULT_RULES.traceWindowDays, 1, entryRetentionDays)
  const aerosolExtensionMaxMinutes = wholeNumber(env, 'TRACE_AEROSOL_EXTENSION_MAX_MINUTES', DEFAULT_RULES.aerosolExtensionMaxMinutes, 0, 240)
  const defaultStayMinutes = { ...DEFAULT_RULES.defaultStayMinutes }
  if (env.TRACE_DEFAULT_STAY_MINUTES) {
    let parsed: unknown
    try {
      parsed = JSON.parse(env.TRACE_DEFAULT_STAY_MINUTES)
    } catch {
      throw new ConfigError('TRACE_DEFAULT_STAY_MINUTES must be JSON such as {"restaurant":90}')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError('TRACE_DEFAULT_STAY_MINUTES must be JSON such as {"restaurant":90}')
    }
    for (const [type, minutes] of Object.entries(parsed)) {
      if (!(VENUE_TYPE_IDS as readonly string[]).includes(type)) throw new ConfigError(`TRACE_DEFAULT_STAY_MINUTES names an unknown venue type "${type}"`)
      if (!Number.isInteger(minutes) || (minutes as number) < 5 || (minutes as number) > 1440) {
        throw new ConfigError(`TRACE_DEFAULT_STAY_MINUTES.${type} must be whole minutes from 5 to 1440`)
      }
      defaultStayMinutes[type as VenueTypeId] = minutes as number
    }
  }
  return { traceWindowDays, aerosolExtensionMaxMinutes, defaultStayMinutes, entryRetentionDays }
}

function required(env: Env, name: string): string {
  const v = env[name]
  if (!v || !v.trim()) throw new ConfigError(`Missing required environment variable ${name}`)
  return v.trim()
}

/** Buffer.from silently drops invalid characters, so re-encode to catch a mistyped key. */
function strictBase64(raw: string, name: string): Buffer {
  const key = Buffer.from(raw, 'base64')
  if (key.toString('base64').replace(/=+$/, '') !== raw.replace(/=+$/, '')) {
    throw new ConfigError(`${name} is not valid base64`)
  }
  return key
}

function decodeKey(env: Env, name: string, minBytes: number, maxBytes: number): Buffer {
  const key = strictBase64(required(env, name), name)
  if (key.length < minBytes || key.length > maxBytes) {
    throw new ConfigError(minBytes === maxBytes
      ? `${name} must be ${minBytes} bytes (base64), got ${key.length}`
      : `${name} must be ${minBytes}–${maxBytes} bytes (base64), got ${key.length}`)
  }
  return key
}

/** The id DATA_ENCRYPTION_KEY (one key, as first deployed) stands for; migration 003 labels old values with it. */
export const LEGACY_DATA_KID = 'k1'

/**
 * DATA_ENCRYPTION_KEYS ("kid:base64,…") with DATA_ENCRYPTION_KID naming the current one; or a
 * single DATA_ENCRYPTION_KEY, which is key id k1. Old ids stay listed until the rotation command
 * has re-encrypted every value written with them.
 */
export function dataKeysFrom(env: Env): DataKeys {
  if (!env.DATA_ENCRYPTION_KEYS) {
    if (env.DATA_ENCRYPTION_KID) throw new ConfigError('DATA_ENCRYPTION_KID needs DATA_ENCRYPTION_KEYS')
    return { keys: { [LEGACY_DATA_KID]: decodeKey(env, 'DATA_ENCRYPTION_KEY', 32, 32) }, currentKid: LEGACY_DATA_KID }
  }
  if (env.DATA_ENCRYPTION_KEY) throw new ConfigError('Set DATA_ENCRYPTION_KEYS or DATA_ENCRYPTION_KEY, not both (the single key is k1 in the list)')
  const keys = parseKeyList(env.DATA_ENCRYPTION_KEYS, 'DATA_ENCRYPTION_KEYS', 32, 32)
  const currentKid = required(env, 'DATA_ENCRYPTION_KID')
  if (!Object.prototype.hasOwnProperty.call(keys, currentKid)) {
    throw new ConfigError(`DATA_ENCRYPTION_KID "${currentKid}" is not one of the key ids in DATA_ENCRYPTION_KEYS`)
  }
  return { keys, currentKid }
}

/** "kid:base64secret,kid2:base64secret" */
export function parseSigningKeys(raw: string): Record<string, Buffer> {
  return parseKeyList(raw, 'CODE_SIGNING_KEYS', 32, Infinity)
}

function parseKeyList(raw: string, name: string, minBytes: number, maxBytes: number): Record<string, Buffer> {
  // No prototype: a key id such as "constructor" must not find Object's own properties.
  const keys: Record<string, Buffer> = Object.create(null)
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = item.indexOf(':')
    const kid = i < 0 ? '' : item.slice(0, i)
    if (!/^[0-9A-Za-z]{1,16}$/.test(kid)) {
      throw new ConfigError(`${name} entries must look like kid:base64secret, kid 1–16 letters or digits`)
    }
    const secret = strictBase64(item.slice(i + 1), `${name} key "${kid}"`)
    if (secret.length < minBytes || secret.length > maxBytes) {
      throw new ConfigError(maxBytes === minBytes
        ? `${name} key "${kid}" must be ${minBytes} bytes`
        : `${name} key "${kid}" must be at least ${minBytes} bytes`)
    }
    if (keys[kid]) throw new ConfigError(`${name} has key id "${kid}" twice`)
    keys[kid] = secret
  }
  if (Object.keys(keys).length === 0) throw new ConfigError(`${name} has no keys`)
  return keys
}

/** PUBLIC_BASE_URL first, then PREVIOUS_PUBLIC_BASE_URLS (comma-separated), each normalised, no repeats. */
export function codeLinkBasesFrom(publicBaseUrl: string, previous: string | undefined, localStack: boolean): string[] {
  const bases = [normalizeBaseUrl(publicBaseUrl, 'PUBLIC_BASE_URL', localStack)]
  for (const raw of (previous || '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const base = normalizeBaseUrl(raw, 'PREVIOUS_PUBLIC_BASE_URLS', localStack)
    if (!bases.includes(base)) bases.push(base)
  }
  return bases
}

/**
 * The one spelling of a base that printed links use and scanned links are compared with:
 * scheme and host in lower case (URL does that), default port dropped, no trailing slash,
 * no query, fragment or credentials. https only, except on the local stack.
 */
export function normalizeBaseUrl(raw: string, name: string, localStack: boolean): string {
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(`${name} "${raw}" is not a URL`)
  }
  if (!(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && localStack))) {
    throw new ConfigError(`${name} must start with https:// (http is allowed only when LOCAL_STACK=1)`)
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(`${name} "${raw}" must be scheme, host and optional path only`)
  }
  const path = parsed.pathname.replace(/\/+$/, '')
  if (!/^(\/[A-Za-z0-9._~-]+)*$/.test(path)) throw new ConfigError(`${name} "${raw}" has a path with characters a link cannot carry unescaped`)
  return `${parsed.protocol}//${parsed.host}${path}`
}

export const ALIPAY_REQUIRED = ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY'] as const
export const WECHAT_REQUIRED = ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'] as const

/**
 * An optional feature is all or nothing: a deployment that set some of its variables meant to
 * offer it, and finding out from the first person who cannot use it is too late. True when the
 * feature is configured, false when none of its variables is set.
 */
function allOrNothing(env: Env, required: readonly string[], optional: readonly string[], feature: string): boolean {
  const given = [...required, ...optional].filter((name) => env[name]?.trim())
  if (!given.length) return false
  const missing = required.find((name) => !env[name]?.trim())
  if (missing) {
    throw new ConfigError(`Missing required environment variable ${missing} (${given.join(', ')} set: ${feature} needs ${required.join(', ')})`)
  }
  return true
}

/** Alipay sign-in and 身份验证: ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY, ALIPAY_GATEWAY. */
export function alipayConfigFrom(env: Env, localStack: boolean): AlipayConfig | undefined {
  if (!allOrNothing(env, ALIPAY_REQUIRED, ['ALIPAY_GATEWAY'], 'Alipay sign-in')) return undefined
  const appId = required(env, 'ALIPAY_APP_ID')
  if (!/^[0-9]{1,32}$/.test(appId)) throw new ConfigError('ALIPAY_APP_ID must be the digits of the Alipay app id')
  const privateKey = rsaPrivateKey(required(env, 'ALIPAY_PRIVATE_KEY'), 'ALIPAY_PRIVATE_KEY')
  const alipayPublicKey = rsaPublicKey(required(env, 'ALIPAY_PUBLIC_KEY'), 'ALIPAY_PUBLIC_KEY')
  // The classic mix-up: the app's own public key (应用公钥) where Alipay's belongs. Every answer
  // would then fail its signature check, and every sign-in would look like an Alipay outage.
  if (pem(createPublicKey(privateKey), 'spki') === pem(alipayPublicKey, 'spki')) {
    throw new ConfigError("ALIPAY_PUBLIC_KEY is the app's own public key (应用公钥); it must be Alipay's public key (支付宝公钥)")
  }
  return {
    appId,
    privateKey: pem(privateKey, 'pkcs8'),
    alipayPublicKey: pem(alipayPublicKey, 'spki'),
    gateway: serviceUrl(env.ALIPAY_GATEWAY?.trim() || DEFAULT_ALIPAY_GATEWAY, 'ALIPAY_GATEWAY', localStack).toString()
  }
}

/** WeChat 人脸核身: WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_API_BASE. */
export function wechatConfigFrom(env: Env, localStack: boolean): WechatConfig | undefined {
  if (!allOrNothing(env, WECHAT_REQUIRED, ['WECHAT_API_BASE'], 'WeChat 人脸核身')) return undefined
  const appId = required(env, 'WECHAT_APP_ID')
  if (!/^wx[0-9A-Za-z]{16}$/.test(appId)) throw new ConfigError('WECHAT_APP_ID must be the mini-program\'s AppID: wx and 16 letters or digits')
  const appSecret = required(env, 'WECHAT_APP_SECRET')
  // The AppSecret is 32 hex digits; anything else is a paste of the wrong field, found here
  // rather than as every check failing with "invalid appsecret".
  if (!/^[0-9A-Za-z]{32}$/.test(appSecret)) throw new ConfigError('WECHAT_APP_SECRET must be the mini-program\'s AppSecret: 32 letters or digits')
  const base = serviceUrl(env.WECHAT_API_BASE?.trim() || DEFAULT_WECHAT_API_BASE, 'WECHAT_API_BASE', localStack)
  if (base.search || base.hash || base.username || base.password) {
    throw new ConfigError(`WECHAT_API_BASE "${env.WECHAT_API_BASE}" must be scheme, host and optional path only`)
  }
  return { appId, appSecret, apiBase: `${base.protocol}//${base.host}${base.pathname.replace(/\/+$/, '')}` }
}

/**
 * Alipay's tools hand out keys as PEM or as bare base64 (PKCS#8 or PKCS#1). alipay-sdk only
 * wraps a bare key in the PEM header of the type it is told, and a wrong guess fails on the first
 * sign-in; so the key is parsed here, once, and passed on in one spelling: PKCS#8 PEM.
 */
function rsaPrivateKey(raw: string, name: string): KeyObject {
  return parseRsaKey(raw, name, (input) => createPrivateKey(input as PrivateKeyInput), ['pkcs8', 'pkcs1'])
}

function rsaPublicKey(raw: string, name: string): KeyObject {
  // createPublicKey would accept a private key too, deriving its public half: refuse that mix-up.
  if (/PRIVATE KEY/.test(raw)) throw new ConfigError(`${name} holds a private key; it must be Alipay's public key (支付宝公钥)`)
  return parseRsaKey(raw, name, (input) => createPublicKey(input as PublicKeyInput), ['spki', 'pkcs1'])
}

interface KeyInput { key: string | Buffer; format: 'pem' | 'der'; type?: 'pkcs8' | 'pkcs1' | 'spki' }

function parseRsaKey(raw: string, name: string, make: (input: KeyInput) => KeyObject, derTypes: Array<'pkcs8' | 'pkcs1' | 'spki'>): KeyObject {
  // Environment files often carry a PEM on one line with literal "\n" between its lines.
  const text = raw.replace(/\\n/g, '\n').trim()
  const attempts: KeyInput[] = text.startsWith('-----BEGIN')
    ? [{ key: text, format: 'pem' }]
    : derTypes.map((type) => ({ key: strictBase64(text.replace(/\s+/g, ''), name), format: 'der', type }))
  for (const input of attempts) {
    let key: KeyObject
    try {
      key = make(input)
    } catch {
      continue
    }
    if (key.asymmetricKeyType !== 'rsa') throw new ConfigError(`${name} must be an RSA key (Alipay signs with RSA2)`)
    return key
  }
  throw new ConfigError(`${name} is not an RSA key in PEM or base64 (${derTypes.map((t) => t.toUpperCase()).join(' or ')})`)
}

const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => String(key.export({ type, format: 'pem' })).trim()

/**
 * An outside service's address: https only (its answers say who someone is, and our requests
 * carry secrets), except on the local stack, where it may be a fake or a tunnel.
 */
function serviceUrl(raw: string, name: string, localStack: boolean): URL {
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(`${name} "${raw}" is not a URL`)
  }
  if (!(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && localStack))) {
    throw new ConfigError(`${name} must start with https:// (http is allowed only when LOCAL_STACK=1)`)
  }
  return parsed
}
