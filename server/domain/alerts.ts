import type { AlertActions } from '../../src/shared/api'
import type { Queryable } from '../db'
import type { Deps } from './deps'

type Answer<A extends keyof AlertActions> = AlertActions[A][1]

export async function listAlerts(_deps: Deps, _userId: string, _openOnly: boolean): Promise<Answer<'list'>> {
  throw new Error('listAlerts: not written yet')
}

export async function getAlert(_deps: Deps, _userId: string, _alertId: string): Promise<Answer<'get'>> {
  throw new Error('getAlert: not written yet')
}

export async function acknowledgeAlert(_deps: Deps, _userId: string, _alertId: string): Promise<Answer<'acknowledge'>> {
  throw new Error('acknowledgeAlert: not written yet')
}

export async function subscribeAlerts(_deps: Deps, _userId: string, _templateIds: string[]): Promise<Answer<'subscribe'>> {
  throw new Error('subscribeAlerts: not written yet')
}

/**
 * Host alerts after a confirmed trace: one per venue the case visited, to its admin and
 * inspectors, saying when but never who. Runs inside the confirming transaction.
 */
export async function raiseExposureAlerts(_deps: Deps, _tx: Queryable, _traceId: string,
  _visits: Array<{ venueId: string; from: Date | string; to: Date | string }>): Promise<number> {
  throw new Error('raiseExposureAlerts: not written yet')
}
