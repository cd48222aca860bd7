import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { assistVenues, recentAssisted, registerAssisted } from '../domain/assist'
import { action, actions, checkpointIdSchema, personId, personText } from './action-schema'
import { DomainError } from '../domain/errors'
import { defineFunction } from './define'
import { venueIdSchema } from './venue-id'

const where = { venueId: venueIdSchema, checkpointId: checkpointIdSchema }

const schema = actions([
  z.object({ action: action('venues') }).strict(),
  z.object({ action: action('recent') }).strict(),
  // One register action: either a person picked from the recent list, or one typed in.
  z.object({ action: action('register'), ...where, personId: personId.optional(), name: personText.optional(), idCard: personText.optional(), phone: personText.optional() })
    .strict()
]) as unknown as z.ZodType<Api['assist'][0], z.ZodTypeDef, unknown>

/** 辅助登记 for people without a phone, by an inspector (or the admin) of the venue. */
export const assist = defineFunction({
  name: 'assist',
  schema,
  auth: 'user',
  async handler(input, { deps, userId }) {
    switch (input.action) {
      case 'venues': return assistVenues(deps, userId)
      case 'recent': return recentAssisted(deps, userId)
      case 'register': {
        const { venueId, checkpointId, personId: picked, name, idCard, phone } = input as typeof input & { personId?: string; name?: string; idCard?: string; phone?: string }
        if (picked !== undefined) {
          if (name !== undefined || idCard !== undefined || phone !== undefined) {
            throw new DomainError('INVALID_INPUT', { personId: '请填写人员信息或从近期登记人员中选择，二者选一' })
          }
          return registerAssisted(deps, userId, { venueId, checkpointId, personId: picked })
        }
        return registerAssisted(deps, userId, { venueId, checkpointId, name: name ?? '', idCard: idCard ?? '', phone })
      }
    }
  }
})
