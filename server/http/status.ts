import type { ErrorCode } from '../../src/shared/errors'

/**
 * The HTTP status of every answer of our HTTP runtime, whichever function or layer gave it. The
 * status says whether the request could be served at all: malformed (400), unauthenticated (401),
 * not allowed for this caller (403), naming something that does not exist or is beyond the
 * caller's reach (404), the wrong method, too large, too frequent, failed on our side, or failed
 * at a service we depend on (Alipay, or an identity provider, down). A refusal the person acts on (a forged code, a venue already registered, an
 * expired Alipay authorisation, a rule such as the 24-hour withdrawal) is a served request: 200,
 * like success, with the body's `code` telling which. On WeChat cloud there is no status; the body
 * is the same. The README's table lists every code; tests/unit/status-table.test.ts keeps them equal.
 */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  NOT_LOGGED_IN: 401,
  NOT_VENUE_ADMIN: 403,
  NOT_VENUE_STAFF: 403,
  NOT_VENUE_INSPECTOR: 403,
  NOT_OFFICIAL: 403,
  PERSON_OUT_OF_SCOPE: 403,
  TIMER_ONLY: 403,
  NOT_FOUND: 404,
  VENUE_NOT_FOUND: 404,
  CHECKPOINT_NOT_FOUND: 404,
  REGION_NOT_FOUND: 404,
  ENTRY_NOT_FOUND: 404,
  RISK_NOTICE_NOT_FOUND: 404,
  COMPANION_NOT_FOUND: 404,
  ASSISTED_PERSON_NOT_FOUND: 404,
  INSPECTOR_NOT_FOUND: 404,
  HANDOVER_NOT_FOUND: 404,
  PERSON_NOT_FOUND: 404,
  ALERT_NOT_FOUND: 404,
  TRACE_NOT_FOUND: 404,
  TRACE_CONTACT_NOT_FOUND: 404,
  IDENTITY_CHECK_NOT_FOUND: 404,
  COMPANION_REQUEST_NOT_FOUND: 404,
  VENUE_REVIEW_NOT_FOUND: 404,
  PROPOSAL_NOT_FOUND: 404,
  APPEAL_NOT_FOUND: 404,
  STATUS_CHANGE_NOT_FOUND: 404,
  PROPOSAL_OWN: 403,
  EMERGENCY_PATH_DISABLED: 403,
  SYSTEM_ENDED: 410,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SYSTEM_BUSY: 503,
  ALIPAY_UNAVAILABLE: 503,
  IDENTITY_PROVIDER_UNAVAILABLE: 503
}

export function httpStatusOf(answer: { ok: boolean; code?: string }): number {
  if (answer.ok) return 200
  return STATUS_BY_CODE[answer.code as ErrorCode] ?? 200
}
