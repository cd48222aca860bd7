import { z } from 'zod'
import type { DemoLoginRequest } from '../../src/shared/api'
import { demoLogin as login, isDemoAccountId } from '../domain/demo'
import { DomainError } from '../domain/errors'
import { assertNotLimited, recordFailure, SIGN_IN_LIMIT } from '../domain/rate-limit'
import { loadMe } from '../domain/users'
import { defineFunction } from './define'

// Any short string reaches the handler: an unknown name is a failed sign-in to count, not a form error.
const schema = z.object({
  account: z.string().max(64, '演示账号不存在')
}).strict() as unknown as z.ZodType<DemoLoginRequest, z.ZodTypeDef, unknown>

/**
 * Local-stack sign-in as a demo person; refused unless DEMO_LOGIN=1. Like any sign-in, a wrong
 * account name is a failed guess, limited per account and per address.
 */
export const demoLogin = defineFunction({
  name: 'demoLogin',
  schema,
  auth: 'none',
  precondition: (deps) => (deps.config.demoLogin ? null : 'DEMO_LOGIN_DISABLED'),
  async handler(input, { deps, caller }) {
    const who = { account: input.account, address: caller.address }
    await assertNotLimited(deps.db, SIGN_IN_LIMIT, who)
    if (!isDemoAccountId(input.account as unknown)) {
      await recordFailure(deps.db, SIGN_IN_LIMIT, who)
      throw new DomainError('UNKNOWN_ACCOUNT')
    }
    const { userId, token } = await login(deps, input.account)
    return { token, me: await loadMe(deps, userId) }
  }
})
