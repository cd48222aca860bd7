/** What the local stack (scripts/local-stack.mjs) loads from the bundled HTTP runtime. */
export { createApiGateway } from './gateway'
export { injectCodeBases } from './code-bases-script'
export { ERROR_LOG_TAG } from '../log'
export { alipayConfigFrom, codeLinkBasesFrom, wechatConfigFrom } from '../config'
export { identityProvidersLine } from '../identity/summary'
