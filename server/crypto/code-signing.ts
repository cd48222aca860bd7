import { createHmac, timingSafeEqual } from 'crypto'
import { VENUE_CODE_SCHEME, type VenueCodeToken } from '../../src/shared/venue-code'

/**
 * Venue-code signatures: HMAC-SHA-256 with a secret key, so that (unlike an unkeyed hash) nobody
 * without the key can print a code the app accepts. Truncated to 128 bits to keep the QR code small.
 */

export interface SigningKeys {
  keys: Record<string, Buffer>
  currentKid: string
}

export type SignatureCheck = 'valid' | 'unknownKey' | 'tampered'

const SIGNATURE_BYTES = 16

export interface CodeSubject {
  venueId: string
  checkpointId: string
  codeVersion: number
}

function mac(key: Buffer, signedPart: string): Buffer {
  return createHmac('sha256', key).update(signedPart, 'utf8').digest().subarray(0, SIGNATURE_BYTES)
}

/** A token `CSM1.<kid>.<venueId>.<checkpointId>.<version>.<sig>` signed with the current key. */
export function signVenueCode(keys: SigningKeys, subject: CodeSubject): string {
  const key = keys.keys[keys.currentKid]
  if (!key) throw new Error(`signing key "${keys.currentKid}" is not configured`)
  const signedPart = [VENUE_CODE_SCHEME, keys.currentKid, subject.venueId, subject.checkpointId, String(subject.codeVersion)].join('.')
  return `${signedPart}.${mac(key, signedPart).toString('base64url')}`
}

export function verifyVenueCode(keys: SigningKeys, code: VenueCodeToken): SignatureCheck {
  const key = Object.prototype.hasOwnProperty.call(keys.keys, code.kid) ? keys.keys[code.kid] : undefined
  if (!key) return 'unknownKey'
  const given = Buffer.from(code.signature, 'base64url')
  const expected = mac(key, code.signedPart)
  // Length differs only for a malformed signature; timingSafeEqual requires equal lengths.
  if (given.length !== expected.length) return 'tampered'
  return timingSafeEqual(given, expected) ? 'valid' : 'tampered'
}
