import { ALERT_KIND_LABELS, HEALTH_STATUS_LABELS } from '../../src/shared/api'
import { formatShanghai } from '../../src/shared/time'
import type { Notification, Sender, SendOutcome } from '../domain/outbox'
import { STATUS_MESSAGE_PROMPT, type StatusSender } from '../domain/status-messages'
import type { SubscribeMessageRequest, WxServerSdk } from './wx-sdk'

/** The page a tapped alert message opens: the inspector's alert list (subpackage inspect). */
export const ALERT_PAGE = 'inspect/alerts/index'
/** The page a tapped status message opens: 首页, where the change, its reason and 申诉 are. */
export const STATUS_PAGE = 'pages/index/index'

/** The template's fields hold at most 20 characters (thing.DATA). */
const THING_MAX = 20

/** errcode 43101: the user refused, or has no grant left. Sending again would only fail again. */
export const WX_NO_SUBSCRIPTION = 43101
/** errcode -1: WeChat is busy; try later. */
export const WX_SYSTEM_BUSY = -1

function thing(text: string): { value: string } {
  const chars = Array.from(text)
  return { value: chars.length > THING_MAX ? chars.slice(0, THING_MAX - 1).join('') + '…' : text }
}

/** The template data: 场所名, 提醒类型, 时间 of the visit (China time; a late upload's scan time). Nothing personal. */
export function subscribeMessageData(n: Notification): Record<string, { value: string }> {
  return {
    thing1: thing(n.venueName),
    thing2: thing(ALERT_KIND_LABELS[n.kind]),
    time3: { value: formatShanghai(n.enteredAt, 'YYYY-MM-DD HH:mm') }
  }
}

/**
 * The status template's data: whose status (masked), 健康码状态变更 to the new colour, the time
 * (China time) and a prompt to open the mini-program. A lock screen may show it: never the reason,
 * the office or a full name.
 */
export function statusMessageData(n: { personNameMasked: string; newStatus: keyof typeof HEALTH_STATUS_LABELS; changedAt: string }): Record<string, { value: string }> {
  return {
    thing1: thing(n.personNameMasked),
    thing2: thing(`健康码状态变更为${HEALTH_STATUS_LABELS[n.newStatus]}`),
    time3: { value: formatShanghai(n.changedAt, 'YYYY-MM-DD HH:mm') },
    thing4: thing(STATUS_MESSAGE_PROMPT)
  }
}

/**
 * WeChat subscription messages through cloud.openapi (the alert function's config.json grants
 * subscribeMessage.send). 43101 and other refusals of the request are permanent; busy and
 * network trouble are worth a retry.
 */
export function wechatSubscribeSender(cloud: Pick<WxServerSdk, 'openapi'>): Sender {
  // The alert itself opens: the list page reads alertId.
  return async (n) => send(cloud, n.openid, n.templateId, () => ({ page: `${ALERT_PAGE}?alertId=${n.alertId}`, data: subscribeMessageData(n) }))
}

/** The status template's messages, sent as alerts' are; a tap opens 首页. */
export function wechatStatusSender(cloud: Pick<WxServerSdk, 'openapi'>): StatusSender {
  return async (n) => send(cloud, n.openid, n.templateId, () => ({ page: STATUS_PAGE, data: statusMessageData(n) }))
}

async function send(cloud: Pick<WxServerSdk, 'openapi'>, openid: string | null, templateId: string | null,
  message: () => Pick<SubscribeMessageRequest, 'page' | 'data'>): Promise<SendOutcome> {
  if (!openid || !templateId) return { kind: 'skipped', error: '未绑定微信或未配置模板' }
  const api = cloud.openapi?.subscribeMessage
  if (!api) return { kind: 'failed', error: 'subscribeMessage.send 不可用' }
  let answer: { errCode?: number; errcode?: number; errMsg?: string; errmsg?: string }
  try {
    answer = await api.send({ touser: openid, templateId, ...message(), miniprogramState: 'formal' })
  } catch (err) {
    // The SDK throws for a non-zero errcode as well as for the network: read the code back.
    const e = err as { errCode?: number; errcode?: number; message?: string }
    answer = { errCode: e.errCode ?? e.errcode ?? WX_SYSTEM_BUSY, errMsg: e.message ?? String(err) }
  }
  const code = answer.errCode ?? answer.errcode ?? 0
  const text = `${code} ${answer.errMsg ?? answer.errmsg ?? ''}`.trim()
  if (code === 0) return { kind: 'sent' }
  if (code === WX_NO_SUBSCRIPTION) return { kind: 'skipped', error: text }
  if (code === WX_SYSTEM_BUSY || code === 45009 /* rate limit */) return { kind: 'retry', error: text }
  return { kind: 'failed', error: text }
}
