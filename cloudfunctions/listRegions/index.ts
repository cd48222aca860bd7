import { listRegions } from '../../server/functions/listRegions'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(listRegions)
