// WeChat platform file: Taro picks it over alert-subscribe.ts.
import Taro from '@tarojs/taro'
import { acceptedTemplateIds } from './alerts-view'

export const CAN_SUBSCRIBE = true

/**
 * Asks the person to allow the templates. WeChat only shows its dialog when this runs in the tap
 * itself, so callers call it first in the handler, before awaiting anything else.
 */
export async function requestAlertSubscription(templateIds: string[]): Promise<{ accepted: string[] } | { error: string }> {
  try {
    const answer = await Taro.requestSubscribeMessage({ tmplIds: templateIds } as Taro.requestSubscribeMessage.Option)
    return { accepted: acceptedTemplateIds(answer as unknown as Record<string, unknown>, templateIds) }
  } catch (err) {
    const message = (err as { errMsg?: string })?.errMsg ?? ''
    // 20004: the person switched off subscription messages in the mini-program's settings.
    return { error: /20004|switched off/i.test(`${(err as { errCode?: number })?.errCode ?? ''} ${message}`)
      ? '您已关闭小程序的订阅消息，请在右上角“…”→“设置”中打开后重试'
      : '未能开启微信提醒，请稍后重试' }
  }
}
