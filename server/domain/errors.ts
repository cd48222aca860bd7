import type { DeletionReceipt } from '../../src/shared/api'
import { ERRORS, type ErrorCode } from '../../src/shared/errors'

/**
 * An expected refusal (bad code, no permission…). The function layer turns it into
 * `{ ok: false, code, message }`; anything that is not a DomainError is answered as INTERNAL.
 */
export class DomainError extends Error {
  readonly code: ErrorCode
  readonly fields?: Record<string, string>
  /** With SYSTEM_ENDED: the deletion receipt the answer carries. */
  readonly receipt?: DeletionReceipt

  /** `message`: a more specific text than the code's own (SYSTEM_STOPPED with its date). */
  constructor(code: ErrorCode, fields?: Record<string, string>, message?: string, receipt?: DeletionReceipt) {
    super(message ?? ERRORS[code])
    this.name = 'DomainError'
    this.code = code
    this.fields = fields
    if (receipt) this.receipt = receipt
  }
}
