import { signOut } from '../../server/functions/signOut'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(signOut)
