import { createHash, randomBytes, randomInt } from 'crypto'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/**
 * Short random id in lower-case base32 (10 chars = 50 bits): short enough to keep the QR code
 * small, random so ids reveal neither the number of venues nor their order.
 */
export function shortId(length = 10): string {
  const bytes = randomBytes(length)
  let out = ''
  for (let i = 0; i < length; i++) out += BASE32[bytes[i] & 31]
  return out
}

/** 6-digit 场所申报码, leading zeros allowed. */
export function declarationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

/** Session token: 32 random bytes; only its SHA-256 is stored, so a database dump holds no usable token. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * timestamptz arrives as a Date from both drivers; normalise to an ISO string in UTC. The Date
 * may come from another realm (PGlite loaded outside a test sandbox), so no instanceof.
 */
export function toIso(value: unknown): string {
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as Date).getTime()).toISOString()
  return new Date(String(value)).toISOString()
}
