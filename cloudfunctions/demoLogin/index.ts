import { demoLogin } from '../../server/functions/demoLogin'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(demoLogin)
