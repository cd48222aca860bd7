import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { bindWithDeclarationCode, gateFeed, gateVenues, leaveVenue, recordTemperature } from '../domain/gate'
import { DomainError } from '../domain/errors'
import { action, actions, checkpointIdSchema } from './action-schema'
import { defineFunction } from './define'
import { venueIdSchema } from './venue-id'

const schema = actions([
  z.object({ action: action('bind'), declarationCode: z.string().max(20, '请输入6位数字场所申报码') }).strict(),
  z.object({ action: action('leave'), venueId: venueIdSchema }).strict(),
  z.object({ action: action('venues') }).strict(),
  z.object({ action: action('feed'), venueId: venueIdSchema, checkpointId: checkpointIdSchema.optional() }).strict(),
  z.object({
    action: action('temperature'),
    entryId: z.string().uuid('登记记录编号格式不正确'),
    normal: z.literal(true, { errorMap: () => ({ message: '格式不正确' }) }).optional(),
    celsius: z.number({ invalid_type_error: '请输入体温，例如 36.5' }).optional()
  }).strict()
]) as unknown as z.ZodType<Api['inspector'][0], z.ZodTypeDef, unknown>

/** The gate: binding with the 场所申报码, the latest entries, and 体温检测. */
export const inspector = defineFunction({
  name: 'inspector',
  schema,
  auth: 'user',
  async handler(input, { deps, userId, caller }) {
    switch (input.action) {
      case 'bind': return bindWithDeclarationCode(deps, userId, input.declarationCode.trim(), caller.address)
      case 'leave': return leaveVenue(deps, userId, input.venueId)
      case 'venues': return gateVenues(deps, userId)
      case 'feed': return gateFeed(deps, userId, input.venueId, input.checkpointId)
      case 'temperature': {
        const { normal, celsius } = input as { normal?: true; celsius?: number }
        if ((normal === undefined) === (celsius === undefined)) {
          throw new DomainError('INVALID_INPUT', { celsius: '请选择“体温正常”或输入体温，二者选一' })
        }
        return recordTemperature(deps, userId, input.entryId, celsius ?? null)
      }
    }
  }
})
