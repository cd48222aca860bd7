import { z } from 'zod'
import { MAX_COMPANIONS, SCAN_CLOCK_SKEW_SECONDS, type CheckInRequest } from '../../src/shared/api'
import { checkIn as logEntry } from '../domain/check-in'
import { defineFunction } from './define'

// Any text a scanner can produce is a code to judge, not a form field: empty, huge or full of
// control characters, parseVenueCode calls it foreign and the person sees the warning.
const schema = z.object({
  code: z.string(),
  companionIds: z.array(z.string().uuid('同行人员编号格式不正确'))
    .max(MAX_COMPANIONS, '同行人员最多10人')
    .refine((ids) => new Set(ids).size === ids.length, '同行人员重复')
    .optional(),
  // Made on the device; only ever compared, never shown, so a strict alphabet keeps it inert.
  scanId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '扫码编号格式不正确（应为16至64位字母、数字、下划线或连字符）').optional(),
  // The device's clock: a little fast is taken as now (the check-in clamps it); further ahead
  // is a wrong clock, and logging a visit in the future would put it in tomorrow's statistics.
  // Too old (SCAN_EXPIRED) is the check-in's answer, not a format error: a try of a scan id
  // already logged is answered with its entry however old.
  scannedAt: z.string()
    .datetime({ offset: true, message: '扫码时间格式不正确' })
    .refine((t) => !(Date.parse(t) > Date.now() + SCAN_CLOCK_SKEW_SECONDS * 1000),
      '扫码时间晚于当前时间，请检查手机的日期和时间是否正确')
    .optional()
}).strict() satisfies z.ZodType<CheckInRequest>

export const checkIn = defineFunction({
  name: 'checkIn',
  schema,
  auth: 'user',
  opaqueFields: ['code'],
  handler: (input, { deps, account }) =>
    logEntry(deps, account, input.code, input.companionIds, { scanId: input.scanId, scannedAt: input.scannedAt })
})
