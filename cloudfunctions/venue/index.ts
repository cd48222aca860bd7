import { venue } from '../../server/functions/venue'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(venue)
