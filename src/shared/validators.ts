/**
 * Validators for identifiers people type in. Pure functions: the form shows the message
 * next to the field, and the cloud function runs the same check before touching data.
 */

/** GB 32100-2015 character set for the 统一社会信用代码 (no I, O, S, V, Z). */
const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** Check character (18th) of a 统一社会信用代码 from its first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    sum += CREDIT_CODE_CHARS.indexOf(first17[i]) * CREDIT_CODE_WEIGHTS[i]
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]
}

/** Returns a Chinese message when the credit code is wrong, or null when it is valid. */
export function checkCreditCode(raw: string): string | null {
  const code = normalizeCreditCode(raw)
  if (!code) return '请填写统一社会信用代码'
  if (code.length !== 18) return '统一社会信用代码应为18位'
  for (const ch of code) {
    if (!CREDIT_CODE_CHARS.includes(ch)) return `统一社会信用代码含有无效字符“${ch}”`
  }
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return '统一社会信用代码第3至8位应为行政区划代码'
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return '统一社会信用代码校验位不正确，请核对'
  return null
}

/** Upper-case and strip spaces, so '9137 0102 ...' typed from a licence still matches. */
export function normalizeCreditCode(raw: string): string {
  return (raw || '').replace(/\s+/g, '').toUpperCase()
}

/** Mainland China mobile number: 11 digits starting 1[3-9]. */
export function checkMobile(raw: string): string | null {
  const v = (raw || '').replace(/\s+/g, '')
  if (!v) return '请填写手机号码'
  if (!/^1[3-9]\d{9}$/.test(v)) return '手机号码应为以1开头的11位数字'
  return null
}

const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CARD_CHECK = '10X98765432'

/** GB 11643-1999 check character of an 18-digit 居民身份证号码. */
export function idCardCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_CARD_WEIGHTS[i]
  return ID_CARD_CHECK[sum % 11]
}

/** Upper-case and strip spaces, so a number read out in groups or with a lower-case x still matches. */
export function normalizeIdCard(raw: string): string {
  return (raw || '').replace(/\s+/g, '').toUpperCase()
}

/**
 * A 居民身份证号码 as GB 11643-1999 defines it: 17 digits and a check character, with a real
 * birth date that is not in the future. The 15-digit numbers of first-generation cards are
 * refused with their own message: those cards expired in 2013. `today` is for tests.
 */
export function checkIdCard(raw: string, today: Date = new Date()): string | null {
  const v = normalizeIdCard(raw)
  if (!v) return '请填写身份证号码'
  if (/^\d{15}$/.test(v)) return '不支持15位旧身份证号码，请填写18位身份证号码'
  if (!/^\d{17}[\dX]$/.test(v)) return '身份证号码应为18位（最后一位可以是X）'
  const y = Number(v.slice(6, 10)), m = Number(v.slice(10, 12)), d = Number(v.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return '身份证号码中的出生日期不正确'
  // Compared with today's date in China (UTC+8), where the card was issued.
  const china = new Date(today.getTime() + 8 * 3600_000)
  const todayUtc = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate())
  if (birth.getTime() > todayUtc) return '身份证号码中的出生日期晚于今天，请核对'
  if (idCardCheckChar(v.slice(0, 17)) !== v[17]) return '身份证号码校验位不正确，请核对'
  return null
}

/**
 * Characters no name, address or other text field may hold, because they are invisible or
 * change how the text around them is shown: C0/C1 control characters and DEL (a NUL cannot even
 * be stored), bidirectional overrides and isolates (U+202E turns "泉城广场gpj.exe" around: a
 * known spoofing trick), zero-width characters and the BOM (two names that look the same but
 * differ), line and paragraph separators, and unpaired surrogates (not text at all).
 */
export const UNSAFE_TEXT_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/

export function hasUnsafeTextChars(v: string): boolean {
  if (UNSAFE_TEXT_CHARS.test(v)) return true
  // A loop, not a lookbehind regex: older iOS JavaScriptCore (WeChat on iOS) cannot parse one.
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = v.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true
    }
  }
  return false
}

/** The message for a field holding one of UNSAFE_TEXT_CHARS, naming the field. */
export function unsafeTextMessage(label: string): string {
  return `${label}含有控制字符或不可见的格式字符，请删除后重新填写`
}

/** A person's name: 2–20 characters, Chinese or Latin letters, middle dot allowed. */
export function checkPersonName(raw: string): string | null {
  const v = (raw || '').trim()
  if (!v) return '请填写姓名'
  if (hasUnsafeTextChars(raw)) return unsafeTextMessage('姓名')
  if (v.length < 2 || v.length > 20) return '姓名应为2至20个字'
  if (!/^[\u4e00-\u9fa5A-Za-z·• ]+$/.test(v)) return '姓名只能包含汉字、字母或“·”'
  return null
}

/** Free text with a length window, e.g. venue name and address. */
export function checkText(raw: string, label: string, min: number, max: number): string | null {
  const v = (raw || '').trim()
  if (!v) return `请填写${label}`
  if (hasUnsafeTextChars(raw)) return unsafeTextMessage(label)
  if (v.length < min) return `${label}至少${min}个字`
  if (v.length > max) return `${label}不能超过${max}个字`
  return null
}
