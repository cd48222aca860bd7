/**
 * Alipay: dialogs, toasts, sheets and picker wheels are Alipay's own native views; they follow
 * Alipay's 大字体 setting and the phone's font size, which a mini-program cannot change.
 */
export function markDocument(_on: boolean): void {}
