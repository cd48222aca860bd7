/**
 * The rules of a person typed in (实名信息, 同行人员, 辅助登记), field by field. The forms show
 * these messages next to their fields and the functions refuse with the very same ones.
 */
import { RELATIONS, type PersonInput, type Relation } from './api'
import { checkIdCard, checkMobile, checkPersonName, normalizeIdCard } from './validators'

export type PersonField = 'name' | 'idCard' | 'phone' | 'relation'
/** As typed or as received: any field may be missing or of the wrong type. */
export type PersonFormInput = Partial<Record<PersonField, unknown>>

export interface PersonRules {
  /** Fields that must be present (a first save); the others are checked only when given. */
  required: PersonField[]
}

/** A holder's first 实名信息 needs all three; a companion's mobile is optional (a child has none). */
export const PROFILE_RULES: PersonRules = { required: ['name', 'idCard', 'phone'] }
export const COMPANION_RULES: PersonRules = { required: ['name', 'idCard', 'relation'] }
export const ASSISTED_RULES: PersonRules = { required: ['name', 'idCard'] }
/** An edit sends only what changed. */
export const EDIT_RULES: PersonRules = { required: [] }

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

function present(v: unknown): boolean {
  return typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null
}

export function personFieldError(field: PersonField, input: PersonFormInput, rules: PersonRules): string | null {
  const v = input[field]
  if (!present(v) && !rules.required.includes(field)) return null
  switch (field) {
    case 'name': return checkPersonName(str(v))
    case 'idCard': return checkIdCard(str(v))
    case 'phone': return checkMobile(str(v))
    case 'relation': return (RELATIONS as unknown[]).includes(v) ? null : '请选择与本人的关系'
    default: return null
  }
}

const FIELDS: PersonField[] = ['name', 'idCard', 'phone', 'relation']

/** Every invalid field with its message; empty when the form can be sent. */
export function personErrors(input: PersonFormInput, rules: PersonRules, fields: PersonField[] = FIELDS): Partial<Record<PersonField, string>> {
  const errors: Partial<Record<PersonField, string>> = {}
  for (const f of fields) {
    const msg = personFieldError(f, input, rules)
    if (msg) errors[f] = msg
  }
  return errors
}

/** As stored: trimmed name, ID number upper-case without spaces, mobile without spaces; blanks dropped. */
export function normalizePerson<T extends Partial<PersonInput> & { relation?: Relation }>(input: T): T {
  const out = { ...input }
  if (present(input.name)) out.name = str(input.name).trim(); else delete out.name
  if (present(input.idCard)) out.idCard = normalizeIdCard(str(input.idCard)); else delete out.idCard
  if (present(input.phone)) out.phone = str(input.phone).replace(/\s+/g, ''); else delete out.phone
  return out
}
