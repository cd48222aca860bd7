/**
 * 谁查看了我的信息, as the citizen reads it: which office looked, who there (masked), what they
 * did, why when they said, when, and whose data (the holder or a companion). Plain words, no
 * codes: the page exists so a person can check the state's use of their data themselves.
 */
import type { AccessRecordView } from '../shared/api'
import { ACCESS_ACTION_LABELS } from '../shared/api'
import { formatShanghai } from '../shared/time'

export function accessLogIntro(days: number): string {
  return `这里列出近${days}天内，疫情防控部门工作人员查看或使用您及同行人员个人信息的每一次记录。记录由系统自动生成，任何人都无法删除或修改。`
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
}

export function accessRecordLines(r: AccessRecordView): AccessRecordLines {
  return {
    office: r.office,
    official: `经办人：${r.officialNameMasked}`,
    action: ACCESS_ACTION_LABELS[r.action],
    reason: r.reason ? `事由：${r.reason}` : null,
    time: formatShanghai(r.at, 'YYYY年M月D日 HH:mm'),
    whose: `涉及人员：${r.nameMasked}`
  }
}
