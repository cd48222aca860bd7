/**
 * 实名核验 in three steps, without Taro: the server opens a check with this account's provider
 * (startVerification), the platform shows its own screen (WeChat 人脸核身, Alipay 身份验证; the
 * demo provider has none), and the server asks the provider how it ended (confirmVerification).
 * The steps are passed in so the order and its outcomes are tested with fakes; identity-verify.ts
 * wires the real ones.
 */
import type { Fail, PersonInput, ProfileView, Result, VerifyClient, IdentityProviderKind } from '../shared/api'
import type { ScreenAnswer } from './verify-screen-answer'
import { SCREEN_CANCELLED_MESSAGE } from './verify-screen-answer'

export type VerifyResult =
  | { kind: 'verified'; profile: ProfileView }
  /** The person closed the platform's screen: nothing failed, nothing was confirmed. */
  | { kind: 'cancelled'; message: string }
  /** Refused by the server (with its field messages) or by the platform's screen. */
  | { kind: 'refused'; fail: Pick<Fail, 'code' | 'message' | 'fields'> }

export interface VerifySteps {
  start(input: Partial<PersonInput>): Promise<Result<{ checkId: string; provider: IdentityProviderKind; client: VerifyClient }>>
  screen(client: VerifyClient): Promise<ScreenAnswer>
  confirm(checkId: string): Promise<Result<{ profile: ProfileView }>>
}

export async function runVerification(steps: VerifySteps, input: Partial<PersonInput> = {}): Promise<VerifyResult> {
  const started = await steps.start(input)
  if (!started.ok) return { kind: 'refused', fail: started }
  const { checkId, client } = started.data
  // The demo provider vouches at once; only a real provider has a screen to go through.
  const screen = 'demo' in client ? { kind: 'done' as const } : await steps.screen(client)
  if (screen.kind === 'cancelled') return { kind: 'cancelled', message: SCREEN_CANCELLED_MESSAGE }
  if (screen.kind === 'failed') return { kind: 'refused', fail: { code: 'IDENTITY_CHECK_FAILED', message: screen.message } }
  const confirmed = await steps.confirm(checkId)
  if (!confirmed.ok) return { kind: 'refused', fail: confirmed }
  return { kind: 'verified', profile: confirmed.data.profile }
}
