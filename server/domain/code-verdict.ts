import type { SignatureCheck } from '../crypto/code-signing'

/**
 * What a well-formed scanned code means, once its signature is checked and the checkpoint's
 * current code version is known (null when no such venue or checkpoint exists).
 *
 * - genuine: our signature, the poster now on the wall;
 * - revoked: our signature on an older version: the admin regenerated the code;
 * - forged: not our signature, an unknown key, a venue we never issued, or a version we have
 *   not issued yet (only someone holding the key could sign one).
 */
export type CodeVerdict = 'genuine' | 'revoked' | 'forged'

export function codeVerdict(signature: SignatureCheck, currentVersion: number | null, scannedVersion: number): CodeVerdict {
  if (signature !== 'valid' || currentVersion === null || scannedVersion > currentVersion) return 'forged'
  return scannedVersion === currentVersion ? 'genuine' : 'revoked'
}
