import { callAction } from './actions'
import { requestAlertSubscription } from './alert-subscribe'

/** What a page says after asking: granted, declined in WeChat's dialog, or not granted. */
export interface SubscribeWords { granted: string; declined: string; failed: string }

/**
 * 接收微信提醒 and 状态变更时微信通知我: WeChat's dialog for `templateIds`, then alert.subscribe with
 * the accepted ones (one grant, one message). WeChat shows its dialog only in the tap itself, so
 * pages call this first in the handler: the dialog is asked for before anything is awaited.
 */
export async function askSubscription(templateIds: string[], words: SubscribeWords): Promise<{ ok: boolean; text: string }> {
  const asked = await requestAlertSubscription(templateIds)
  if ('error' in asked) return { ok: false, text: asked.error }
  if (!asked.accepted.length) return { ok: false, text: words.declined }
  const res = await callAction('alert', 'subscribe', { templateIds: asked.accepted })
  if (!res.ok) return { ok: false, text: res.message }
  return res.data.granted > 0 ? { ok: true, text: words.granted } : { ok: false, text: words.failed }
}
