import type { PurgeResponse } from '../../src/shared/api'
import type { Deps } from './deps'

/** Deletes what is older than ENTRY_RETENTION_DAYS; safe to run twice and at the same time. */
export async function purgeExpired(_deps: Deps): Promise<PurgeResponse> {
  throw new Error('purgeExpired: not written yet')
}
