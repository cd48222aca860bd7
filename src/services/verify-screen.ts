/**
 * H5 (default): a browser has neither WeChat's face check nor Alipay's, so only the local
 * stack's demo provider (no screen at all) verifies here. verify-screen.weapp.ts and
 * verify-screen.alipay.ts are the mini-programs' versions of this file.
 */
import type { VerifyClient } from '../shared/api'
import type { ScreenAnswer } from './verify-screen-answer'

export async function showVerifyScreen(client: VerifyClient): Promise<ScreenAnswer> {
  if ('demo' in client) return { kind: 'done' }
  if ('verifyId' in client) return { kind: 'failed', message: '请在微信小程序中完成人脸核身' }
  return { kind: 'failed', message: '请在支付宝小程序中完成身份验证' }
}
