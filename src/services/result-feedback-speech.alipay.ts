/** Alipay offers mini-programs no speech API: no 语音播报 button; the sound and vibration still play. */
export function canSpeak(): boolean { return false }

export function speak(_text: string): void {}
