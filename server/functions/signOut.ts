import { z } from 'zod'
import type { SignOutRequest } from '../../src/shared/api'
import { revokeSession } from '../domain/sessions'
import { defineFunction } from './define'

const schema = z.object({}).strict() satisfies z.ZodType<SignOutRequest>

/**
 * 退出登录: revokes the caller's HTTP session on the server, so a copied token stops working
 * too. Open to anyone and idempotent: signing out twice, or with a token that has already
 * expired, is not an error. On WeChat there is no session to revoke.
 */
export const signOut = defineFunction({
  name: 'signOut',
  schema,
  auth: 'none',
  async handler(_input, { deps, caller }) {
    if (caller.sessionToken) await revokeSession(deps.db, caller.sessionToken)
    return { signedOut: true as const }
  }
})
