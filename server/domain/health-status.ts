import type { HealthStatus, OfficialActions } from '../../src/shared/api'
import type { Deps } from './deps'

type Answer<A extends keyof OfficialActions> = OfficialActions[A][1]

/** The caller's appointment and how many alerts of the region are open. */
export async function officialScopeView(_deps: Deps, _userId: string): Promise<Answer<'scope'>> {
  throw new Error('officialScopeView: not written yet')
}

/** A person by ID number, in scope only; audited as view_person. */
export async function officialPerson(_deps: Deps, _userId: string, _idCard: string): Promise<Answer<'person'>> {
  throw new Error('officialPerson: not written yet')
}

/** Sets one person's status with a reason; kept in status_changes; audited as set_status. */
export async function setPersonStatus(_deps: Deps, _userId: string,
  _input: { idCard: string; name: string; status: HealthStatus; reason: string }): Promise<Answer<'setStatus'>> {
  throw new Error('setPersonStatus: not written yet')
}
