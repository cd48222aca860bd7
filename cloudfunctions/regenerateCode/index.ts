import { regenerateCode } from '../../server/functions/regenerateCode'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(regenerateCode)
