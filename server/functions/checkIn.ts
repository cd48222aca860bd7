import { z } from 'zod'
import type { CheckInRequest } from '../../src/shared/api'
import { checkIn as logEntry } from '../domain/check-in'
import { defineFunction } from './define'

// Any text a scanner can produce is a code to judge, not a form field: empty, huge or full of
// control characters, parseVenueCode calls it foreign and the person sees the warning.
const schema = z.object({
  code: z.string()
}).strict() satisfies z.ZodType<CheckInRequest>

export const checkIn = defineFunction({
  name: 'checkIn',
  schema,
  auth: 'user',
  opaqueFields: ['code'],
  handler: (input, { deps, userId }) => logEntry(deps, userId, input.code)
})
