/**
 * What the check-in page shows for a scanned text, decided without Taro: a code that is not
 * ours never reaches the server, and every refusal of a code becomes a full-screen warning
 * with nothing to tap but 返回首页 (phishing codes must lead nowhere).
 */
import type { CodeInfoResponse, DemoAccount, Fail, HealthStatus, PersonEntry, Result } from '../shared/api'
import { HEALTH_STATUS_LABELS, RELATION_LABELS } from '../shared/api'
import { entryAdvice, STOP_TITLE } from '../shared/entry-advice'
import { ERRORS } from '../shared/errors'

export type WarningKind = 'fake' | 'revoked'

export type CheckinFailureView =
  | { kind: 'warning'; warning: WarningKind; headline: string; message: string }
  /**
   * Signed out. `venue`: the code was judged genuine by the public look-up (codeInfo), so the
   * screen names the venue before it offers a sign-in; null when it could not be judged first.
   */
  | { kind: 'login'; message: string; venue: CodeInfoResponse['venue'] | null; openIn: CodeInfoResponse['openIn'] | null }
  | { kind: 'profile'; message: string }
  /** final: trying again cannot help (停用: registration has stopped), so no 重试. */
  | { kind: 'error'; message: string; final?: true }

export const FAKE_HEADLINE = '非官方场所码，谨防诈骗'
export const REVOKED_HEADLINE = '场所码已作废'

/** The error table's message repeats the headline; under a big headline, show the rest only. */
function withoutHeadline(message: string, headline: string): string {
  return message.startsWith(headline + '。') ? message.slice(headline.length + 1) : message
}

/** Local parse failure (foreign text or a malformed token): same warning as the server's. */
export function parseFailureView(): CheckinFailureView {
  return { kind: 'warning', warning: 'fake', headline: FAKE_HEADLINE, message: withoutHeadline(ERRORS.VENUE_CODE_FOREIGN, FAKE_HEADLINE) }
}

export function failureView(fail: Fail, canDemoLogin: boolean): CheckinFailureView {
  switch (fail.code) {
    case 'VENUE_CODE_FOREIGN':
    case 'VENUE_CODE_FORGED':
      return { kind: 'warning', warning: 'fake', headline: FAKE_HEADLINE, message: withoutHeadline(fail.message || ERRORS[fail.code], FAKE_HEADLINE) }
    case 'VENUE_CODE_REVOKED':
      return { kind: 'warning', warning: 'revoked', headline: REVOKED_HEADLINE, message: fail.message || ERRORS.VENUE_CODE_REVOKED }
    // Not a refusal of the code: the account has no 实名信息 yet. The page explains and sends
    // the person into the app to record it; the scanned page itself never asks for it.
    case 'PROFILE_REQUIRED':
      return { kind: 'profile', message: fail.message || ERRORS.PROFILE_REQUIRED }
    case 'NOT_LOGGED_IN':
      return canDemoLogin
        ? { kind: 'login', message: fail.message || ERRORS.NOT_LOGGED_IN, venue: null, openIn: null }
        : { kind: 'error', message: fail.message || ERRORS.NOT_LOGGED_IN }
    // 停用 (issue 20): the server's message carries the date registration stopped.
    case 'SYSTEM_STOPPED':
    case 'SYSTEM_ENDED':
      return { kind: 'error', message: fail.message || ERRORS[fail.code], final: true }
    default:
      return { kind: 'error', message: fail.message || ERRORS.INTERNAL }
  }
}

export const SIGN_IN_TO_FINISH = '登录后完成登记'

/**
 * Signed out, the code is judged before any sign-in is offered (a forged poster must not
 * invite one): a genuine current code names its venue and then offers 在微信中打开 /
 * 在支付宝中打开 and sign-in; anything else is the same warning a signed-in scan gets.
 */
export function signedOutView(look: Result<CodeInfoResponse>, canDemoLogin: boolean): CheckinFailureView {
  if (look.ok) return { kind: 'login', message: SIGN_IN_TO_FINISH, venue: look.data.venue, openIn: look.data.openIn }
  return failureView(look, canDemoLogin)
}

