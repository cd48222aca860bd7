import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { DomainError } from '../domain/errors'
import { purgeExpired } from '../domain/retention'
import { upkeep } from '../jobs/upkeep'
import { defineFunction } from './define'

/**
 * Retention: entries, alerts and 风险提示 older than ENTRY_RETENTION_DAYS are deleted; then the
 * upkeep of issue 20 (server/jobs/upkeep.ts: proposal expiry, audit heads, a due 停用). WeChat's
 * timer trigger (cloudfunctions/purge/config.json) runs it every hour: the purge finds a whole day
 * to drop once a day and nothing the other hours, while the heads are published hourly. The local
 * stack schedules the two on their own. A client can never start it.
 */
export const purge = defineFunction({
  name: 'purge',
  schema: z.object({}).strict() as unknown as z.ZodType<Api['purge'][0], z.ZodTypeDef, unknown>,
  auth: 'none',
  async handler() {
    throw new DomainError('TIMER_ONLY')
  },
  timer: async (deps) => ({ ...await purgeExpired(deps), upkeep: await upkeep(deps) })
})
