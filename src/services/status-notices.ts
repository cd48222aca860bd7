/**
 * 健康码变更 as the person reads it on the home page, and their 申诉, without Taro: whose code
 * changed, to which colour, by which office, which officials proposed and approved it (masked; an
 * emergency change says loudly that nobody reviewed it), why and when; whether 申诉 is offered,
 * what a 申诉 text must be, and how its answer reads.
 */
import {
  APPEAL_DECISION_LABELS, APPEAL_TEXT_MAX, HEALTH_STATUS_LABELS, type AppealView, type HealthStatus, type Me,
  type StatusNoticeView
} from '../shared/api'
import { formatShanghai } from '../shared/time'
import { checkText } from '../shared/validators'
import { pageLink } from './venue-manage'

export const STATUS_NOTICE_TITLE = '健康码变更'
export const EMERGENCY_TEXT = '紧急变更，未经复核'
export const APPEAL_MIN = 5

export const appealLink = (changeId: string) => pageLink('/pages/appeal/index', { changeId })

/** Only a verified account has a colour, and so changes of it, to be told of. */
export function showsStatusNotices(me: Pick<Me, 'identity'>): boolean {
  return me.identity === 'verified'
}

/** Newest first; the server already keeps to STATUS_NOTICE_DAYS. */
export function sortNotices(notices: StatusNoticeView[]): StatusNoticeView[] {
  return [...notices].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
}

export interface NoticeLines {
  /** 本人 张* / 母亲 王** */
  who: string
  colour: HealthStatus
  /** 变更为红码（原绿码） */
  change: string
  office: string
  /** 提出：赵* · 复核：周*, or EMERGENCY_TEXT with the proposer. */
  officials: string
  emergency: boolean
  reason: string
  time: string
}

export function noticeLines(n: StatusNoticeView): NoticeLines {
  const to = HEALTH_STATUS_LABELS[n.toStatus]
  return {
    who: `${n.relationLabel} ${n.nameMasked}`,
    colour: n.toStatus,
    change: n.fromStatus ? `变更为${to}（原${HEALTH_STATUS_LABELS[n.fromStatus]}）` : `设为${to}`,
    office: n.office,
    officials: n.emergency || !n.approvedBy
      ? `${EMERGENCY_TEXT} · 提出：${n.proposedBy}`
      : `提出：${n.proposedBy} · 复核：${n.approvedBy}`,
    emergency: n.emergency,
    reason: `原因：${n.reason}`,
    time: formatShanghai(n.at, 'YYYY-MM-DD HH:mm')
  }
}

export type AppealState =
  | { kind: 'none'; canAppeal: boolean }
  | { kind: 'waiting'; text: string }
  | { kind: 'answered'; decision: string; text: string }

/** Where the notice's 申诉 stands: none yet (offered or not), waiting, or answered. */
export function appealState(n: Pick<StatusNoticeView, 'appeal' | 'canAppeal'>): AppealState {
  const a = n.appeal
  if (!a) return { kind: 'none', canAppeal: n.canAppeal }
  if (a.state === 'open' || !a.decision) return { kind: 'waiting', text: '申诉已提交，等待答复' }
  return { kind: 'answered', decision: APPEAL_DECISION_LABELS[a.decision], text: `申诉答复：${APPEAL_DECISION_LABELS[a.decision]}` }
}

/** The answer in full, for the 申诉 page: decision, reason, who, when. */
export interface AnswerLines { decision: string; reason: string; by: string; at: string; corrected: string | null }

export function answerLines(a: AppealView): AnswerLines | null {
  if (a.state !== 'answered' || !a.decision) return null
  return {
    decision: APPEAL_DECISION_LABELS[a.decision],
    reason: `理由：${a.answer ?? ''}`,
    by: `答复：${a.answeredBy ?? ''}`,
    at: a.answeredAt ? formatShanghai(a.answeredAt, 'YYYY-MM-DD HH:mm') : '',
    // 更正 proposes the earlier status again; it takes effect once a second official approves it.
    corrected: a.decision === 'corrected'
      ? `更正须经另一名工作人员复核后生效，生效后首页会列出恢复为${a.fromStatus ? HEALTH_STATUS_LABELS[a.fromStatus] : '变更前的状态'}的变更。`
      : null
  }
}

/** A 申诉 says what is wrong in a few words: at least APPEAL_MIN, at most APPEAL_TEXT_MAX characters. */
export function appealTextError(text: string): string | null {
  return checkText(text, '申诉内容', APPEAL_MIN, APPEAL_TEXT_MAX)
}

/** 12/200, counted as the server counts (checkText): one per character of the trimmed text. */
export function appealCount(text: string): string {
  return `${text.trim().length}/${APPEAL_TEXT_MAX}`
}
