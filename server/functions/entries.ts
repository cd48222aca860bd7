import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { checkOutEntries, disputeEntry, listMyEntries, myRiskNotices, withdrawEntry } from '../domain/my-entries'
import { action, actions } from './action-schema'
import { defineFunction } from './define'

const schema = actions([
  z.object({ action: action('list') }).strict(),
  z.object({ action: action('withdraw'), entryId: z.string().uuid('记录编号格式不正确') }).strict(),
  z.object({
    action: action('checkOut'),
    entryIds: z.array(z.string().uuid('记录编号格式不正确'), { invalid_type_error: '格式不正确' }).min(1, '请选择要离场的记录').max(11, '一次最多11人离场')
  }).strict(),
  z.object({ action: action('risks') }).strict(),
  z.object({ action: action('dispute'), entryId: z.string().uuid('记录编号格式不正确') }).strict()
]) as unknown as z.ZodType<Api['entries'][0], z.ZodTypeDef, unknown>

/** 我的扫码记录, 扫错了？撤销, 离场, 不是我本人, and 风险提示. */
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
      case 'dispute': return disputeEntry(deps, userId, input.entryId)
    }
  }
})
