/**
 * 谁查看了我的信息, as the citizen reads it: which office looked, who there (masked), what they
 * did, why when they said, when, and whose data (the holder or a companion). Plain words, no
 * codes: the page exists so a person can check the state's use of their data themselves. Not
 * only officials: an account that listed this person as its 同行人员, and an inspector's
 * 辅助登记, saw their colour too, and are listed the same way.
 */
import type { AccessAction, AccessRecordView } from '../shared/api'
import { ACCESS_ACTION_LABELS } from '../shared/api'
import { formatShanghai } from '../shared/time'

export function accessLogIntro(days: number): string {
  return `这里列出近${days}天内，疫情防控部门工作人员、场所检测员和将您添加为同行人员的人查看或使用您及同行人员个人信息的每一次记录。记录由系统自动生成，每一条都连入防篡改的审计链：写入后被修改、插入或删除，都会在这里显示“校验未通过”。`
}

export function accessLogEmpty(days: number): string {
  return `暂无记录：近${days}天内没有工作人员查看您的信息。`
}

export interface AccessRecordLines {
  office: string
  official: string
  action: string
  reason: string | null
  time: string
  whose: string
  /** The audit chain's word on the record: 已校验, or 校验未通过 with what it means. */
  check: { ok: boolean; label: string; note: string }
}

/** What the check of a record against its audit chain means, in one line each. */
export const ACCESS_CHECK = {
  ok: { ok: true, label: '已校验', note: '与审计链一致，写入后未被改动' },
  failed: {
    ok: false,
    label: '校验未通过',
    note: '此记录写入后被改动，或它之前的记录被删除。请保存截图，向当地卫生健康部门或12345热线反映'
  }
} as const

/** Who acted, named by their part: the official who handled it, the inspector, or the account's holder. */
const ACTOR_LABELS: Partial<Record<AccessAction, string>> = {
  companion_link: '添加人',
  companion_status: '扫码人',
  assisted_entry: '检测员'
}

export function accessRecordLines(r: AccessRecordView): AccessRecordLines {
  return {
    office: r.office,
    official: `${ACTOR_LABELS[r.action] ?? '经办人'}：${r.officialNameMasked}`,
    action: ACCESS_ACTION_LABELS[r.action],
    reason: r.reason ? `事由：${r.reason}` : null,
    time: formatShanghai(r.at, 'YYYY年M月D日 HH:mm'),
    whose: `涉及人员：${r.nameMasked}`,
    check: r.verified ? { ...ACCESS_CHECK.ok } : { ...ACCESS_CHECK.failed }
  }
}
