/**
 * State helpers of the 申领场所码 form. The field rules themselves are shared with
 * generateCode (src/shared/venue-application.ts), so the form and the server agree word for word.
 */
import type { GenerateCodeRequest } from '../shared/api'
import { normalizeVenueApplication, VENUE_FIELDS, venueApplicationErrors, venueFieldError, type VenueField } from '../shared/venue-application'

export { addressLabel } from '../shared/venue-application'

export type ApplyField = VenueField
export type ApplyForm = { [K in ApplyField]: string }
export type FieldErrors = Partial<Record<ApplyField, string>>

export function emptyApplyForm(): ApplyForm {
  return { townCode: '', address: '', type: '', name: '', creditCode: '', adminName: '', adminMobile: '' }
}

export const validateApplyField = (field: ApplyField, form: ApplyForm): string | null => venueFieldError(field, form)

export const validateApplyForm = (form: ApplyForm): FieldErrors => venueApplicationErrors(form)

export function toGenerateCodeRequest(form: ApplyForm): GenerateCodeRequest {
  return normalizeVenueApplication({ ...form, type: form.type as GenerateCodeRequest['type'] })
}

/** Server field errors keyed by request field; unknown keys are dropped (they go to the banner). */
export function serverFieldErrors(fields: Record<string, string> | undefined): FieldErrors {
  const out: FieldErrors = {}
  if (!fields) return out
  for (const f of VENUE_FIELDS) if (fields[f]) out[f] = fields[f]
  return out
}
