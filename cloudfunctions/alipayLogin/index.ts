import { alipayLogin } from '../../server/functions/alipayLogin'
import { makeMain } from '../../server/platform/main'

export const main = makeMain(alipayLogin)
