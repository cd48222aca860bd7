/**
 * What a platform's own verification screen answered, in one shape for every platform
 * (verify-screen.weapp.ts, verify-screen.alipay.ts, verify-screen.ts). The screen only says the
 * person went through it: whether they passed is the server's to ask the provider
 * (confirmVerification), never the phone's to claim.
 */
export type ScreenAnswer =
  | { kind: 'done' }
  /** The person closed the screen: no error, they may simply try again. */
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }

export const SCREEN_CANCELLED_MESSAGE = '已取消实名核验，可随时重新核验'
export const SCREEN_FAILED_MESSAGE = '未能完成实名核验，请确认是本人操作后重试'

/** WeChat's fail callback for a closed 人脸核身 screen (errCode 90100, errMsg "…:fail cancel"). */
const WECHAT_CANCEL_CODES = [90100]

export function wechatFailAnswer(err: { errCode?: number; errno?: number; errMsg?: string } | undefined): ScreenAnswer {
  const code = err?.errCode ?? err?.errno
  if ((code !== undefined && WECHAT_CANCEL_CODES.includes(code)) || /cancel/i.test(err?.errMsg ?? '')) return { kind: 'cancelled' }
  return { kind: 'failed', message: SCREEN_FAILED_MESSAGE }
}

/**
 * Alipay's resultStatus: 9000 the check ran through, 6001 the person left it; 6002 (network) and
 * 4000 (business error) are failures to say so.
 */
export function alipayAnswer(res: { resultStatus?: string } | undefined): ScreenAnswer {
  const status = res?.resultStatus
  if (status === '9000') return { kind: 'done' }
  if (status === '6001') return { kind: 'cancelled' }
  if (status === '6002') return { kind: 'failed', message: '网络不可用，请检查网络后重新核验' }
  return { kind: 'failed', message: SCREEN_FAILED_MESSAGE }
}
