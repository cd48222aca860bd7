/**
 * WeChat: dialogs, toasts, sheets and picker wheels are WeChat's own native views; they follow
 * WeChat's 关怀模式 and the phone's font size, which a mini-program cannot change.
 */
export function markDocument(_on: boolean): void {}
