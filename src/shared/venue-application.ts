/**
 * The rules of a 申领场所码 application, field by field. The form shows these messages next to
 * its fields and generateCode refuses with the very same ones, so they live here once.
 * Whether a town code exists is checked on the server only: the region data stays there.
 */
import type { GenerateCodeRequest } from './api'
import { checkCreditCode, checkMobile, checkPersonName, checkText, normalizeCreditCode } from './validators'
import { isVehicle, VENUE_TYPE_IDS } from './venue-types'

export type VenueField = keyof GenerateCodeRequest
/** An application as typed or as received: any field may be missing or of the wrong type. */
export type VenueApplicationInput = Partial<Record<VenueField, unknown>>

/** Order of the fields on screen. */
export const VENUE_FIELDS: VenueField[] = ['townCode', 'address', 'type', 'name', 'creditCode', 'adminName', 'adminMobile']

/** Vehicles have no fixed street address: the label (and its message) asks for the plate or route. */
export function addressLabel(type: string): string {
  return isVehicle(type) ? '车牌号或线路' : '详细地址'
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** The Chinese message for one field, or null when it is valid. */
export function venueFieldError(field: VenueField, input: VenueApplicationInput): string | null {
  const v = str(input[field])
  switch (field) {
    case 'townCode': return v.trim() ? null : '请选择所在乡镇（街道）'
    case 'address': return checkText(v, addressLabel(str(input.type)), 2, 100)
    case 'type': return (VENUE_TYPE_IDS as readonly string[]).includes(v) ? null : '请选择场所类型'
    case 'name': return checkText(v, '场所名称', 2, 50)
    case 'creditCode': return checkCreditCode(v)
    case 'adminName': return checkPersonName(v)
    case 'adminMobile': return checkMobile(v)
    default: return null
  }
}

/** 本人 chosen as the admin by an account without a name and mobile in its 实名信息. */
export const ADMIN_SELF_MISSING = '实名信息中没有姓名和手机号，请填写管理员姓名和手机号'

/** With 本人 as the admin (adminSelf) the name and mobile come from 实名信息: not typed, not checked here. */
export const ADMIN_FIELDS: VenueField[] = ['adminName', 'adminMobile']

/** Every invalid field with its message; empty when the application can be submitted. */
export function venueApplicationErrors(input: VenueApplicationInput): Partial<Record<VenueField, string>> {
  const errors: Partial<Record<VenueField, string>> = {}
  for (const f of VENUE_FIELDS) {
    const msg = venueFieldError(f, input)
    if (msg) errors[f] = msg
  }
  return errors
}

/** The application as sent and stored: trimmed, credit code normalised, mobile without spaces. */
export function normalizeVenueApplication(input: GenerateCodeRequest): GenerateCodeRequest {
  return {
    townCode: input.townCode.trim(),
    address: input.address.trim(),
    type: input.type,
    name: input.name.trim(),
    creditCode: normalizeCreditCode(input.creditCode),
    adminName: input.adminName.trim(),
    adminMobile: input.adminMobile.replace(/\s+/g, '')
  }
}

/** A checkpoint's name (南门, 北门, 1号车…): the form and the venue function share it. */
export function checkpointNameError(name: unknown): string | null {
  return checkText(str(name), '检测点名称', 1, 20)
}
