/**
 * WeChat: 微信人脸核身 with the verify_id the server obtained for this person. Taro wraps no
 * wx.requestFacialVerify, so the global `wx` is called directly; Taro picks this file over
 * verify-screen.ts in the WeChat build.
 */
import type { VerifyClient } from '../shared/api'
import { SCREEN_FAILED_MESSAGE, wechatFailAnswer, type ScreenAnswer } from './verify-screen-answer'

export function showVerifyScreen(client: VerifyClient): Promise<ScreenAnswer> {
  if ('demo' in client) return Promise.resolve({ kind: 'done' })
  if (!('verifyId' in client)) return Promise.resolve({ kind: 'failed', message: SCREEN_FAILED_MESSAGE })
  return new Promise((resolve) => {
    try {
      wx.requestFacialVerify({
        verifyId: client.verifyId,
        success: () => resolve({ kind: 'done' }),
        fail: (err) => resolve(wechatFailAnswer(err as { errCode?: number; errno?: number; errMsg?: string }))
      })
    } catch {
      // A base library older than 3.8.12 has no requestFacialVerify.
      resolve({ kind: 'failed', message: '当前微信版本不支持人脸核身，请升级微信后重试' })
    }
  })
}
