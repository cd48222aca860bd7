/**
 * 异常提醒 as venue staff read them, without Taro: the ones still waiting for 我已知晓 first,
 * where and who (masked), what to do at the door (the shared entry advice), and for a case's
 * visit only when and what to do: an exposure alert never says who the case was.
 */
import type { AlertView } from '../shared/api'
import { ALERT_KIND_LABELS } from '../shared/api'
import { entryAdvice, type EntryAdvice } from '../shared/entry-advice'
import { formatTemperature } from '../shared/temperature'
import { formatShanghai } from '../shared/time'

/** Waiting for the caller first, then newest first within each part. */
export function sortAlerts(alerts: readonly AlertView[]): AlertView[] {
  return [...alerts].sort((a, b) =>
    Number(a.acknowledgedAt !== null) - Number(b.acknowledgedAt !== null) || Date.parse(b.createdAt) - Date.parse(a.createdAt))
}

/**
 * The list after the caller acknowledged one alert: replaced where it stands (the next poll
 * re-sorts), and the count of those waiting one less if this one was waiting.
 */
export function acknowledgeInList(list: { alerts: readonly AlertView[]; unacknowledged: number }, updated: AlertView): { alerts: AlertView[]; unacknowledged: number } {
  const before = list.alerts.find((a) => a.alertId === updated.alertId)
  const nowDone = !!before && before.acknowledgedAt === null && updated.acknowledgedAt !== null
  return {
    alerts: list.alerts.map((a) => (a.alertId === updated.alertId ? updated : a)),
    unacknowledged: Math.max(0, list.unacknowledged - (nowDone ? 1 : 0))
  }
}

export function alertKindLabel(a: Pick<AlertView, 'kind'>): string {
  return ALERT_KIND_LABELS[a.kind]
}

/** 泉城广场 · 主入口, or the venue alone when no checkpoint is concerned (a case's visit). */
export function alertPlace(a: Pick<AlertView, 'venueName' | 'checkpointName'>): string {
  return a.checkpointName ? `${a.venueName} · ${a.checkpointName}` : a.venueName
}

/** 体温 37.8 ℃ for a temperature alert, else null. */
export function alertTemperature(a: Pick<AlertView, 'temperatureCelsius'>): string | null {
  return a.temperatureCelsius === null ? null : `体温 ${formatTemperature(a.temperatureCelsius)}`
}

/** What to do at the door about the person (never for a case's visit: no one is at the door). */
export function alertAdvice(a: Pick<AlertView, 'kind' | 'healthStatus' | 'temperatureCelsius'>): EntryAdvice | null {
  return a.kind === 'exposure' ? null : entryAdvice({ healthStatus: a.healthStatus, celsius: a.temperatureCelsius })
}

/** 4月6日 09:30–11:00, or both dates when the stay went past midnight. */
export function exposurePeriod(exposure: { from: string; to: string }): string {
  const sameDay = formatShanghai(exposure.from, 'YYYY-MM-DD') === formatShanghai(exposure.to, 'YYYY-MM-DD')
  return `${formatShanghai(exposure.from, 'M月D日 HH:mm')}–${formatShanghai(exposure.to, sameDay ? 'HH:mm' : 'M月D日 HH:mm')}`
}

export const EXPOSURE_ADVICE = '请配合疾控部门开展消杀和排查，当时在岗的工作人员请做好健康监测，按疾控部门通知落实后续措施。'

/** When a case was at the venue, and what the venue does now; nobody is named. */
export function exposureText(a: Pick<AlertView, 'exposure'>): string {
  const visit = a.exposure ? `曾于 ${exposurePeriod(a.exposure)} 到访本场所` : '曾到访本场所'
  return `确诊病例${visit}。${EXPOSURE_ADVICE}`
}

/** When the alert was raised: the time alone today, the date too otherwise. */
export function alertTime(a: Pick<AlertView, 'createdAt'>, now: number | Date = Date.now()): string {
  const today = formatShanghai(a.createdAt, 'YYYY-MM-DD') === formatShanghai(now, 'YYYY-MM-DD')
  return formatShanghai(a.createdAt, today ? 'HH:mm:ss' : 'M月D日 HH:mm')
}

export function acknowledgedNote(a: Pick<AlertView, 'acknowledgedAt'>): string | null {
  return a.acknowledgedAt ? `已知晓 · ${formatShanghai(a.acknowledgedAt, 'M月D日 HH:mm')}` : null
}

/** The line on the home page's 场所检测 card. */
export function alertCountLabel(unacknowledged: number): string {
  return unacknowledged > 0 ? `${unacknowledged} 条待确认` : '暂无待确认'
}

/** The templates WeChat's requestSubscribeMessage answered 'accept' for (one grant = one message). */
export function acceptedTemplateIds(answer: Record<string, unknown>, asked: readonly string[]): string[] {
  return asked.filter((id) => answer[id] === 'accept')
}
