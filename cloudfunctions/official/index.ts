import { official } from '../../server/functions/official'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(official)
