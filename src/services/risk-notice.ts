/**
 * 风险提示 as the home page words it: whose entry, when and where, and what to do now. Never
 * anything about the case (who, status, how many): the notice only says a confirmed case had
 * been at the same place at an overlapping time.
 */
import type { RiskNoticeView } from '../shared/api'
import { formatShanghai } from '../shared/time'

export const RISK_TITLE = '风险提示'

export function riskNoticeText(n: Pick<RiskNoticeView, 'nameMasked' | 'enteredAt' | 'venueName' | 'fullAddress'>): string {
  return `${n.nameMasked} 于 ${formatShanghai(n.enteredAt, 'M月D日 HH:mm')} 到访 ${n.venueName}（${n.fullAddress}），该场所有确诊病例曾到访。`
    + '请立即向所在社区报备，配合核酸检测，做好健康监测。'
}
