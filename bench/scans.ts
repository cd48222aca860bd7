/**
 * First scans for the throughput benchmarks: signed-in people with 实名信息 and posters of
 * venues, seeded in bulk. Scan n is person n mod P at venue ⌊n / P⌋ mod V, so P × V scans in a
 * row are all first scans (no entry of that person at that venue within the idempotency
 * window), each by a different person until the people run out.
 */
import { signVenueCode } from '../server/crypto/code-signing'
import { venueCodeUrl } from '../src/shared/venue-code'
import type { SignedIn } from '../server/domain/sessions'
import type { TestStack } from '../tests/support/stack'
import { seedPeople, seedSessions, seedVenues, uuidOf } from './seed'

const PREFIX = 'a5ca0000'
const VENUE_PREFIX = 'tv'

export interface Scans {
  /**
   * The n-th scan: the account (and its session token, and the account as the session look-up
   * finds it: verified, holding the person of the same id, no companions) and the scanned poster link.
   */
  scan(n: number): { accountId: string; account: SignedIn; token: string; code: string }
  /** Next unused scan number, shared by every benchmark that scans. */
  next: number
}

export async function seedScans(stack: TestStack, people: number, venues: number): Promise<Scans> {
  const adminId = await stack.userIdOf(await stack.login('venue_admin'))
  await seedVenues(stack.db, adminId, VENUE_PREFIX, venues)
  await seedPeople(stack.db, stack.config, PREFIX, people, true)
  const tokens = await seedSessions(stack.db, PREFIX, people)
  await stack.db.query('ANALYZE')
  const keys = { keys: stack.config.codeSigningKeys, currentKid: stack.config.codeSigningKid }
  const codes = Array.from({ length: venues }, (_, v) => venueCodeUrl(stack.config.publicBaseUrl,
    signVenueCode(keys, { venueId: `${VENUE_PREFIX}${v + 1}`, checkpointId: `${VENUE_PREFIX}cp${v + 1}`, codeVersion: 1 })))
  return {
    next: 0,
    scan(n) {
      const p = n % people
      const accountId = uuidOf(PREFIX, p + 1)
      return {
        accountId, account: { userId: accountId, personId: accountId, verified: true, companions: [] },
        token: tokens[p], code: codes[Math.floor(n / people) % venues]
      }
    }
  }
}
