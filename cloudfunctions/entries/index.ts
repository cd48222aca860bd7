import { entries } from '../../server/functions/entries'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(entries)
