import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'crypto'

/**
 * Personal data at rest: AES-256-GCM with a fresh 12-byte IV per value, stored as
 * `<kid>:base64(iv ‖ tag ‖ ciphertext)`. The key id beside each value lets keys rotate: new
 * values use the current key, old ones stay readable until the rotation command re-encrypts
 * them. GCM's tag means a modified ciphertext fails to decrypt instead of yielding altered data.
 */

const IV_BYTES = 12
const TAG_BYTES = 16

/** Every data key by id, and the one new values are written with. */
export interface DataKeys {
  keys: Record<string, Buffer>
  currentKid: string
}

export function encrypt(dataKeys: DataKeys, plaintext: string): string {
  const kid = dataKeys.currentKid
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', dataKeys.keys[kid], iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return `${kid}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
}

/** The key id a stored value was written with. */
export function keyIdOf(stored: string): string {
  const i = stored.indexOf(':')
  if (i <= 0) throw new Error('stored value has no key id')
  return stored.slice(0, i)
}

export function decrypt(dataKeys: DataKeys, stored: string): string {
  const kid = keyIdOf(stored)
  const key = Object.prototype.hasOwnProperty.call(dataKeys.keys, kid) ? dataKeys.keys[kid] : undefined
  // Naming the id (never the key) tells an operator which key a rotation still needs.
  if (!key) throw new Error(`no data key with id "${kid}"`)
  const raw = Buffer.from(stored.slice(kid.length + 1), 'base64')
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short')
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
}

/** Decrypts when present: optional fields (a companion's mobile) are NULL, not ciphertext. */
export function decryptOptional(dataKeys: DataKeys, stored: string | null): string | null {
  return stored == null ? null : decrypt(dataKeys, stored)
}

/**
 * Keyed hash for equality look-ups (e.g. "is this credit code already registered?"). Keyed so
 * that the small space of ID and phone numbers cannot be brute-forced from a database dump.
 */
export function lookupHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex')
}

/**
 * The audit chains' fingerprint of a reason kept encrypted (access_log, status_changes). The
 * chains hash this, not the ciphertext: a data-key rotation re-encrypts every reason, which must not
 * break a chain, while an edited reason must. Keyed with the look-up key (never rotated with the
 * data keys) and set apart from ID-number look-ups, so a short reason cannot be guessed from a dump.
 */
export function reasonMac(lookupKey: Buffer, reason: string): string {
  return lookupHash(lookupKey, `audit-reason\u0000${reason}`)
}
