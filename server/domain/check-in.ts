import type { CheckInResponse } from '../../src/shared/api'
import { parseVenueCode } from '../../src/shared/venue-code'
import { venueTypeLabel } from '../../src/shared/venue-types'
import { verifyVenueCode } from '../crypto/code-signing'
import type { Deps } from './deps'
import { codeVerdict } from './code-verdict'
import { DomainError } from './errors'
import { toIso } from './ids'
import { fullAddress } from './regions'
import { healthStatusOf, maskedNameOf } from './users'
import { regionOf } from './venues'

/**
 * A second scan of the same venue within this window is the same visit (double tap, a shaky
 * camera, the page reloaded): it returns the first entry instead of logging another.
 */
export const IDEMPOTENCY_WINDOW_MINUTES = 5

interface Target {
  venue_id: string
  checkpoint_id: string
  checkpoint_name: string
  code_version: number
  name: string
  type: string
  address: string
  province_code: string; province_name: string
  city_code: string; city_name: string
  county_code: string; county_name: string
  town_code: string; town_name: string
}

/**
 * Verifies a scanned code and logs the caller's entry. Refusals come before any write:
 * not a link this deployment prints (look-alike host, other path or parameters) → FOREIGN; bad signature, unknown key or unknown venue → FORGED;
 * an older poster → REVOKED.
 */
export async function checkIn(deps: Deps, userId: string, scanned: string): Promise<CheckInResponse> {
  const parsed = parseVenueCode(scanned, { bases: deps.config.codeLinkBases })
  // Our scheme but damaged (truncated, edited) is a tampered code, not someone else's.
  if (!parsed.ok) throw new DomainError(parsed.reason === 'malformed' ? 'VENUE_CODE_FORGED' : 'VENUE_CODE_FOREIGN')
  const code = parsed.code
  const signature = verifyVenueCode({ keys: deps.config.codeSigningKeys, currentKid: deps.config.codeSigningKid }, code)
  // A bad signature is refused before the database is asked anything.
  if (signature !== 'valid') throw new DomainError('VENUE_CODE_FORGED')

  const targets = await deps.db.query<Target>(
    `SELECT c.venue_id, c.id AS checkpoint_id, c.name AS checkpoint_name, c.code_version,
            v.name, v.type, v.address, v.province_code, v.province_name, v.city_code, v.city_name,
            v.county_code, v.county_name, v.town_code, v.town_name
     FROM checkpoints c JOIN venues v ON v.id = c.venue_id
     WHERE c.id = $1 AND c.venue_id = $2`, [code.checkpointId, code.venueId])
  const t = targets[0]
  const verdict = codeVerdict(signature, t ? t.code_version : null, code.codeVersion)
  if (verdict === 'forged') throw new DomainError('VENUE_CODE_FORGED')
  if (verdict === 'revoked') throw new DomainError('VENUE_CODE_REVOKED')

  const entry = await deps.db.transaction(async (tx) => {
    // Serialise scans of one person at one venue, so two at the same instant make one row.
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`checkin:${userId}:${t.venue_id}`])
    // A repeat shows the entry as recorded, including the checkpoint first scanned.
    const recent = await tx.query<{ id: string; checked_in_at: Date; checkpoint_name: string }>(
      `SELECT e.id, e.checked_in_at, c.name AS checkpoint_name
       FROM entries e JOIN checkpoints c ON c.id = e.checkpoint_id
       WHERE e.user_id = $1 AND e.venue_id = $2 AND e.withdrawn_at IS NULL
         AND e.checked_in_at > now() - make_interval(mins => $3::int)
       ORDER BY e.checked_in_at DESC LIMIT 1`, [userId, t.venue_id, IDEMPOTENCY_WINDOW_MINUTES])
    if (recent.length) return { ...recent[0], repeated: true }
    const inserted = await tx.query<{ id: string; checked_in_at: Date }>(
      `INSERT INTO entries (user_id, venue_id, checkpoint_id) VALUES ($1, $2, $3) RETURNING id, checked_in_at`,
      [userId, t.venue_id, t.checkpoint_id])
    return { ...inserted[0], checkpoint_name: t.checkpoint_name, repeated: false }
  })

  return {
    entryId: entry.id,
    checkedInAt: toIso(entry.checked_in_at),
    repeated: entry.repeated,
    venue: {
      id: t.venue_id,
      name: t.name,
      fullAddress: fullAddress(regionOf(t), t.address),
      typeLabel: venueTypeLabel(t.type),
      checkpointName: entry.checkpoint_name
    },
    person: {
      nameMasked: await maskedNameOf(deps, deps.db, userId),
      healthStatus: await healthStatusOf(deps.db, userId)
    }
  }
}
