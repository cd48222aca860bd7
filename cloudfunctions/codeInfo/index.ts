import { codeInfo } from '../../server/functions/codeInfo'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(codeInfo)
