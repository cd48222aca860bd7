import { generateCode } from '../../server/functions/generateCode'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(generateCode)
