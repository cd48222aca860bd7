/**
 * 同行人员 as the page opens it: the holder's own list, and the requests of other accounts to list
 * this (verified) person as theirs. A refusal of the requests never hides the list: an unverified
 * account simply has none to answer, any other refusal is said in its place.
 */
import type { CompanionRequestView, CompanionView, Result } from '../shared/api'
import { RELATION_LABELS } from '../shared/api'
import { formatShanghai } from '../shared/time'
import { callAction } from './actions'

export interface CompanionsPage {
  companions: CompanionView[]
  requests: CompanionRequestView[]
  /** Why the requests could not be listed; empty when they were (or need not be). */
  requestsError: string
}

export async function loadCompanionsPage(): Promise<Result<CompanionsPage>> {
  const [list, asked] = await Promise.all([callAction('people', 'listCompanions', {}), callAction('people', 'companionRequests', {})])
  if (!list.ok) return list
  const requestsError = asked.ok || asked.code === 'IDENTITY_UNVERIFIED' ? '' : asked.message
  return { ok: true, data: { companions: list.data.companions, requests: asked.ok ? asked.data.requests : [], requestsError } }
}

/** 张* 请求将您添加为同行人员（父母） · 11月20日 10:00 */
export function companionRequestLine(r: Pick<CompanionRequestView, 'fromNameMasked' | 'relation' | 'createdAt'>): { text: string; at: string } {
  return {
    text: `${r.fromNameMasked} 请求将您添加为同行人员（${RELATION_LABELS[r.relation]}）`,
    at: formatShanghai(r.createdAt, 'M月D日 HH:mm')
  }
}

/** What agreeing means, said before the person taps 同意. */
export const COMPANION_REQUEST_EXPLAIN = '同意后，对方扫码时可以勾选您一同登记，并看到您的健康码状态；每次查看都会记入“谁查看了我的信息”。您可以随时撤回同意。'

/** On the line of a companion who has their own verified account and has not agreed yet. */
export const COMPANION_PENDING = '待对方在其手机上同意'
