import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'crypto'

/**
 * Personal data at rest: AES-256-GCM with a fresh 12-byte IV per value, stored as
 * base64(iv ‖ tag ‖ ciphertext). GCM's tag means a modified ciphertext fails to decrypt
 * instead of yielding altered data.
 */

const IV_BYTES = 12
const TAG_BYTES = 16

export function encrypt(key: Buffer, plaintext: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
}

export function decrypt(key: Buffer, stored: string): string {
  const raw = Buffer.from(stored, 'base64')
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short')
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
}

/**
 * Keyed hash for equality look-ups (e.g. "is this credit code already registered?"). Keyed so
 * that the small space of ID and phone numbers cannot be brute-forced from a database dump.
 */
export function lookupHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex')
}
