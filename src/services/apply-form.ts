/**
 * Rules of the 申领场所码 form, kept free of Taro so they are plain functions: each field of
 * a GenerateCodeRequest maps to the Chinese message shown next to it, or nothing.
 * The cloud function runs the same validators from src/shared before touching data.
 */
import type { GenerateCodeRequest } from '../shared/api'
import { checkCreditCode, checkMobile, checkPersonName, checkText, normalizeCreditCode } from '../shared/validators'
import { isVehicle, VENUE_TYPE_IDS } from '../shared/venue-types'

export type ApplyField = keyof GenerateCodeRequest
export type ApplyForm = { [K in ApplyField]: string }
export type FieldErrors = Partial<Record<ApplyField, string>>

/** Order of the fields on screen, so the first error can be named in the banner. */
export const APPLY_FIELDS: ApplyField[] = ['townCode', 'address', 'type', 'name', 'creditCode', 'adminName', 'adminMobile']

export function emptyApplyForm(): ApplyForm {
  return { townCode: '', address: '', type: '', name: '', creditCode: '', adminName: '', adminMobile: '' }
}

/** Vehicles have no fixed street address: the label (and its message) asks for the plate or route. */
export function addressLabel(type: string): string {
  return isVehicle(type) ? '车牌号或线路' : '详细地址'
}

export function validateApplyField(field: ApplyField, form: ApplyForm): string | null {
  const v = form[field]
  switch (field) {
    case 'townCode':
      return v ? null : '请选择所在乡镇（街道）'
    case 'address':
      return checkText(v, addressLabel(form.type), 2, 100)
    case 'type':
      return (VENUE_TYPE_IDS as readonly string[]).includes(v) ? null : '请选择场所类型'
    case 'name':
      return checkText(v, '场所名称', 2, 50)
    case 'creditCode':
      return checkCreditCode(v)
    case 'adminName':
      return checkPersonName(v)
    case 'adminMobile':
      return checkMobile(v)
    default:
      return null
  }
}

export function validateApplyForm(form: ApplyForm): FieldErrors {
  const errors: FieldErrors = {}
  for (const f of APPLY_FIELDS) {
    const msg = validateApplyField(f, form)
    if (msg) errors[f] = msg
  }
  return errors
}

/** The request as sent: trimmed, credit code normalised, mobile without spaces. */
export function toGenerateCodeRequest(form: ApplyForm): GenerateCodeRequest {
  return {
    townCode: form.townCode,
    address: form.address.trim(),
    type: form.type as GenerateCodeRequest['type'],
    name: form.name.trim(),
    creditCode: normalizeCreditCode(form.creditCode),
    adminName: form.adminName.trim(),
    adminMobile: form.adminMobile.replace(/\s+/g, '')
  }
}

/** Server field errors keyed by request field; unknown keys are dropped (they go to the banner). */
export function serverFieldErrors(fields: Record<string, string> | undefined): FieldErrors {
  const out: FieldErrors = {}
  if (!fields) return out
  for (const f of APPLY_FIELDS) if (fields[f]) out[f] = fields[f]
  return out
}
