/**
 * What the person at the door and the inspector must do about one entry, in words both read at
 * arm's length. A yellow or red code, or a temperature of 37.3 ℃ or more, means the person does
 * not go in and waits for the staff: the same rule on the result screen, the gate screen and the
 * alert list, so they never disagree about who may enter.
 */
import type { HealthStatus } from './api'
import { formatTemperature, isAbnormalTemperature, TEMPERATURE_ABNORMAL_FROM } from './temperature'

export interface EntryAdvice {
  level: 'stop'
  title: string
  /** One short sentence per cause, red code first, then yellow, then the temperature. */
  detail: string
}

export const STOP_TITLE = '请勿进入，配合工作人员处置'

export const CAUSE_DETAILS = {
  red: '红码：请勿进入场所，在原地等候，工作人员将报告属地疫情防控部门。',
  yellow: '黄码：请勿进入场所，请配合工作人员核验，并尽快进行核酸检测。',
  fever: (celsius: number) =>
    `体温异常（${formatTemperature(celsius)}，${TEMPERATURE_ABNORMAL_FROM.toFixed(1)} ℃ 及以上）：请勿进入场所，稍后复测，仍异常请前往发热门诊。`
} as const

export interface EntryFacts {
  /** Null where no person is concerned (a venue's exposure alert). */
  healthStatus: HealthStatus | null
  /** The recorded temperature; null or absent when none was typed (体温正常 or not measured). */
  celsius?: number | null
}

/** The advice for an entry, or null when nothing stands in the way of going in. */
export function entryAdvice({ healthStatus, celsius }: EntryFacts): EntryAdvice | null {
  const causes: string[] = []
  if (healthStatus === 'red') causes.push(CAUSE_DETAILS.red)
  if (healthStatus === 'yellow') causes.push(CAUSE_DETAILS.yellow)
  if (typeof celsius === 'number' && isAbnormalTemperature(celsius)) causes.push(CAUSE_DETAILS.fever(celsius))
  if (!causes.length) return null
  return { level: 'stop', title: STOP_TITLE, detail: causes.join('') }
}
