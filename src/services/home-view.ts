/**
 * What the home page shows whom (issue 17, observation 8): the holder's own colour first, then
 * only the cards of roles the account has. Plain rules, no Taro, unit-tested.
 */
import type { HealthStatus, Me } from '../shared/api'
import { HEALTH_STATUS_LABELS } from '../shared/api'
import { statusHiddenLabel, VERIFY_BUTTON } from './identity-view'

/** The holder's own status line: a colour once verified; otherwise what stands between them and one. */
export type OwnStatus =
  | { kind: 'colour'; status: HealthStatus; label: string }
  | { kind: 'unverified'; label: string; action: string | null }
  | { kind: 'none'; label: string; action: string }

export function ownStatus(me: Pick<Me, 'healthStatus' | 'identity' | 'identityProvider'>): OwnStatus {
  if (me.healthStatus) return { kind: 'colour', status: me.healthStatus, label: HEALTH_STATUS_LABELS[me.healthStatus] }
  // Where this deployment has no provider there is nothing to tap: 实名信息 itself says so.
  if (me.identity === 'unverified') return { kind: 'unverified', label: statusHiddenLabel('identity_unverified'), action: me.identityProvider ? VERIFY_BUTTON : null }
  return { kind: 'none', label: '未实名', action: '去填写' }
}

export interface HomeCards {
  /** 我的场所码 (each venue once, with 场所管理 and 检测): only for the admin of at least one venue. */
  venues: boolean
  /** 场所检测 (gate, 异常提醒, 绑定场所): only for venue staff. */
  gate: boolean
  /** 申领场所码 and 绑定场所 as small links: for everyone without the card that offers them. */
  applyLink: boolean
  bindLink: boolean
}

export function homeCards(me: Pick<Me, 'roles'>, venueCount: number): HomeCards {
  const staff = me.roles.includes('inspector') || me.roles.includes('venue_admin')
  return { venues: venueCount > 0, gate: staff, applyLink: venueCount === 0, bindLink: !staff }
}

/** The once-only 长辈模式 offer: not to someone already using it, and never again once answered. */
export const ELDER_OFFER_KEY = 'csm.elderOffer'
export function offersElderMode(elder: boolean, answered: boolean): boolean {
  return !elder && !answered
}
