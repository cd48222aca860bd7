import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { acknowledgeRisk, checkOutEntries, disputeEntry, listMyEntries, myRiskNotices, withdrawEntry } from '../domain/my-entries'
import { action, actions } from './action-schema'
import { defineFunction } from './define'
import { ID_PATTERN } from '../../src/shared/venue-code'

const schema = actions([
  z.object({ action: action('list') }).strict(),
  z.object({ action: action('withdraw'), entryId: z.string().uuid('记录编号格式不正确') }).strict(),
  z.object({
    action: action('checkOut'),
    entryIds: z.array(z.string().uuid('记录编号格式不正确'), { invalid_type_error: '格式不正确' }).min(1, '请选择要离场的记录').max(11, '一次最多11人离场')
  }).strict(),
  z.object({ action: action('risks') }).strict(),
  // 我已知晓: by venue (the home card) or by notice ids; exactly one of the two (checked in the domain).
  z.object({
    action: action('acknowledgeRisk'),
    venueId: z.string({ invalid_type_error: '场所编号格式不正确' }).regex(ID_PATTERN, '场所编号格式不正确').optional(),
    noticeIds: z.array(z.string().uuid('风险提示编号格式不正确'), { invalid_type_error: '格式不正确' }).min(1, '请选择风险提示').max(200, '一次最多200条').optional()
  }).strict(),
  z.object({ action: action('dispute'), entryId: z.string().uuid('记录编号格式不正确') }).strict()
]) as unknown as z.ZodType<Api['entries'][0], z.ZodTypeDef, unknown>

/** 我的扫码记录, 扫错了？撤销, 离场, 不是我本人, and 风险提示 (with 我已知晓). */
export const entries = defineFunction({
  name: 'entries',
  schema,
  auth: 'user',
  async handler(input, { deps, userId }) {
    switch (input.action) {
      case 'list': return listMyEntries(deps, userId)
      case 'withdraw': return withdrawEntry(deps, userId, input.entryId)
      case 'checkOut': return checkOutEntries(deps, userId, input.entryIds)
      case 'risks': return myRiskNotices(deps, userId)
      case 'acknowledgeRisk': return acknowledgeRisk(deps, userId, input)
      case 'dispute': return disputeEntry(deps, userId, input.entryId)
    }
  }
})
