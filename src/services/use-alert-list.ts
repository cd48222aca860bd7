/** The caller's 异常提醒, kept fresh every 5 s while the page is shown (usePolled), those waiting first. */
import { useCallback } from 'react'
import type { AlertView } from '../shared/api'
import { callAction } from './actions'
import { acknowledgeInList, sortAlerts } from './alerts-view'
import { usePolled } from './use-polled'

export function useAlertList() {
  const polled = usePolled('alerts', async () => {
    const res = await callAction('alert', 'list', {})
    return res.ok ? { ...res, data: { ...res.data, alerts: sortAlerts(res.data.alerts) } } : res
  })
  const { update } = polled

  /** An alert this page acknowledged: updated in place (and counted) until the next poll. */
  const acknowledged = useCallback((alert: AlertView) => {
    update((d) => ({ ...d, ...acknowledgeInList(d, alert) }))
  }, [update])

  return { data: polled.data, stale: polled.stale, fail: polled.fail, retry: polled.retry, acknowledged }
}
