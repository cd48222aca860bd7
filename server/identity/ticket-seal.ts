/**
 * Seals a provider's check id to what the check was opened for. Alipay's query answers about a
 * certify_id without naming whom it checked (identity_info is "{}" in the usual scenes), so a
 * certify_id that passed for one claim would pass for any other asked with it. WeChat does tie
 * its verify_id to the claim (cert_hash) and openid, but answers a wrong one with an errcode it
 * does not document. One seal for every provider makes "this ticket, another claim" the same
 * answer everywhere, `mismatch`, decided before any provider is asked.
 */
import { createHmac, timingSafeEqual } from 'crypto'
import { OUTER_ID, type CheckResult, type IdentityAccount, type IdentityClaim, type IdentityProvider, type IdentityProviderKind, type StartedCheck } from './port'

/**
 * After the provider's id and a dot, base64url of two HMAC-SHA-256 prefixes: 8 bytes over the
 * provider and id (this deployment issued the ticket) and 16 over everything it was opened for.
 * 32 characters; a WeChat verify_id of its longest (256) makes a ticket of 289.
 */
const ORIGIN_BYTES = 8
const BINDING_BYTES = 16

/** A seal key of its own, so a ticket's MAC never equals a lookup hash made with the same key. */
export function ticketSealKey(lookupHashKey: Buffer): Buffer {
  return createHmac('sha256', lookupHashKey).update('csm identity ticket seal v1').digest()
}

export interface SealedFor {
  kind: IdentityProviderKind
  claim: IdentityClaim
  account: IdentityAccount
  outerId: string
}

// JSON of an array: no field can run into the next, whatever characters a name holds.
const hmac = (key: Buffer, fields: string[], bytes: number) =>
  createHmac('sha256', key).update(JSON.stringify(fields), 'utf8').digest().subarray(0, bytes)

const origin = (key: Buffer, id: string, f: SealedFor) => hmac(key, ['origin', f.kind, id], ORIGIN_BYTES)

/**
 * The account as the provider knows it: a WeChat check belongs to an openid, an Alipay check to a
 * user id, whatever else the account has linked since; the demo's to both.
 */
function accountOf(f: SealedFor): string[] {
  const openid = f.account.wxOpenid ?? ''
  const uid = f.account.alipayUid ?? ''
  return f.kind === 'wechat' ? [openid] : f.kind === 'alipay' ? [uid] : [openid, uid]
}

const binding = (key: Buffer, id: string, f: SealedFor) =>
  hmac(key, ['binding', f.kind, id, f.claim.name, f.claim.idCard, ...accountOf(f), f.outerId], BINDING_BYTES)

export function sealTicket(key: Buffer, id: string, sealedFor: SealedFor): string {
  return `${id}.${Buffer.concat([origin(key, id, sealedFor), binding(key, id, sealedFor)]).toString('base64url')}`
}

export type OpenedTicket =
  | { kind: 'sealed'; id: string }
  /** Issued here, but for another claim, account or outerId. */
  | { kind: 'other'; id: string }
  /** Not issued here (or by another provider): nothing to ask about. */
  | { kind: 'unknown' }

export function openTicket(key: Buffer, ticket: string, sealedFor: SealedFor): OpenedTicket {
  const dot = ticket.lastIndexOf('.')
  const id = ticket.slice(0, dot)
  const seal = Buffer.from(ticket.slice(dot + 1), 'base64url')
  if (dot <= 0 || seal.length !== ORIGIN_BYTES + BINDING_BYTES || seal.toString('base64url') !== ticket.slice(dot + 1)) return { kind: 'unknown' }
  if (!timingSafeEqual(seal.subarray(0, ORIGIN_BYTES), origin(key, id, sealedFor))) return { kind: 'unknown' }
  return timingSafeEqual(seal.subarray(ORIGIN_BYTES), binding(key, id, sealedFor)) ? { kind: 'sealed', id } : { kind: 'other', id }
}

/** What a provider does once the seal is taken care of: open a check, and ask about one. */
export interface ProviderBackend {
  open(claim: IdentityClaim, account: IdentityAccount, outerId: string): Promise<Omit<StartedCheck, 'ticket'> & { id: string } | Unavailable>
  ask(id: string, claim: IdentityClaim, account: IdentityAccount, outerId: string): Promise<CheckResult>
}

type Unavailable = { kind: 'unavailable'; reason: Error }

/**
 * A provider whose tickets are sealed: start() seals the id its backend opened, result() asks
 * the backend only about a ticket sealed for this very claim, account and outerId.
 */
export function sealedProvider(kind: IdentityProviderKind, sealKey: Buffer, backend: ProviderBackend): IdentityProvider {
  return {
    kind,
    async start(claim, account, outerId) {
      // A bad outerId is the caller's bug, not a provider outage: WeChat and Alipay would refuse it.
      if (!OUTER_ID.test(outerId)) throw new TypeError('outerId must be 5 to 32 letters and digits')
      const opened = await backend.open(claim, account, outerId)
      if ('kind' in opened) return opened
      const { id, ...check } = opened
      return { ...check, ticket: sealTicket(sealKey, id, { kind, claim, account, outerId }) }
    },
    async result(ticket, claim, account, outerId) {
      const opened = openTicket(sealKey, ticket, { kind, claim, account, outerId })
      if (opened.kind === 'unknown') return { kind: 'expired' }
      if (opened.kind === 'other') return { kind: 'mismatch' }
      return backend.ask(opened.id, claim, account, outerId)
    }
  }
}
