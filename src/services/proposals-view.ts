/**
 * 待复核 (two-person rule) and 申诉处理 as the official reads them, without Taro: which proposals
 * wait for the caller, which are their own (another official decides those), how a proposal and
 * its lines read, the reason every decision needs, and how a person's 申诉 and its answer read.
 * The pages and the home card build their lines here, so each is written once.
 */
import {
  APPEAL_DECISION_LABELS, HEALTH_STATUS_LABELS, type AppealView, type ProposalLineView, type ProposalState, type ProposalView
} from '../shared/api'
import { formatShanghai } from '../shared/time'
import { checkText } from '../shared/validators'
import { REASON_MAX } from './official-forms'

const DECISION_REASON_MIN = 2

export const PROPOSAL_STATE_LABELS: Record<ProposalState, string> = {
  pending: '待复核',
  approved: '已批准',
  rejected: '已驳回',
  expired: '已超时失效'
}

/** What the proposer sees in place of a changed status. */
export const PROPOSED_TEXT = '已提交，待另一名工作人员复核'
/** One's own pending proposal: somebody else must decide it. */
export const OWN_PENDING_TEXT = '等待他人复核'

/** Every approval and rejection is written down with the second official's own reason. */
export function decisionReasonError(text: string): string | null {
  return checkText(text, '复核意见', DECISION_REASON_MIN, REASON_MAX)
}

/** 维持 or 更正: the person reads the reason, so it is required like a decision's. */
export function appealAnswerError(text: string): string | null {
  return checkText(text, '答复理由', DECISION_REASON_MIN, REASON_MAX)
}

export interface SplitProposals {
  /** Pending, someone else's, in the caller's reach: oldest first (closest to expiring). */
  toDecide: ProposalView[]
  /** Pending and the caller's own: shown without buttons. */
  mine: ProposalView[]
  /** Approved, rejected or expired: newest decision first. */
  decided: ProposalView[]
}

const decidedAt = (p: ProposalView) => Date.parse(p.decidedAt ?? p.expiresAt)

export function splitProposals(proposals: ProposalView[]): SplitProposals {
  const pending = proposals.filter((p) => p.state === 'pending')
  const byExpiry = (a: ProposalView, b: ProposalView) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt)
  return {
    toDecide: pending.filter((p) => p.canDecide && !p.mine).sort(byExpiry),
    mine: pending.filter((p) => p.mine).sort(byExpiry),
    decided: proposals.filter((p) => p.state !== 'pending').sort((a, b) => decidedAt(b) - decidedAt(a))
  }
}

/** How many proposals wait for this official's decision (the home card's count). */
export function waitingCount(proposals: ProposalView[]): number {
  return proposals.filter((p) => p.state === 'pending' && p.canDecide && !p.mine).length
}

/**
 * The status change waiting for a second official about this person, if the caller can see one
 * (their own, or one they may decide): 设置健康码 shows it, since another proposal for the same
 * person is refused (PROPOSAL_PENDING) until it is decided.
 */
export function pendingForPerson(proposals: ProposalView[], personId: string): ProposalView | null {
  return proposals.find((p) => p.state === 'pending' && p.kind === 'status' && p.lines.some((l) => l.personId === personId)) ?? null
}

/** The list after one decision: the proposal replaced where it was (splitProposals moves it). */
export function replaceProposal(proposals: ProposalView[], updated: ProposalView): ProposalView[] {
  const found = proposals.some((p) => p.proposalId === updated.proposalId)
  return found ? proposals.map((p) => (p.proposalId === updated.proposalId ? updated : p)) : [updated, ...proposals]
}

/** 张* 3701**********1231 绿码 → 红码 */
export function proposalLineText(l: Pick<ProposalLineView, 'nameMasked' | 'idCardMasked' | 'fromStatus' | 'toStatus'>): string {
  return `${l.nameMasked} ${l.idCardMasked} ${HEALTH_STATUS_LABELS[l.fromStatus]} → ${HEALTH_STATUS_LABELS[l.toStatus]}`
}

/** 还剩 3 小时 / 还剩 25 分钟 / 已到期, counted from `now` (ms). */
export function timeLeft(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now
  if (ms <= 0) return '已到期'
  const minutes = Math.ceil(ms / 60_000)
  if (minutes < 60) return `还剩 ${minutes} 分钟`
  return `还剩 ${Math.floor(minutes / 60)} 小时`
}

export interface ProposalLines {
  /** 设为红码 · 张* / 批量导入 12 人 / 流调：向 5 人发出风险提示 */
  title: string
  /** The highest colour it would set: the card's edge. */
  tone: 'red' | 'yellow' | 'green' | 'trace'
  /** 提出：济南市疫情防控指挥部 赵* · 2026-12-07 10:00 */
  proposed: string
  reason: string
  /** 有效至 12-08 10:00（还剩 23 小时）, for a pending one. */
  expiry: string
  state: string
  /** 复核：济南市疫情防控指挥部 周* · 2026-12-07 10:30 · 意见：… — once decided. */
  decision: string | null
  /** The lines beyond those listed: 另有 N 人未列出. */
  more: string | null
}

