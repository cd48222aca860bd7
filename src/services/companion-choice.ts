/**
 * 本次同行人员: who the holder brought this time. The holder is always entered; companions are
 * ticked one by one, starting from whoever came along last time, and the confirm button
 * counts everyone who will be entered, so the number read out at the door is never a surprise.
 */
import type { CheckInResponse } from '../shared/api'

export type ChoosableCompanion = Extract<CheckInResponse, { kind: 'choose' }>['companions'][number]

/** Last time's companions, preselected, in list order. */
export function initialChoice(companions: ChoosableCompanion[]): string[] {
  return companions.filter((c) => c.lastChosen).map((c) => c.personId)
}

/** Ticks or unticks one companion; the result stays in list order and names only listed people. */
export function toggleChoice(chosen: string[], personId: string, companions: ChoosableCompanion[]): string[] {
  const set = new Set(chosen)
  if (set.has(personId)) set.delete(personId)
  else set.add(personId)
  return companions.filter((c) => set.has(c.personId)).map((c) => c.personId)
}

/** How many people one tap enters: the holder plus the ticked companions. */
export function confirmLabel(chosen: string[]): string {
  return `确认登记（${chosen.length + 1}人）`
}
