import { z } from 'zod'
import type { MyVenuesRequest } from '../../src/shared/api'
import { myVenues as venuesOf } from '../domain/venues'
import { defineFunction } from './define'

const schema = z.object({}).strict() satisfies z.ZodType<MyVenuesRequest>

export const myVenues = defineFunction({
  name: 'myVenues',
  schema,
  auth: 'user',
  handler: async (_input, { deps, userId }) => ({ venues: await venuesOf(deps, userId) })
})
