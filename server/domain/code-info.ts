import type { CodeInfoResponse } from '../../src/shared/api'
import { venueCodeUrl } from '../../src/shared/venue-code'
import { wechatUrlLink } from '../wechat/url-link'
import { signedVenueCode } from './check-in'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { assertNotLimited, recordFailure, type GuessLimit } from './rate-limit'
import { fullAddress } from './address'
import { regionOf, type VenueRow } from './venues'

/**
 * Look-ups per client address: every one counts (they need no secret, so there is nothing to
 * tell right from wrong). A person scans a handful of posters an hour; a crowd behind one
 * venue's Wi-Fi signs in after its first look-up and then uses checkIn.
 */
export const CODE_INFO_LIMIT: GuessLimit = { scope: 'codeinfo', maxFailures: 120, windowMinutes: 10 }

type Row = Pick<VenueRow, 'name' | 'address' | 'province_code' | 'province_name' | 'city_code' | 'city_name' | 'county_code' | 'county_name' | 'town_code' | 'town_name'> & {
  code_version: number; removed: boolean; checkpoint_name: string
}

/**
 * What a scanned code is, for someone not signed in: the same verdict as checkIn's (FOREIGN,
 * FORGED, REVOKED) before anything else, and for a genuine current code only what its poster
 * prints (venue, address, checkpoint) and the links that open it in the verified apps.
 */
export async function codeInfo(deps: Deps, scanned: string, address: string | null): Promise<CodeInfoResponse> {
  await assertNotLimited(deps.db, CODE_INFO_LIMIT, { address })
  await recordFailure(deps.db, CODE_INFO_LIMIT, { address })
  const code = signedVenueCode(deps, scanned)
  const [row] = await deps.db.query<Row>(
    `SELECT c.code_version, c.removed_at IS NOT NULL AS removed, c.name AS checkpoint_name, v.name, v.address,
            v.province_code, v.province_name, v.city_code, v.city_name, v.county_code, v.county_name, v.town_code, v.town_name
       FROM checkpoints c JOIN venues v ON v.id = c.venue_id
      WHERE c.id = $1 AND c.venue_id = $2`, [code.checkpointId, code.venueId])
  // As csm_check_in: a version not issued yet is forged; an older one, or a removed checkpoint, revoked.
  if (!row || code.codeVersion > row.code_version) throw new DomainError('VENUE_CODE_FORGED')
  if (code.codeVersion < row.code_version || row.removed) throw new DomainError('VENUE_CODE_REVOKED')
  const link = venueCodeUrl(deps.config.publicBaseUrl, code.token)
  return {
    venue: { name: row.name, fullAddress: fullAddress(regionOf(row), row.address), checkpointName: row.checkpoint_name },
    openIn: {
      wechat: deps.config.wechat ? await wechatUrlLink(deps.config.wechat, link) : null,
      alipay: deps.config.alipay ? alipayLink(deps.config.alipay.appId, link) : null
    }
  }
}

/**
 * Alipay's scheme for opening a mini-program page; the page gets the printed link as `code`,
 * as from Alipay's in-app scanner, so it checks in exactly as a scan does.
 */
export function alipayLink(appId: string, link: string): string {
  const query = `code=${encodeURIComponent(link)}`
  return `alipays://platformapi/startapp?appId=${encodeURIComponent(appId)}&page=pages/checkin/index&query=${encodeURIComponent(query)}`
}
