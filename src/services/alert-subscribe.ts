/**
 * WeChat subscription messages for 异常提醒 (and for a change of one's status, 首页) exist only in the WeChat mini-program
 * (alert-subscribe.weapp.ts); everywhere else the in-app list, polled while shown, is the channel.
 */
export const CAN_SUBSCRIBE = false

/** The template ids the person accepted, or the reason nothing was asked. */
export async function requestAlertSubscription(_templateIds: string[]): Promise<{ accepted: string[] } | { error: string }> {
  return { error: '仅微信小程序支持微信提醒' }
}
