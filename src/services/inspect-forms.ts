/**
 * The two short forms of the inspector's side: the 6-digit 场所申报码 of 绑定场所, and the
 * name and mobile a recipient gives when accepting a venue (接收场所). The name and mobile rules
 * are the ones 申领场所码 and the venue function use.
 */
import { checkMobile, checkPersonName } from '../shared/validators'

export const DECLARATION_CODE_LENGTH = 6

/** Digits only (full-width ones too, as some keyboards type them), at most six. */
export function normalizeDeclarationCode(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\D/g, '')
    .slice(0, DECLARATION_CODE_LENGTH)
}

/** The server's own message for a code of the wrong shape, so both sides say the same. */
export function declarationCodeError(code: string): string | null {
  return /^[0-9]{6}$/.test(code) ? null : '请输入6位数字场所申报码'
}

export type HandoverField = 'adminName' | 'adminMobile'
export type HandoverForm = Record<HandoverField, string>
export type HandoverErrors = Partial<Record<HandoverField, string>>

export const HANDOVER_FIELDS: HandoverField[] = ['adminName', 'adminMobile']

export function handoverFieldError(field: HandoverField, form: HandoverForm): string | null {
  return field === 'adminName' ? checkPersonName(form.adminName) : checkMobile(form.adminMobile)
}

export function handoverFormErrors(form: HandoverForm): HandoverErrors {
  const out: HandoverErrors = {}
  for (const f of HANDOVER_FIELDS) {
    const msg = handoverFieldError(f, form)
    if (msg) out[f] = msg
  }
  return out
}

/** Server field messages of acceptHandover, keyed like the form. */
export function serverHandoverErrors(fields: Record<string, string> | undefined): HandoverErrors {
  const out: HandoverErrors = {}
  for (const f of HANDOVER_FIELDS) if (fields?.[f]) out[f] = fields[f]
  return out
}

export function handoverRequest(form: HandoverForm): HandoverForm {
  return { adminName: form.adminName.trim(), adminMobile: form.adminMobile.replace(/\s+/g, '') }
}
