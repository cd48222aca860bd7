import { getVenueCode } from '../../server/functions/getVenueCode'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(getVenueCode)
