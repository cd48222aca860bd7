import { myVenues } from '../../server/functions/myVenues'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(myVenues)