/** A person's status on the result screen: null when it may not be shown (PersonEntry.statusHidden). */
export type ShownStatus = HealthStatus | null

/**
 * The banner above the result cards. The entries are recorded whatever the status, but only an
 * all-green group may read as "go in": if anyone entered (holder or companion) is yellow or
 * red, everyone is told to wait for the inspector, so the screen never looks like permission
 * to enter for the one who may not. A person shown without a colour (identity not verified) is
 * not green either: the inspector is asked to check their health code another way.
 */
export function resultBanner(statuses: readonly ShownStatus[]): string {
  if (statuses.every((s) => s === 'green')) return '场所码 · 入场登记成功'
  if (statuses.some((s) => s === 'red' || s === 'yellow')) return '已登记 · 请配合工作人员核验'
  return '已登记 · 请向工作人员出示健康码'
}

/** What the banner is coloured by: the worst status present, an unshown one ranking under yellow. */
export function worstStatus(statuses: readonly ShownStatus[]): HealthStatus | 'hidden' {
  if (statuses.includes('red')) return 'red'
  if (statuses.includes('yellow')) return 'yellow'
  if (statuses.includes(null)) return 'hidden'
  return 'green'
}

/**
 * How large a person's card is drawn. The holder's card is full size; a companion's card is
 * full size too as soon as the status needs a second look (yellow, red, or none shown), so a
 * child's red code is never the small print under a parent's green one. Green companions get a
 * compact card so a family of five still fits the screen the inspector glances at.
 */
export function cardSize(person: Pick<PersonEntry, 'method' | 'healthStatus'>): 'full' | 'compact' {
  return person.method === 'companion' && person.healthStatus === 'green' ? 'compact' : 'full'
}

/** The label on a person's card: 本人, the companion's relation, or 辅助登记. */
export function personTag(person: Pick<PersonEntry, 'method' | 'relation'>): string {
  if (person.method === 'assisted') return '辅助登记'
  if (person.method === 'companion') return person.relation ? RELATION_LABELS[person.relation] : '同行人员'
  return '本人'
}

/**
 * Whether a card offers 去核验: the holder's own card when the account's identity is what hides
 * the colour. A venue's review is not the person's to fix, and one button is enough for a group.
 */
export function offersVerification(person: Pick<PersonEntry, 'method' | 'statusHidden'>): boolean {
  return person.method === 'self' && person.statusHidden === 'identity_unverified'
}

/** The check-in page signs in the person who scanned: only citizens belong in that list. */
export function isCheckinAccount(account: DemoAccount): boolean {
  return account.role === 'citizen'
}

/**
 * The one red block on the result screen when anyone entered must not go in: the advice's title
 * (once, however many people it concerns), who it concerns (`孙* · 红码`), and each cause's
 * detail once. The cards under it carry only the colour, so 请勿进入 is never printed three times
 * and the venue stays on the first screen.
 */
export function groupStop(people: ReadonlyArray<Pick<PersonEntry, 'nameMasked' | 'healthStatus'>>): { title: string; who: string[]; details: string[] } | null {
  const stopping = people.filter((p) => p.healthStatus && entryAdvice({ healthStatus: p.healthStatus }))
  if (!stopping.length) return null
  const who = stopping.map((p) => `${p.nameMasked} · ${HEALTH_STATUS_LABELS[p.healthStatus!]}`)
  // Red first, then yellow, as entryAdvice orders causes; each once for the whole group.
  const details = (['red', 'yellow'] as const)
    .filter((s) => stopping.some((p) => p.healthStatus === s))
    .map((s) => entryAdvice({ healthStatus: s })!.detail)
  return { title: STOP_TITLE, who, details }
}

/**
 * The entries one 离场 ends: everyone this scan entered. A repeated scan names the entry made a
 * moment before, which is the same visit, so it is ended too (once: ids are distinct).
 */
export function checkOutIds(people: ReadonlyArray<Pick<PersonEntry, 'entryId'>>): string[] {
  return Array.from(new Set(people.map((p) => p.entryId)))
}
