/** What the local stack (scripts/local-stack.mjs) loads from the bundled HTTP runtime. */
export { admissionFor, createApiGateway } from './gateway'
export { checkAdmissionOptions } from './admission'
export { createRotatingLog } from './rotating-log'
export { injectCodeBases } from './code-bases-script'
export { ERROR_LOG_TAG, OVERLOAD_LOG_TAG } from '../log'
export { alipayConfigFrom, codeLinkBasesFrom, wechatConfigFrom } from '../config'
export { identityProvidersLine } from '../identity/summary'
