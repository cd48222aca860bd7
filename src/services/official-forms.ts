/**
 * The official's two forms without Taro: 设置健康码 (a person by ID number, the new status and
 * its reason) and the period of a 流调 (China days, the last 14 by default). The shared
 * validators are the ones the official function runs, so the page and the server say the same.
 */
import { HEALTH_STATUS_LABELS, type HealthStatus, type OfficialActions } from '../shared/api'
import { addDays, isCalendarDate } from '../shared/time'
import { checkIdCard, checkPersonName, checkText, normalizeIdCard } from '../shared/validators'

export const STATUS_CHOICES: HealthStatus[] = ['green', 'yellow', 'red']

/** The official function keeps at most this many characters of a reason. */
export const REASON_MAX = 200
const REASON_MIN = 2

export type StatusField = 'name' | 'status' | 'reason'
export interface StatusForm {
  name: string
  status: HealthStatus | null
  reason: string
}
export type StatusErrors = Partial<Record<StatusField | 'idCard', string>>

export const EMPTY_STATUS_FORM: StatusForm = { name: '', status: null, reason: '' }

/** The ID number as typed (spaces, a lower-case x), or the message under the field. */
export function idCardSearch(raw: string): { idCard: string } | { error: string } {
  const error = checkIdCard(raw)
  return error ? { error } : { idCard: normalizeIdCard(raw) }
}

/**
 * Messages of the status form. The name is typed only for a person the system does not know yet
 * (a known person's name comes from the record), so it is checked only then.
 */
export function statusFormErrors(form: StatusForm, nameTyped: boolean): StatusErrors {
  const out: StatusErrors = {}
  if (nameTyped) {
    const name = checkPersonName(form.name)
    if (name) out.name = name
  }
  if (!form.status) out.status = '请选择要设置的健康码'
  const reason = checkText(form.reason, '原因', REASON_MIN, REASON_MAX)
  if (reason) out.reason = reason
  return out
}

export function statusRequest(idCard: string, form: StatusForm & { status: HealthStatus }): OfficialActions['setStatus'][0] {
  return { idCard: normalizeIdCard(idCard), name: form.name.trim(), status: form.status, reason: form.reason.trim() }
}

/** The server's field messages, keyed like the form. */
export function serverStatusErrors(fields: Record<string, string> | undefined): StatusErrors {
  const out: StatusErrors = {}
  for (const f of ['idCard', 'name', 'status', 'reason'] as const) if (fields?.[f]) out[f] = fields[f]
  return out
}

/**
 * The question before a red code: what it does to the person, who hears of it, and that it waits
 * for a second official (two-person rule) before any of that happens.
 */
export function redConfirmText(name: string): string {
  return `提出将“${name}”的健康码设为红码？另一名工作人员复核通过后生效：该人员扫场所码时将被提示“请勿进入”，场所工作人员和辖区防控部门会收到异常提醒。`
}

/** Applied at once: only on a deployment's emergency path. */
export function statusSetText(name: string, status: HealthStatus): string {
  return `已将“${name}”的健康码设为${HEALTH_STATUS_LABELS[status]}`
}

/** What the proposer reads: nothing has changed yet. */
export function statusProposedText(name: string, status: HealthStatus): string {
  return `已提交将“${name}”的健康码设为${HEALTH_STATUS_LABELS[status]}的申请，待另一名工作人员复核`
}

/** The status asked for is the one the person already has: nothing to propose. */
export function statusUnchangedText(name: string, status: HealthStatus): string {
  return `“${name}”的健康码已是${HEALTH_STATUS_LABELS[status]}，无需变更`
}

/** The default period of a 流调, as the official function has it (TRACE_WINDOW_DAYS). */
export const TRACE_DEFAULT_DAYS = 14

/** The last `days` China days, today included: 14 days end today and start 13 days before. */
export function defaultTracePeriod(today: string, days = TRACE_DEFAULT_DAYS): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today }
}

/** A period the page can ask for: real dates, in order, not after today. How far back is the server's rule. */
export function tracePeriodError(from: string, to: string, today: string): string | null {
  if (!isCalendarDate(from) || !isCalendarDate(to)) return '请选择开始日期和结束日期'
  if (from > to) return '开始日期不能晚于结束日期'
  if (to > today) return '结束日期不能晚于今天'
  return null
}

/** Whom to trace: the person named by the page that opened this one, else the ID number typed. */
export function traceRequest(
  target: { personId: string } | { idCard: string }, from: string, to: string
): OfficialActions['trace'][0] {
  return 'personId' in target ? { personId: target.personId, from, to } : { idCard: normalizeIdCard(target.idCard), from, to }
}

/** The number of days from `from` to `to`, both included. */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
}
