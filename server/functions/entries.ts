import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { listMyEntries, withdrawEntry } from '../domain/my-entries'
import { action, actions } from './action-schema'
import { defineFunction } from './define'

const schema = actions([
  z.object({ action: action('list') }).strict(),
  z.object({ action: action('withdraw'), entryId: z.string().uuid('记录编号格式不正确') }).strict()
]) as unknown as z.ZodType<Api['entries'][0], z.ZodTypeDef, unknown>

/** 我的扫码记录 and 扫错了？撤销. */
export const entries = defineFunction({
  name: 'entries',
  schema,
  auth: 'user',
  async handler(input, { deps, userId }) {
    switch (input.action) {
      case 'list': return listMyEntries(deps, userId)
      case 'withdraw': return withdrawEntry(deps, userId, input.entryId)
    }
  }
})
