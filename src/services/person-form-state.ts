/**
 * State of a form that types in a person (实名信息, 同行人员, 辅助登记). The field rules are the
 * shared ones (src/shared/person-form.ts), so the form refuses with the server's very words.
 *
 * The server only ever sends masked values back, so an edit form cannot be prefilled: it
 * starts empty, shows the masked current value as the hint, and sends only the fields the
 * person typed. An empty field therefore means "unchanged" on an edit, "missing" on a first save.
 */
import type { PersonInput, Relation } from '../shared/api'
import { normalizePerson, personErrors, personFieldError, type PersonField, type PersonFormInput, type PersonRules } from '../shared/person-form'

export type PersonTextField = 'name' | 'idCard' | 'phone'
export interface PersonForm { name: string; idCard: string; phone: string; relation: Relation | '' }
export type PersonFieldErrors = Partial<Record<PersonField, string>>

export const PERSON_TEXT_FIELDS: PersonTextField[] = ['name', 'idCard', 'phone']
const ALL_FIELDS: PersonField[] = ['name', 'idCard', 'phone', 'relation']

export function emptyPersonForm(relation: Relation | '' = ''): PersonForm {
  return { name: '', idCard: '', phone: '', relation }
}

/** Only what the person typed (blank text fields left out), limited to the form's fields. */
function typed(form: PersonForm, fields: PersonField[]): PersonFormInput {
  const out: PersonFormInput = {}
  for (const f of fields) {
    const v = form[f]
    if (v.trim() !== '') out[f] = v
  }
  return out
}

/** Whether anything was typed or chosen in these fields (an edit with nothing is not sent). */
export function hasInput(form: PersonForm, fields: PersonField[]): boolean {
  return Object.keys(typed(form, fields)).length > 0
}

/** Every message of the form at once (submit). */
export function personFormErrors(form: PersonForm, rules: PersonRules, fields: PersonField[] = ALL_FIELDS): PersonFieldErrors {
  return personErrors(typed(form, fields), rules, fields)
}

/** One field's message (blur). */
export function personFormFieldError(field: PersonField, form: PersonForm, rules: PersonRules): string | null {
  return personFieldError(field, typed(form, [field]), rules)
}

/** The request fields: typed ones, normalised as the server stores them. */
export function personRequest(form: PersonForm, fields: PersonField[]): Partial<PersonInput> & { relation?: Relation } {
  const input = typed(form, fields) as Partial<PersonInput> & { relation?: Relation }
  return normalizePerson(input)
}

/** Server field messages keyed by request field; other keys are dropped (they go to the banner). */
export function serverPersonErrors(fields: Record<string, string> | undefined): PersonFieldErrors {
  const out: PersonFieldErrors = {}
  if (!fields) return out
  for (const f of ALL_FIELDS) if (fields[f]) out[f] = fields[f]
  return out
}

/** A companion's edit: the typed text fields, and the relation only when it was changed. */
export function companionChanges(form: PersonForm, currentRelation: Relation): Partial<PersonInput> & { relation?: Relation } {
  const out = personRequest(form, PERSON_TEXT_FIELDS)
  if (form.relation && form.relation !== currentRelation) out.relation = form.relation
  return out
}
