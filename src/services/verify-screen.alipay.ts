/**
 * Alipay: 支付宝身份验证 with the certify_id and url the server obtained for this person. Taro
 * ships no types for my.startAPVerify; Taro picks this file over verify-screen.ts in the Alipay build.
 */
import type { VerifyClient } from '../shared/api'
import { alipayAnswer, SCREEN_FAILED_MESSAGE, type ScreenAnswer } from './verify-screen-answer'

/** The part of Alipay's `my` used here. */
declare const my: {
  startAPVerify(options: {
    url: string
    certifyId: string
    success: (res: { resultStatus?: string }) => void
    fail: (err: unknown) => void
  }): void
}

export function showVerifyScreen(client: VerifyClient): Promise<ScreenAnswer> {
  if ('demo' in client) return Promise.resolve({ kind: 'done' })
  if (!('certifyId' in client)) return Promise.resolve({ kind: 'failed', message: SCREEN_FAILED_MESSAGE })
  return new Promise((resolve) => {
    try {
      my.startAPVerify({
        url: client.url,
        certifyId: client.certifyId,
        success: (res) => resolve(alipayAnswer(res)),
        fail: () => resolve({ kind: 'failed', message: SCREEN_FAILED_MESSAGE })
      })
    } catch {
      resolve({ kind: 'failed', message: '当前支付宝版本不支持身份验证，请升级支付宝后重试' })
    }
  })
}
