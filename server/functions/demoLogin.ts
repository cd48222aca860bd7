import { z } from 'zod'
import type { DemoAccountId, DemoLoginRequest } from '../../src/shared/api'
import { demoLogin as login, isDemoAccountId } from '../domain/demo'
import { loadMe } from '../domain/users'
import { defineFunction } from './define'

const schema = z.object({
  account: z.custom<DemoAccountId>(isDemoAccountId, { message: '演示账号不存在' })
}).strict() satisfies z.ZodType<DemoLoginRequest>

/** Local-stack sign-in as a demo person; refused unless DEMO_LOGIN=1. */
export const demoLogin = defineFunction({
  name: 'demoLogin',
  schema,
  auth: 'none',
  precondition: (deps) => (deps.config.demoLogin ? null : 'DEMO_LOGIN_DISABLED'),
  // A well-formed but unknown account name deserves its own answer, not a form error.
  classifyInvalid: (event, fields) =>
    Object.keys(fields).length === 1 && fields.account && typeof event.account === 'string' ? 'UNKNOWN_ACCOUNT' : null,
  async handler(input, { deps }) {
    const { userId, token } = await login(deps, input.account)
    return { token, me: await loadMe(deps, userId) }
  }
})
