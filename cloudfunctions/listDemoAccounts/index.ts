import { listDemoAccounts } from '../../server/functions/listDemoAccounts'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(listDemoAccounts)
