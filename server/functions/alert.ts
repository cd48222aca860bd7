import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { acknowledgeAlert, getAlert, listAlerts, subscribeAlerts } from '../domain/alerts'
import { deliverDue, logSender } from '../domain/outbox'
import { deliverStatusDue, statusLogSender } from '../domain/status-messages'
import { wechatStatusSender, wechatSubscribeSender } from '../platform/wechat-subscribe'
import { wechat } from '../platform/wx-sdk'
import { action, actions } from './action-schema'
import { defineFunction } from './define'

/** WeChat stops a cloud function after its timeout (3 s unless config.json says more). */
const TIMER_BUDGET_MS = 1500

const alertId = z.string().uuid('提醒编号格式不正确')

const schema = actions([
  z.object({ action: action('list'), open: z.boolean({ invalid_type_error: '格式不正确' }).optional() }).strict(),
  z.object({ action: action('get'), alertId }).strict(),
  z.object({ action: action('acknowledge'), alertId }).strict(),
  z.object({
    action: action('subscribe'),
    templateIds: z.array(z.string().max(64, '模板编号格式不正确'), { invalid_type_error: '格式不正确' }).max(3, '每次最多订阅3个模板')
  }).strict()
]) as unknown as z.ZodType<Api['alert'][0], z.ZodTypeDef, unknown>

/**
 * The abnormal-status alert function: recipients' alert lists, acknowledging, and the grant of
 * WeChat subscription messages. Its timer trigger delivers due notifications from the outbox.
 */
export const alert = defineFunction({
  name: 'alert',
  schema,
  auth: 'user',
  async handler(input, { deps, userId }) {
    switch (input.action) {
      case 'list': return listAlerts(deps, userId, input.open ?? false)
      case 'get': return getAlert(deps, userId, input.alertId)
      case 'acknowledge': return acknowledgeAlert(deps, userId, input.alertId)
      case 'subscribe': return subscribeAlerts(deps, userId, input.templateIds)
    }
  },
  // Every minute on WeChat (config.json): the sweep that delivers what is due in the outbox,
  // starting no new round late in the invocation (what is left waits for the next minute).
  // Status messages (status-messages.ts) go out beside alerts', from their own outbox.
  timer: async (deps) => {
    const [alerts, status] = await Promise.all([
      deliverDue(deps, { wechat: wechatSubscribeSender(wechat()), log: logSender }, { budgetMs: TIMER_BUDGET_MS }),
      deliverStatusDue(deps, { wechat: wechatStatusSender(wechat()), log: statusLogSender }, { budgetMs: TIMER_BUDGET_MS })
    ])
    return { ...alerts, status }
  }
})
