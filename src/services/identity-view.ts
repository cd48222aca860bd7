/**
 * 实名核验 as the pages word it, without Taro: which provider vouched for a person, what an
 * unverified account is told, and why a result card shows no colour. A typed name and ID number
 * prove nothing (anyone can type them), so every screen says plainly whether the person was
 * verified, and a card without a verified identity never looks like a green code.
 */
import type { IdentityProviderKind, Me, StatusHidden } from '../shared/api'
import { HEALTH_STATUS_LABELS, STATUS_HIDDEN_LABELS } from '../shared/api'
import { formatShanghai } from '../shared/time'

export const PROVIDER_LABELS: Record<IdentityProviderKind, string> = {
  wechat: '微信人脸核身',
  alipay: '支付宝身份验证',
  demo: '演示'
}

export const VERIFY_BUTTON = '去核验'
export const UNVERIFIED_LABEL = '未核验'

/** 已核验（微信人脸核身）: how this person's identity was confirmed. */
export function verifiedLabel(via: IdentityProviderKind | null): string {
  return via ? `已核验（${PROVIDER_LABELS[via]}）` : '已核验'
}

/** Why an unverified account sees no colour, said where it is offered 去核验. */
export const UNVERIFIED_EXPLAIN = '姓名和身份证号码任何人都可以填写，完成实名核验后才显示本人健康码，扫码结果页才显示健康码颜色。'

/** What the 去核验 tap will open, so nobody is surprised by a camera. */
export function verifyHint(provider: IdentityProviderKind): string {
  if (provider === 'wechat') return '将打开微信人脸核身，请本人面对手机完成。'
  if (provider === 'alipay') return '将打开支付宝身份验证，请本人完成。'
  return '本地演示环境：点一下即完成核验，无需刷脸。'
}

export const VERIFIED_NOTICE = '实名核验通过'

/**
 * The line under a card that shows no colour: what the inspector does instead. Neither reason
 * stops the entry being recorded; each only withholds a colour the scan cannot vouch for.
 */
export const STATUS_HIDDEN_EXPLAIN: Record<StatusHidden, string> = {
  identity_unverified: '实名信息尚未核验，不显示健康码颜色。请向工作人员出示本人健康码。',
  venue_unreviewed: '场所尚未通过审核，辅助登记不显示健康码颜色。请工作人员另行查验健康码。'
}

export function statusHiddenLabel(hidden: StatusHidden | null): string {
  return STATUS_HIDDEN_LABELS[hidden ?? 'identity_unverified']
}

/** 实名信息 on 我的: missing, typed but unverified, or verified with the masked name. */
export function profileLinkText(me: Pick<Me, 'identity' | 'nameMasked'>): string {
  if (me.identity === 'none') return '未实名，扫码登记前请先填写 ›'
  if (me.identity === 'unverified') return `${me.nameMasked} · 未核验，去核验 ›`
  return `${me.nameMasked} · 已核验 ›`
}

/**
 * The holder's status in one word. Status belongs to a person and shows only once the account's
 * 实名信息 is verified: 未实名 without any, 未核验 when only typed.
 */
export function meStatusLabel(me: Pick<Me, 'healthStatus' | 'identity'>): string {
  if (me.healthStatus) return HEALTH_STATUS_LABELS[me.healthStatus]
  return me.identity === 'unverified' ? UNVERIFIED_LABEL : '未实名'
}

/** Another account verified this account's person and took it over: what happened and what to do. */
export function identityMovedText(at: string): string {
  return `${formatShanghai(at, 'M月D日 HH:mm')}，另一个账号通过实名核验确认了您在本账号填写的实名信息，该人员的健康码和扫码记录已转到那个账号。`
    + '如果那不是您本人的账号，请立即联系当地疫情防控部门。'
}

/** 有 2 个同行人员请求待您同意 */
export function companionRequestsText(waiting: number): string {
  return `有 ${waiting} 个同行人员请求待您同意`
}

/** In place of the name and ID fields of a verified profile (only the mobile may change). */
export const VERIFIED_FIELD_LOCKED = '已核验，不能修改'
