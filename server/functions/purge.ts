import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { DomainError } from '../domain/errors'
import { purgeExpired } from '../domain/retention'
import { defineFunction } from './define'

/**
 * Retention: entries, alerts and 风险提示 older than ENTRY_RETENTION_DAYS are deleted. WeChat's
 * timer trigger (cloudfunctions/purge/config.json, 03:00 China time) runs it; the local stack
 * schedules the same handler. A client can never start it.
 */
export const purge = defineFunction({
  name: 'purge',
  schema: z.object({}).strict() as unknown as z.ZodType<Api['purge'][0], z.ZodTypeDef, unknown>,
  auth: 'none',
  async handler() {
    throw new DomainError('TIMER_ONLY')
  },
  timer: (deps) => purgeExpired(deps)
})
