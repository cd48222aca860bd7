import { people } from '../../server/functions/people'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(people)
