import { assist } from '../../server/functions/assist'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(assist)
