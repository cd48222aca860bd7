/**
 * Masked forms of personal data: the only forms that leave the server, except to an
 * official with the right scope.
 */

/** 张三 → 张*, 欧阳娜娜 → 欧***; a single character is fully hidden. */
export function maskName(name: string): string {
  const chars = Array.from((name || '').trim())
  if (chars.length === 0) return ''
  if (chars.length === 1) return '*'
  return chars[0] + '*'.repeat(chars.length - 1)
}

/** 370102199001011234 → 3701**********1234 */
export function maskIdCard(id: string): string {
  const v = (id || '').trim()
  if (v.length <= 8) return '*'.repeat(v.length)
  return v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4)
}

/**
 * The last four characters of an ID number (also of its masked form): what tells a family's
 * 周** apart. Only the account holding the person, or the inspector who just registered them, is
 * sent it.
 */
export function idCardLast4(id: string): string {
  return (id || '').trim().slice(-4)
}

/** 13800000000 → 138****0000 */
export function maskPhone(phone: string): string {
  const v = (phone || '').trim()
  if (v.length < 7) return '*'.repeat(v.length)
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4)
}
