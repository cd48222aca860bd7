import { checkIn } from '../../server/functions/checkIn'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(checkIn)
