/**
 * 防控工作台 without Taro: where the official's pages live, how the appointment, an alert, a
 * period of time and a recorded status change read. The home card, the console and its pages
 * build their links and lines here, so each is written once.
 */
import {
  ALERT_KIND_LABELS, HEALTH_STATUS_LABELS, type AlertDetail, type AlertRole, type AlertView, type OfficialScope,
  type StatusChangeView
} from '../shared/api'
import { formatTemperature } from '../shared/temperature'
import { formatShanghai, shanghaiDate } from '../shared/time'
import { pageLink } from './venue-manage'

export const officialLinks = {
  /** 防控工作台: the region's alerts and the way to every tool. */
  home: '/official/index/index',
  status: '/official/status/index',
  import: '/official/import/index',
  /** 场所审核 and the entries marked 不是我本人. */
  venues: '/official/venues/index',
  /** 待复核: other officials' proposals to approve or reject, and one's own waiting. */
  proposals: '/official/proposals/index',
  /** 申诉处理: the region's people objecting to a change of their status. */
  appeals: '/official/appeals/index',
  /** 流调查询, with the case already chosen when a person is named. */
  trace: (personId?: string) => pageLink('/official/trace/index', { personId }),
  alert: (alertId: string) => pageLink('/official/alert/index', { alertId })
}

/** 山东省济南市 · 济南市疫情防控指挥部 */
export function scopeLine(scope: OfficialScope): string {
  return `${scope.regionName} · ${scope.office}`
}

export const ALERT_ROLE_LABELS: Record<AlertRole, string> = { admin: '场所管理员', inspector: '检测员', official: '防控人员' }

/** Open alerts first (they wait for someone), each group newest first. */
export function sortAlerts<T extends Pick<AlertView, 'closedAt' | 'createdAt'>>(alerts: T[]): T[] {
  return alerts
    .map((a, i) => ({ a, i }))
    .sort((x, y) => {
      const open = Number(x.a.closedAt !== null) - Number(y.a.closedAt !== null)
      if (open !== 0) return open
      const time = Date.parse(y.a.createdAt) - Date.parse(x.a.createdAt)
      return time !== 0 ? time : x.i - y.i
    })
    .map(({ a }) => a)
}

export function openAlertCount(alerts: Array<Pick<AlertView, 'closedAt'>>): number {
  return alerts.filter((a) => a.closedAt === null).length
}

/**
 * Two instants as one period in China time: the second date only when it is another day
 * (an overnight stay), 2026-11-20 09:00—10:30 or 2026-11-20 23:10—11-21 01:10.
 */
export function formatPeriod(from: string, to: string): string {
  const start = formatShanghai(from, 'YYYY-MM-DD HH:mm')
  if (shanghaiDate(from) === shanghaiDate(to)) return `${start}—${formatShanghai(to, 'HH:mm')}`
  const sameYear = formatShanghai(from, 'YYYY') === formatShanghai(to, 'YYYY')
  return `${start}—${formatShanghai(to, sameYear ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm')}`
}

/** What an alert is about, in one short phrase: the status, the temperature or the case's visit. */
export function alertFinding(a: Pick<AlertView, 'kind' | 'healthStatus' | 'temperatureCelsius' | 'exposure'>): string {
  if (a.kind === 'temperature' && a.temperatureCelsius !== null) return `体温 ${formatTemperature(a.temperatureCelsius)}`
  if (a.kind === 'exposure' && a.exposure) return `病例到访 ${formatPeriod(a.exposure.from, a.exposure.to)}`
  if (a.healthStatus) return HEALTH_STATUS_LABELS[a.healthStatus]
  return ALERT_KIND_LABELS[a.kind]
}

export interface AlertLine {
  kind: string
  place: string
  /** The person masked; null for exposure alerts, which never name the case. */
  who: string | null
  finding: string
  at: string
  state: string
  open: boolean
  /** red for a red code, a fever or a case's visit; yellow for a yellow code. */
  tone: 'red' | 'yellow'
}

export function alertLine(a: AlertView): AlertLine {
  return {
    kind: ALERT_KIND_LABELS[a.kind],
    place: a.checkpointName ? `${a.venueName} · ${a.checkpointName}` : a.venueName,
    who: a.personNameMasked,
    finding: alertFinding(a),
    at: formatShanghai(a.createdAt, 'YYYY-MM-DD HH:mm'),
    state: a.closedAt ? '已处置' : '待处置',
    open: a.closedAt === null,
    tone: a.kind === 'status' && a.healthStatus === 'yellow' ? 'yellow' : 'red'
  }
}

/** A person with a yellow or red code at the alert can be traced from it; a fever or a case's visit cannot. */
export function traceableAlert(a: Pick<AlertDetail, 'person' | 'healthStatus'>): boolean {
  return a.person !== null && (a.healthStatus === 'red' || a.healthStatus === 'yellow')
}

/** The alert as the acknowledge action answers it, with what only the detail has kept. */
export function mergeAlert(detail: AlertDetail, view: AlertView): AlertDetail {
  return { ...detail, ...view, person: detail.person, acknowledgements: detail.acknowledgements }
}

export interface HistoryLine {
  change: string
  reason: string
  /** 济南市疫情防控指挥部 赵* · 逐个设置 · 2026-11-20 10:00 */
  by: string
  /** 复核人：济南市疫情防控指挥部 周*, or 紧急变更，未经复核; null for the demo seed. */
  approval: string | null
  emergency: boolean
}

export const STATUS_SOURCE_LABELS: Record<StatusChangeView['source'], string> = { manual: '逐个设置', import: '批量导入', appeal: '申诉更正' }

/** One line of a person's status history; a first status reads 首次记录. */
export function historyLine(c: StatusChangeView): HistoryLine {
  const to = HEALTH_STATUS_LABELS[c.newStatus]
  return {
    change: c.oldStatus ? `${HEALTH_STATUS_LABELS[c.oldStatus]} → ${to}` : `首次记录为${to}`,
    reason: c.reason,
    by: `${c.changedBy} · ${STATUS_SOURCE_LABELS[c.source]} · ${formatShanghai(c.changedAt, 'YYYY-MM-DD HH:mm')}`,
    approval: c.emergency ? '紧急变更，未经复核' : c.approvedBy ? `复核人：${c.approvedBy}` : null,
    emergency: c.emergency
  }
}
