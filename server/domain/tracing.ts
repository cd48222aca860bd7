import type { OfficialActions } from '../../src/shared/api'
import type { Deps } from './deps'

type Answer<A extends keyof OfficialActions> = OfficialActions[A][1]

/** Every entry of the case in the period and, for each, everyone whose stay overlapped. */
export async function traceCase(_deps: Deps, _userId: string,
  _input: { personId?: string; idCard?: string; from?: string; to?: string }): Promise<Answer<'trace'>> {
  throw new Error('traceCase: not written yet')
}

/** The deliberate step: 风险提示 for every contact, a host alert for every venue. Twice is once. */
export async function confirmTrace(_deps: Deps, _userId: string, _traceId: string): Promise<Answer<'confirmTrace'>> {
  throw new Error('confirmTrace: not written yet')
}

/** The trace as CSV for the health office, every cell neutralised against formula injection. */
export async function exportTrace(_deps: Deps, _userId: string, _traceId: string): Promise<Answer<'exportTrace'>> {
  throw new Error('exportTrace: not written yet')
}
