import { z } from 'zod'
import type { AlipayLoginRequest } from '../../src/shared/api'
import { exchangeAuthCode } from '../alipay/oauth-token'
import { findOrCreateAlipayUser } from '../domain/alipay-accounts'
import { DomainError } from '../domain/errors'
import { assertNotLimited, recordFailure, SIGN_IN_LIMIT } from '../domain/rate-limit'
import { createSession } from '../domain/sessions'
import { loadMe } from '../domain/users'
import { logUnexpected } from '../log'
import { defineFunction } from './define'

// Alipay's codes are 32 hex digits today; the room to 128 is for a longer format tomorrow.
const schema = z.object({
  authCode: z.string()
    .min(1, '支付宝授权码不能为空')
    .max(128, '支付宝授权码过长')
    .regex(/^[A-Za-z0-9_-]+$/, '支付宝授权码格式不正确')
}).strict() satisfies z.ZodType<AlipayLoginRequest>

/**
 * Sign-in in the Alipay mini-program: the auth code of my.getAuthCode is exchanged with Alipay
 * for the account's id, and the account's user (created on first sign-in) gets a session. A code
 * Alipay refuses is a failed sign-in, counted per address like a wrong demo account.
 */
export const alipayLogin = defineFunction({
  name: 'alipayLogin',
  schema,
  auth: 'none',
  // Not a precondition: those run before validation, and a malformed request is the client's
  // bug whichever server answers it, so it is INVALID_INPUT first.
  async handler(input, { deps, caller }) {
    const alipay = deps.config.alipay
    if (!alipay) throw new DomainError('ALIPAY_NOT_CONFIGURED')
    const who = { address: caller.address }
    await assertNotLimited(deps.db, SIGN_IN_LIMIT, who)
    const exchange = await exchangeAuthCode(alipay, input.authCode)
    if (exchange.kind === 'code-invalid') {
      await recordFailure(deps.db, SIGN_IN_LIMIT, who)
      throw new DomainError('ALIPAY_CODE_INVALID')
    }
    if (exchange.kind === 'unavailable') {
      // Expected for an outage, but also how wrong keys or app id show: operators need the line.
      logUnexpected('alipayLogin', exchange.reason)
      throw new DomainError('ALIPAY_UNAVAILABLE')
    }
    const userId = await findOrCreateAlipayUser(deps.db, exchange.alipayUid)
    const token = await createSession(deps.db, userId)
    return { token, me: await loadMe(deps, userId) }
  }
})
