/**
 * 风险提示 as the home page words it: whose entry, when and where, and what to do now. Never
 * anything about the case (who, status, how many): the notice only says a confirmed case had
 * been at the same place at an overlapping time.
 */
import type { RiskNoticeView, RiskVenueView } from '../shared/api'
import { formatShanghai, shanghaiDate } from '../shared/time'

export const RISK_TITLE = '风险提示'
/** What to do, said once per card however many venues it lists. */
export const RISK_ADVICE = '请立即向所在社区报备，配合核酸检测，做好健康监测。'
export const RISK_ACK = '我已知晓'

export function riskNoticeText(n: Pick<RiskNoticeView, 'nameMasked' | 'enteredAt' | 'venueName' | 'fullAddress'>): string {
  return `${n.nameMasked} 于 ${formatShanghai(n.enteredAt, 'M月D日 HH:mm')} 到访 ${n.venueName}（${n.fullAddress}），该场所有确诊病例曾到访。`
    + RISK_ADVICE
}

/**
 * One venue's line: who, when (the time of a single visit; the dates and count of several), where.
 * `张*、张** 于 4月6日至4月7日 共3次 到访 泉城广场（…），该场所有确诊病例曾到访。`
 */
export function riskVenueText(v: Pick<RiskVenueView, 'names' | 'entries' | 'firstEnteredAt' | 'lastEnteredAt' | 'venueName' | 'fullAddress'>): string {
  const who = v.names.join('、')
  const firstDay = shanghaiDate(v.firstEnteredAt)
  const lastDay = shanghaiDate(v.lastEnteredAt)
  const when = v.entries === 1
    ? formatShanghai(v.firstEnteredAt, 'M月D日 HH:mm')
    : `${formatShanghai(v.firstEnteredAt, 'M月D日')}${firstDay === lastDay ? '' : `至${formatShanghai(v.lastEnteredAt, 'M月D日')}`} 共${v.entries}次`
  return `${who} 于 ${when} 到访 ${v.venueName}（${v.fullAddress}），该场所有确诊病例曾到访。`
}
