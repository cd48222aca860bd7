import { purge } from '../../server/functions/purge'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(purge)
