import { z } from 'zod'
import { MAX_COMPANIONS, type CheckInRequest } from '../../src/shared/api'
import { checkIn as logEntry } from '../domain/check-in'
import { defineFunction } from './define'

// Any text a scanner can produce is a code to judge, not a form field: empty, huge or full of
// control characters, parseVenueCode calls it foreign and the person sees the warning.
const schema = z.object({
  code: z.string(),
  companionIds: z.array(z.string().uuid('同行人员编号格式不正确'))
    .max(MAX_COMPANIONS, '同行人员最多10人')
    .refine((ids) => new Set(ids).size === ids.length, '同行人员重复')
    .optional()
}).strict() satisfies z.ZodType<CheckInRequest>

export const checkIn = defineFunction({
  name: 'checkIn',
  schema,
  auth: 'user',
  opaqueFields: ['code'],
  handler: (input, { deps, account }) => logEntry(deps, account, input.code, input.companionIds)
})
