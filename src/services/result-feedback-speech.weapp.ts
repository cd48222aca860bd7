/**
 * WeChat has no speech API of its own (only the 同声传译 plugin, which needs an application to
 * WeChat): no 语音播报 button; the result's sound and vibration still play.
 */
export function canSpeak(): boolean { return false }

export function speak(_text: string): void {}