const SOURCE_TITLES: Record<ProposalView['source'], string> = { manual: '逐个设置', import: '批量导入', appeal: '申诉更正' }
const TONE_ORDER = ['green', 'yellow', 'red'] as const

export function proposalLines(p: ProposalView, now: number): ProposalLines {
  let title: string
  let tone: ProposalLines['tone']
  if (p.kind === 'trace') {
    title = `流调：向 ${p.contactCount ?? 0} 人发出风险提示`
    tone = 'trace'
  } else {
    const highest = p.lines.reduce((h, l) => Math.max(h, TONE_ORDER.indexOf(l.toStatus)), 0)
    tone = TONE_ORDER[highest]
    const one = p.lineCount === 1 && p.lines.length === 1 ? p.lines[0] : null
    title = one
      ? `${SOURCE_TITLES[p.source]}：${one.nameMasked} 设为${HEALTH_STATUS_LABELS[one.toStatus]}`
      : `${SOURCE_TITLES[p.source]}：${p.lineCount} 人变更`
  }
  const decision = p.state === 'approved' || p.state === 'rejected'
    ? [`复核：${p.decidedBy ?? ''}`, p.decidedAt ? formatShanghai(p.decidedAt, 'YYYY-MM-DD HH:mm') : null, p.decisionReason ? `意见：${p.decisionReason}` : null]
      .filter(Boolean).join(' · ')
    : null
  return {
    title: p.emergency ? `紧急变更 · ${title}` : title,
    tone,
    proposed: `提出：${p.proposedBy} · ${formatShanghai(p.proposedAt, 'YYYY-MM-DD HH:mm')}`,
    reason: p.kind === 'trace' && p.caseNameMasked ? `病例 ${p.caseNameMasked}：${p.reason}` : p.reason,
    expiry: `有效至 ${formatShanghai(p.expiresAt, 'MM-DD HH:mm')}（${timeLeft(p.expiresAt, now)}）`,
    state: PROPOSAL_STATE_LABELS[p.state],
    decision,
    more: p.lineCount > p.lines.length ? `另有 ${p.lineCount - p.lines.length} 人未列出` : null
  }
}

/** The question before a rejection or an approval: what it does, to whom. */
export function decideConfirmText(p: ProposalView, approve: boolean): string {
  if (p.kind === 'trace') {
    return approve
      ? `批准后将立即向 ${p.contactCount ?? 0} 名同场人员发出风险提示，并向相关场所发出提醒。`
      : '驳回后不会发出风险提示。提出人可重新提出。'
  }
  const who = p.lineCount === 1 && p.lines[0] ? `“${p.lines[0].nameMasked}”` : `${p.lineCount} 人`
  return approve
    ? `批准后${who}的健康码立即变更，本人会在首页看到变更、原因和您的姓名（部分隐藏）。`
    : `驳回后${who}的健康码不变更。提出人可重新提出。`
}

export interface SplitAppeals { open: AppealView[]; answered: AppealView[] }

/** Open ones first, oldest first (they have waited longest); answered ones newest first. */
export function splitAppeals(appeals: AppealView[]): SplitAppeals {
  return {
    open: appeals.filter((a) => a.state === 'open').sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)),
    answered: appeals
      .filter((a) => a.state === 'answered')
      .sort((a, b) => Date.parse(b.answeredAt ?? b.createdAt) - Date.parse(a.answeredAt ?? a.createdAt))
  }
}

export function replaceAppeal(appeals: AppealView[], updated: AppealView): AppealView[] {
  return appeals.map((a) => (a.appealId === updated.appealId ? updated : a))
}

/** 红码（原绿码） or 红码 for a first status. */
export function changeText(from: AppealView['fromStatus'], to: AppealView['toStatus']): string {
  return from ? `${HEALTH_STATUS_LABELS[from]} → ${HEALTH_STATUS_LABELS[to]}` : `设为${HEALTH_STATUS_LABELS[to]}`
}

export interface AppealLines {
  who: string
  change: string
  /** 变更原因：… · 济南市疫情防控指挥部 */
  changeReason: string
  text: string
  at: string
  /** 答复：维持 · 理由 · 济南市… 周* · 时间 — once answered. */
  answer: string | null
}

export function appealLines(a: AppealView): AppealLines {
  return {
    who: `${a.personNameMasked} ${a.idCardMasked}`,
    change: changeText(a.fromStatus, a.toStatus),
    changeReason: `变更原因：${a.changeReason} · ${a.office}`,
    text: a.text,
    at: `申诉时间 ${formatShanghai(a.createdAt, 'YYYY-MM-DD HH:mm')}`,
    answer: a.state === 'answered' && a.decision
      ? [`答复：${APPEAL_DECISION_LABELS[a.decision]}`, a.answer, a.answeredBy, a.answeredAt ? formatShanghai(a.answeredAt, 'YYYY-MM-DD HH:mm') : null]
        .filter(Boolean).join(' · ')
      : null
  }
}

/** What 更正 starts: the earlier status, proposed again, for a second official. */
export function correctConfirmText(a: AppealView): string {
  const back = a.fromStatus ? HEALTH_STATUS_LABELS[a.fromStatus] : '变更前的状态'
  return `更正将提出把“${a.personNameMasked}”的健康码恢复为${back}，需另一名工作人员在“待复核”中批准后生效。`
}
