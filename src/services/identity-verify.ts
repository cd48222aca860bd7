/**
 * 去核验: the account's own 实名信息 (or what was just typed) checked by this platform's
 * provider, ending in the verified profile or a Chinese message. The platform's screen is
 * verify-screen.weapp.ts / .alipay.ts / .ts, chosen by Taro per build.
 */
import type { PersonInput } from '../shared/api'
import { callAction } from './actions'
import { runVerification, type VerifyResult } from './identity-flow'
import { showVerifyScreen } from './verify-screen'

export type { VerifyResult }

export function verifyIdentity(input: Partial<PersonInput> = {}): Promise<VerifyResult> {
  return runVerification({
    start: (data) => callAction('people', 'startVerification', data),
    screen: showVerifyScreen,
    confirm: (checkId) => callAction('people', 'confirmVerification', { checkId })
  }, input)
}
