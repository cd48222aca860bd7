import { z } from 'zod'
import { RELATIONS } from '../../src/shared/api'
import { ID_PATTERN } from '../../src/shared/venue-code'
import type { VenueTypeId } from '../../src/shared/venue-types'

/**
 * Field schemas shared by the action functions. Shapes only: the content rules (ID check digit,
 * name characters…) live in src/shared/person-form.ts and give the form's own messages.
 */
export const personText = z.string().max(64, '内容过长')
export const personId = z.string().uuid('人员编号格式不正确')
export const relation = z.enum(RELATIONS as [string, ...string[]], { errorMap: () => ({ message: '请选择与本人的关系' }) })

/** `{ action }` objects, one strict schema per action; an unknown action names the field. */
export function actions<T extends [z.AnyZodObject, z.AnyZodObject, ...z.AnyZodObject[]]>(options: T) {
  return z.discriminatedUnion('action', options as never, {
    errorMap: (issue, ctx) => (issue.code === z.ZodIssueCode.invalid_union_discriminator
      ? { message: '不支持的操作' }
      : { message: ctx.defaultError })
  })
}

export const action = <A extends string>(name: A) => z.literal(name)

/** Checkpoint ids as the code format defines them. */
export const checkpointIdSchema = z.string().regex(ID_PATTERN, '检测点格式不正确')

const text = (max: number) => z.string({ invalid_type_error: '格式不正确' }).max(max, `不能超过${max}个字`)

/** A venue's fields, as applied for (generateCode) and edited (venue). */
export const venueFields = {
  townCode: text(12),
  address: text(100),
  type: z.custom<VenueTypeId>((v) => typeof v === 'string', { message: '请选择场所类型' }),
  name: text(50),
  creditCode: text(40),
  adminName: text(20),
  adminMobile: text(20)
}
