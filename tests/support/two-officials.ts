import type { HealthStatus, ProposalView, Result, StatusImportResult } from '../../src/shared/api'
import type { TestStack } from './stack'

/**
 * The two-person rule in tests (issue 20): what one official proposes, a second approves, through
 * the real official function. `reviewer` is the token of an official other than the proposer whose
 * region is the proposer's or above it (the demo's 周九, `official_reviewer`, for 赵六's 3701).
 */

function ok<T>(res: Result<T>, what: string): T {
  if (!res.ok) throw new Error(`${what}: ${res.code} ${res.message}`)
  return res.data
}

/** Approves a proposal as `reviewer`; the approved proposal. */
export async function approve(stack: TestStack, reviewer: string, proposal: ProposalView | null, reason = '复核无误'): Promise<ProposalView> {
  if (!proposal) throw new Error('nothing was proposed')
  return ok(await stack.act('official', 'decideProposal', { proposalId: proposal.proposalId, approve: true, reason }, reviewer), 'decideProposal').proposal
}

/** setStatus by `proposer`, approved by `reviewer` (no other look at the person): the approved proposal, null if nothing changed. */
export async function changeStatus(stack: TestStack, proposer: string, reviewer: string,
  input: { idCard: string; name: string; status: HealthStatus; reason: string }): Promise<ProposalView | null> {
  const proposed = ok(await stack.act('official', 'setStatus', input, proposer), 'setStatus')
  return proposed.proposal ? approve(stack, reviewer, proposed.proposal) : null
}

/**
 * setStatus by `proposer`, approved by `reviewer`: the change in force, as one official alone did
 * before issue 20; then the person as the proposer reads them (one more view_person record).
 */
export async function setStatusApproved(stack: TestStack, proposer: string, reviewer: string,
  input: { idCard: string; name: string; status: HealthStatus; reason: string }) {
  await changeStatus(stack, proposer, reviewer, input)
  return ok(await stack.act('official', 'person', { idCard: input.idCard }, proposer), 'person')
}

/** importStatus by `proposer`, its proposal (if any line changes) approved by `reviewer`. */
export async function importApproved(stack: TestStack, proposer: string, reviewer: string, fileName: string, csv: string): Promise<StatusImportResult> {
  const result = ok(await stack.act('official', 'importStatus', { fileName, csv }, proposer), 'importStatus')
  if (result.applied && result.proposal) await approve(stack, reviewer, result.proposal)
  return result
}

/** confirmTrace by `proposer`, approved by `reviewer`: the contacts told, the venues alerted. */
export async function confirmTraceApproved(stack: TestStack, proposer: string, reviewer: string, traceId: string) {
  const proposed = ok(await stack.act('official', 'confirmTrace', { traceId }, proposer), 'confirmTrace')
  const proposal = proposed.proposal.state === 'pending' ? await approve(stack, reviewer, proposed.proposal) : proposed.proposal
  return { proposal, trace: ok(await stack.act('official', 'confirmTrace', { traceId }, proposer), 'confirmTrace').trace }
}
