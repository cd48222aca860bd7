/**
 * What the check-in page shows for a scanned text, decided without Taro: a code that is not
 * ours never reaches the server, and every refusal of a code becomes a full-screen warning
 * with nothing to tap but 返回首页 (phishing codes must lead nowhere).
 */
import type { DemoAccount, Fail, HealthStatus } from '../shared/api'
import { ERRORS } from '../shared/errors'

export type WarningKind = 'fake' | 'revoked'

export type CheckinFailureView =
  | { kind: 'warning'; warning: WarningKind; headline: string; message: string }
  | { kind: 'login'; message: string }
  | { kind: 'error'; message: string }

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
    case 'NOT_LOGGED_IN':
      return canDemoLogin ? { kind: 'login', message: fail.message || ERRORS.NOT_LOGGED_IN } : { kind: 'error', message: fail.message || ERRORS.NOT_LOGGED_IN }
    default:
      return { kind: 'error', message: fail.message || ERRORS.INTERNAL }
  }
}

/**
 * The banner above the result card. The entry is recorded whatever the status, but only a
 * green code may read as "go in": a yellow or red holder is told to wait for the inspector,
 * so the screen never looks like permission to enter.
 */
export function resultBanner(status: HealthStatus): string {
  return status === 'green' ? '场所码 · 入场登记成功' : '已登记 · 请配合工作人员核验'
}

/** The check-in page signs in the person who scanned: only citizens belong in that list. */
export function isCheckinAccount(account: DemoAccount): boolean {
  return account.role === 'citizen'
}
