import { publishAuditHeads } from '../domain/audit-chain'
import type { Deps } from '../domain/deps'
import { expireProposals } from '../domain/proposals'
import { readSystemState, windDownTick } from '../domain/wind-down'

export interface UpkeepReport {
  /** Proposals that passed STATUS_PROPOSAL_HOURS without a second official, now expired (and audited). */
  expired: number
  /** The audit-head publication made (its number and how many chains moved), null after 停用. */
  auditHeads: { seq: number; chains: number } | null
  /** Whether this run ended a wind-down whose grace period had passed. */
  destroyed: boolean
}

/**
 * The hourly upkeep of the two-person rule, the audit and 停用 (issue 20), in this order: stale
 * proposals expire first, so their expiry records are in the heads published next; the heads are
 * published before a due destruction, which names the last of them in its receipt. After the
 * end nothing is left to look after. The local stack's scheduler and WeChat's purge timer both run it.
 */
export async function upkeep(deps: Deps): Promise<UpkeepReport> {
  if ((await readSystemState(deps.db)).phase === 'ended') return { expired: 0, auditHeads: null, destroyed: false }
  const expired = await expireProposals(deps)
  const published = await publishAuditHeads(deps)
  const receipt = await windDownTick(deps)
  return { expired, auditHeads: { seq: published.seq, chains: published.count }, destroyed: receipt !== null }
}
