import { z } from 'zod'
import type { GenerateCodeRequest } from '../../src/shared/api'
import type { VenueTypeId } from '../../src/shared/venue-types'
import { registerVenue, venueInputErrors } from '../domain/venues'
import { defineFunction } from './define'

const text = (max: number) => z.string({ invalid_type_error: '格式不正确' }).max(max, `不能超过${max}个字`)

/**
 * Field checks are the shared validators (via venueInputErrors), so the server's message for a
 * field is word for word the one the form shows.
 */
const schema = z.object({
  townCode: text(12),
  address: text(100),
  type: z.custom<VenueTypeId>((v) => typeof v === 'string', { message: '请选择场所类型' }),
  name: text(50),
  creditCode: text(40),
  adminName: text(20),
  adminMobile: text(20)
}).strict().superRefine((v, ctx) => {
  for (const [field, message] of Object.entries(venueInputErrors(v))) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message })
  }
}) satisfies z.ZodType<GenerateCodeRequest, z.ZodTypeDef, unknown>

export const generateCode = defineFunction({
  name: 'generateCode',
  schema,
  auth: 'user',
  handler: (input, { deps, userId }) => registerVenue(deps, userId, input)
})
