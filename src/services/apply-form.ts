/**
 * State helpers of the venue form: 申领场所码 (every field needed) and 修改场所信息 (only what
 * changes is sent). The field rules themselves are shared with generateCode and the venue
 * function (src/shared/venue-application.ts), so the form and the server agree word for word.
 */
import type { GenerateCodeRequest, ProfileView, VenueUpdate, VenueView } from '../shared/api'
import { ADMIN_FIELDS, normalizeVenueApplication, VENUE_FIELDS, venueApplicationErrors, venueFieldError, type VenueField } from '../shared/venue-application'

export { addressLabel } from '../shared/venue-application'

export type ApplyField = VenueField
export type ApplyForm = { [K in ApplyField]: string }
export type FieldErrors = Partial<Record<ApplyField, string>>
/** Checks one field of the form as it stands (apply and edit check differently). */
export type FieldRule = (field: ApplyField, form: ApplyForm) => string | null

export function emptyApplyForm(): ApplyForm {
  return { townCode: '', address: '', type: '', name: '', creditCode: '', adminName: '', adminMobile: '' }
}

export const validateApplyField: FieldRule = (field, form) => venueFieldError(field, form)

/** With 本人 as the admin (adminSelf) the admin's name and mobile are not typed, so not checked. */
export function validateApplyForm(form: ApplyForm, adminSelf = false): FieldErrors {
  const errors = venueApplicationErrors(form)
  if (adminSelf) for (const f of ADMIN_FIELDS) delete errors[f]
  return errors
}

export function toGenerateCodeRequest(form: ApplyForm): GenerateCodeRequest {
  return normalizeVenueApplication({ ...form, type: form.type as GenerateCodeRequest['type'] })
}

/** What generateCode apply is sent: with 本人 as the admin, the server fills in the name and mobile. */
export function toApplyRequest(form: ApplyForm, adminSelf: boolean): GenerateCodeRequest & { adminSelf?: true } {
  const req = toGenerateCodeRequest(form)
  return adminSelf ? { ...req, adminName: '', adminMobile: '', adminSelf: true } : req
}

/**
 * 实名信息 as the admin's prefill: 张* · 138****0001 when the account has a name and mobile,
 * else null (the admin's fields are typed).
 */
export function adminSelfLabel(profile: Pick<ProfileView, 'nameMasked' | 'phoneMasked'> | null): string | null {
  return profile && profile.nameMasked && profile.phoneMasked ? `${profile.nameMasked} · ${profile.phoneMasked}` : null
}

/** Server field errors keyed by request field; unknown keys are dropped (they go to the banner). */
export function serverFieldErrors(fields: Record<string, string> | undefined): FieldErrors {
  const out: FieldErrors = {}
  if (!fields) return out
  for (const f of VENUE_FIELDS) if (fields[f]) out[f] = fields[f]
  return out
}

/**
 * The banner above the form. A message about the marked fields (请按提示修改标红的内容, or a
 * refusal that marked fields) reflects the fields: it goes once no field has a message. Any
 * other message (没有修改任何内容, a refusal about the whole venue) answers the last submit and
 * goes at the next edit.
 */
export interface FormBanner { message: string; aboutFields: boolean }
export const NO_BANNER: FormBanner = { message: '', aboutFields: false }

export function bannerText(banner: FormBanner, errors: FieldErrors): string {
  if (banner.aboutFields && !Object.values(errors).some(Boolean)) return ''
  return banner.message
}

/** An edit leaves a message about fields to bannerText and clears any other. */
export function afterEdit(banner: FormBanner): FormBanner {
  return banner.aboutFields || !banner.message ? banner : NO_BANNER
}

// ---- 修改场所信息 ------------------------------------------------------------------------------

/**
 * Fields the venue function only ever sends back masked: an edit cannot prefill them, so they
 * start empty with the masked value as the hint, and empty means unchanged.
 */
export const MASKED_FIELDS: ApplyField[] = ['creditCode', 'adminName', 'adminMobile']

const keptAsIs = (field: ApplyField, form: ApplyForm) => MASKED_FIELDS.includes(field) && form[field].trim() === ''

/** The edit form of a venue: what the page may show filled in, the masked fields empty. */
export function editFormOf(venue: VenueView): ApplyForm {
  return { ...emptyApplyForm(), townCode: venue.region.town.code, address: venue.address, type: venue.type, name: venue.name }
}

/** On an edit, a masked field left empty is not checked: it keeps its current value. */
export const validateEditField: FieldRule = (field, form) => (keptAsIs(field, form) ? null : venueFieldError(field, form))

export function validateEditForm(form: ApplyForm): FieldErrors {
  const errors: FieldErrors = {}
  for (const f of VENUE_FIELDS) {
    const msg = validateEditField(f, form)
    if (msg) errors[f] = msg
  }
  return errors
}

/**
 * What `venue.update` is sent: the fields that differ from the venue as loaded (normalised as
 * they are stored) and the masked fields that were typed. Empty when nothing changed.
 */
export function venueChanges(form: ApplyForm, before: ApplyForm): VenueUpdate {
  const next = toGenerateCodeRequest(form)
  const was = toGenerateCodeRequest(before)
  const out: Record<string, string> = {}
  for (const f of VENUE_FIELDS) {
    const changed = MASKED_FIELDS.includes(f) ? !keptAsIs(f, form) : next[f] !== was[f]
    if (changed) out[f] = next[f]
  }
  return out as VenueUpdate
}
