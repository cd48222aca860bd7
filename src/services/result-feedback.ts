/**
 * Which sound and vibration a result gives, and what 语音播报 says. A person hears that the
 * server really recorded them (NHS COVID-19 users asked for an audible confirmation, so a fake
 * poster's look-alike page, which gives none, is noticed), and a stop is noticed before anyone
 * reads the screen. Plain rules without Taro: use-result-feedback.ts plays them, and the speech
 * of the browser build is in result-feedback-speech.ts.
 */
import { HEALTH_STATUS_LABELS } from '../shared/api'
import { worstStatus, type ShownStatus, type WarningKind } from './checkin-outcome'

/**
 * success: entered, everyone green. alert: someone yellow or red, or a code that is not ours or
 * no longer valid (nobody was entered). notice: entered, but a colour is not shown (身份未核验):
 * neither "go" nor "stop", the inspector checks the health code another way.
 */
export type FeedbackKind = 'success' | 'alert' | 'notice'

export interface Feedback {
  /** A file of every build (copied by config/index.ts from src/assets/sounds). */
  sound: string
  /** Taro's vibrateShort (15 ms) or vibrateLong (400 ms). */
  vibration: 'short' | 'long'
}

export const FEEDBACK: Record<FeedbackKind, Feedback> = {
  success: { sound: '/assets/sounds/success.wav', vibration: 'short' },
  alert: { sound: '/assets/sounds/alert.wav', vibration: 'long' },
  notice: { sound: '/assets/sounds/notice.wav', vibration: 'short' }
}

/** A result as the rules read it: who entered where, or the warning about the code. */
export type ResultOutcome =
  | { kind: 'entered'; venueName: string; statuses: readonly ShownStatus[] }
  | { kind: 'warning'; warning: WarningKind; headline: string }

/** The check-in page's state, as far as the result is concerned. */
export type CheckinStateLike =
  | { kind: 'entered'; data: { venue: { name: string }; people: ReadonlyArray<{ healthStatus: ShownStatus }> } }
  | { kind: 'warning'; warning: WarningKind; headline: string }
  | { kind: 'loading' | 'choose' | 'login' | 'profile' | 'error' | 'saved' }

/** The result shown by the check-in page, or null while nothing has been decided. */
export function checkinOutcome(state: CheckinStateLike): ResultOutcome | null {
  if (state.kind === 'entered') {
    return { kind: 'entered', venueName: state.data.venue.name, statuses: state.data.people.map((p) => p.healthStatus) }
  }
  if (state.kind === 'warning') return { kind: 'warning', warning: state.warning, headline: state.headline }
  return null
}

/** 辅助登记's result: the one person the inspector registered, or null before it. */
export function assistOutcome(result: { venue: { name: string }; entry: { healthStatus: ShownStatus } } | null): ResultOutcome | null {
  return result ? { kind: 'entered', venueName: result.venue.name, statuses: [result.entry.healthStatus] } : null
}

export function feedbackFor(outcome: ResultOutcome | null): FeedbackKind | null {
  if (!outcome) return null
  if (outcome.kind === 'warning') return 'alert'
  const worst = worstStatus(outcome.statuses)
  if (worst === 'green') return 'success'
  return worst === 'hidden' ? 'notice' : 'alert'
}

/**
 * What 语音播报 says: the colour first (what the person at the door listens for), then the
 * venue or the instruction. Names are not read out: a masked name (周**) cannot be spoken.
 */
export function spokenResult(outcome: ResultOutcome): string {
  if (outcome.kind === 'warning') return outcome.headline
  const { statuses, venueName } = outcome
  const worst = worstStatus(statuses)
  const group = statuses.length > 1 ? `${statuses.length}人` : ''
  if (worst === 'green') return `${group}绿码，${venueName}，登记成功`
  if (worst === 'hidden') return `${venueName}，${group}已登记，身份未核验，请向工作人员出示健康码`
  const label = HEALTH_STATUS_LABELS[worst]
  return group ? `${group}中有${label}，请勿进入` : `${label}，请勿进入`
}
