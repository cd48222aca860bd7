import { z } from 'zod'
import type { WhoAmIRequest } from '../../src/shared/api'
import { loadMe } from '../domain/users'
import { defineFunction } from './define'

const schema = z.object({}).strict() satisfies z.ZodType<WhoAmIRequest>

export const whoAmI = defineFunction({
  name: 'whoAmI',
  schema,
  auth: 'user',
  handler: (_input, { deps, userId }) => loadMe(deps, userId)
})
