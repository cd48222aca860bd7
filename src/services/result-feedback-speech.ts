/**
 * H5 (default): 语音播报 reads a result aloud with the browser's speechSynthesis in a Chinese
 * voice, for a person who cannot read the screen at arm's length. Browsers without it get no
 * button (canSpeak).
 */
export function canSpeak(): boolean {
  return typeof window !== 'undefined' && !!window.speechSynthesis && typeof window.SpeechSynthesisUtterance === 'function'
}

export function speak(text: string): void {
  if (!canSpeak()) return
  const synth = window.speechSynthesis
  // A second tap starts over instead of queueing the same sentence twice.
  synth.cancel()
  const utterance = new window.SpeechSynthesisUtterance(text)
  utterance.lang = 'zh-CN'
  const voice = synth.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase() === 'zh-cn')
  if (voice) utterance.voice = voice
  utterance.rate = 0.9
  synth.speak(utterance)
}
