import { z } from 'zod'
import type { CheckInRequest } from '../../src/shared/api'
import { checkIn as logEntry } from '../domain/check-in'
import { defineFunction } from './define'

const schema = z.object({
  code: z.string().min(1, '请扫描场所码').max(2048, '场所码内容过长')
}).strict() satisfies z.ZodType<CheckInRequest>

export const checkIn = defineFunction({
  name: 'checkIn',
  schema,
  auth: 'user',
  handler: (input, { deps, userId }) => logEntry(deps, userId, input.code)
})
