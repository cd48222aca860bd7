/**
 * The browser build's title bar (title-bar.h5.ts). The mini-programs have WeChat's and
 * Alipay's own navigation bar, so there is nothing to do here.
 */
export function initTitleBar(): void {}
