import { whoAmI } from '../../server/functions/whoAmI'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(whoAmI)
