import { z } from 'zod'
import type { ListDemoAccountsRequest } from '../../src/shared/api'
import { demoAccounts } from '../domain/demo'
import { defineFunction } from './define'

const schema = z.object({}).strict() satisfies z.ZodType<ListDemoAccountsRequest>

export const listDemoAccounts = defineFunction({
  name: 'listDemoAccounts',
  schema,
  auth: 'none',
  async handler(_input, { deps }) {
    const enabled = deps.config.demoLogin
    return { enabled, accounts: enabled ? demoAccounts() : [] }
  }
})
