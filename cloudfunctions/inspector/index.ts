import { inspector } from '../../server/functions/inspector'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(inspector)
