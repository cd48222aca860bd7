import { z } from 'zod'
import type { RegenerateCodeRequest } from '../../src/shared/api'
import { regenerateVenueCode } from '../domain/venues'
import { defineFunction } from './define'
import { venueIdSchema } from './venue-id'
import { checkpointIdSchema } from './action-schema'

const schema = z.object({ venueId: venueIdSchema, checkpointId: checkpointIdSchema.optional() }).strict() satisfies z.ZodType<RegenerateCodeRequest>

export const regenerateCode = defineFunction({
  name: 'regenerateCode',
  schema,
  auth: 'venueAdmin',
  handler: (input, { deps }) => regenerateVenueCode(deps, input.venueId, input.checkpointId)
})
