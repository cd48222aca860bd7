/** Only WeChat needs a cloud SDK initialised (cloud-init.weapp.ts); other platforms talk HTTP. */
export function initCloud(): void {}
