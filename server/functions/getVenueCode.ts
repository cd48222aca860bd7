import { z } from 'zod'
import type { GetVenueCodeRequest } from '../../src/shared/api'
import { venueWithCode } from '../domain/venues'
import { defineFunction } from './define'
import { venueIdSchema } from './venue-id'
import { checkpointIdSchema } from './action-schema'

const schema = z.object({ venueId: venueIdSchema, checkpointId: checkpointIdSchema.optional() }).strict() satisfies z.ZodType<GetVenueCodeRequest>

export const getVenueCode = defineFunction({
  name: 'getVenueCode',
  schema,
  auth: 'venueAdmin',
  handler: (input, { deps }) => venueWithCode(deps, input.venueId, input.checkpointId)
})
