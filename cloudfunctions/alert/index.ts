import { alert } from '../../server/functions/alert'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(alert)
