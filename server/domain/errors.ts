import { ERRORS, type ErrorCode } from '../../src/shared/errors'

/**
 * An expected refusal (bad code, no permission…). The function layer turns it into
 * `{ ok: false, code, message }`; anything that is not a DomainError is answered as INTERNAL.
 */
export class DomainError extends Error {
  readonly code: ErrorCode
  readonly fields?: Record<string, string>

  constructor(code: ErrorCode, fields?: Record<string, string>) {
    super(ERRORS[code])
    this.name = 'DomainError'
    this.code = code
    this.fields = fields
  }
}
