/**
 * The identity port (DESIGN §4, identity): who a person is, confirmed by a provider that has
 * seen their face or their bank-grade account, never by a name and an ID number alone. One
 * small interface, three providers: WeChat 人脸核身, Alipay 身份验证 and the local stack's demo.
 * Plain TypeScript: the domain asks the port, the port asks the provider's servers.
 */

export type IdentityProviderKind = 'wechat' | 'alipay' | 'demo'

/** What the account claims: the person's name and 18-character ID number, already validated. */
export interface IdentityClaim {
  name: string
  idCard: string
}

/** The platform account that will go through the check (the provider ties the check to it). */
export interface IdentityAccount {
  /** WeChat OPENID (wechat provider). */
  wxOpenid?: string | null
  /** Alipay user id (alipay provider). */
  alipayUid?: string | null
}

/**
 * Our own id of a check (`outerId`): 5 to 32 letters and digits, which both WeChat's out_seq_no
 * (5–32 of letters, digits, _ and -, unique per app) and Alipay's outer_order_no (at most 32
 * letters and digits, unique) accept. The provider sends it as it is.
 */
export const OUTER_ID = /^[A-Za-z0-9]{5,32}$/

/**
 * A check the provider has opened: `ticket` is what the server keeps to ask about it later: the
 * provider's id (WeChat verify_id, Alipay certify_id, the demo's own) sealed to the claim, the
 * account and the outerId it was opened for (server/identity/ticket-seal.ts), at most 300
 * characters. `client` is what the mini-program passes to the platform's own screen
 * (wx.requestFacialVerify({ verifyId }), my.startAPVerify({ certifyId, url })).
 */
export interface StartedCheck {
  ticket: string
  /** When the provider stops accepting the ticket. */
  expiresAt: Date
  client: { verifyId: string } | { certifyId: string; url: string } | { demo: true }
}

/**
 * The provider's answer about a ticket:
 * - `passed`: the face (or account) matched the claim;
 * - `failed`: the check ran and did not pass (face did not match, the person gave up);
 * - `mismatch`: the provider's record of who did the check is not the claimed name and ID;
 * - `pending`: the person has not finished yet;
 * - `expired`: the ticket is unknown, used or past its time at the provider;
 * - `unavailable`: the provider did not answer, or answered something we cannot trust.
 */
export type CheckResult =
  | { kind: 'passed' }
  | { kind: 'failed'; detail?: string }
  | { kind: 'mismatch' }
  | { kind: 'pending' }
  | { kind: 'expired' }
  | { kind: 'unavailable'; reason: Error }

export interface IdentityProvider {
  kind: IdentityProviderKind
  /**
   * Opens a check of `claim` for `account`. `outerId` is our own id for the check (how its answer
   * is tied back to our row); a new one for every start, since WeChat requires out_seq_no to be
   * unique per app and refuses a repeat. Throws nothing for a provider
   * outage: answers { kind: 'unavailable' } instead. Throws for the caller's mistakes only: an
   * outerId outside OUTER_ID, an account without the provider's id (wxOpenid for wechat,
   * alipayUid for alipay).
   */
  start(claim: IdentityClaim, account: IdentityAccount, outerId: string): Promise<StartedCheck | { kind: 'unavailable'; reason: Error }>
  /**
   * Asks the provider how the check of `ticket` ended; `claim` is what it must have confirmed.
   * A ticket asked about with any other claim, account or outerId than it was opened for answers
   * `mismatch` without asking the provider; a string that is no ticket of ours, `expired`.
   */
  result(ticket: string, claim: IdentityClaim, account: IdentityAccount, outerId: string): Promise<CheckResult>
}
