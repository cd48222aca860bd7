import { z } from 'zod'
import type { CodeInfoRequest } from '../../src/shared/api'
import { codeInfo as lookUp } from '../domain/code-info'
import { defineFunction } from './define'

// As checkIn: any text a scanner produces is a code to judge (the warning), not a form field.
const schema = z.object({ code: z.string() }).strict() satisfies z.ZodType<CodeInfoRequest>

export const codeInfo = defineFunction({
  name: 'codeInfo',
  schema,
  auth: 'none',
  opaqueFields: ['code'],
  handler: (input, { deps, caller }) => lookUp(deps, input.code, caller.address)
})
