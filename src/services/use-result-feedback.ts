/**
 * Plays a result's feedback (result-feedback.ts) once, when the result appears: the same Taro
 * calls on every platform (WeChat, Alipay, the browser). A phone on silent, a browser that
 * allows no sound before a tap, or one without a vibration motor simply stays quiet: feedback
 * adds to the screen, it never stands in for it.
 */
import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import { FEEDBACK, feedbackFor, type FeedbackKind, type ResultOutcome } from './result-feedback'

export function giveFeedback(kind: FeedbackKind): void {
  const { sound, vibration } = FEEDBACK[kind]
  // WeChat asks for a strength (heavy is the one felt in a pocket); other platforms ignore it.
  const vibrate = vibration === 'long' ? Taro.vibrateLong({}) : Taro.vibrateShort({ type: 'heavy' })
  Promise.resolve(vibrate).catch(() => { /* no motor, or not allowed yet */ })
  const audio = Taro.createInnerAudioContext()
  audio.src = sound
  audio.onEnded(() => audio.destroy())
  audio.onError(() => audio.destroy())
  // The browser's play() answers a promise that fails until the person has tapped the page.
  const played: unknown = audio.play()
  if (played instanceof Promise) played.catch(() => audio.destroy())
}

/**
 * Gives the outcome's feedback when a result appears, not on every render; a page shows nothing
 * (null) between two results, so the next check-in is heard again.
 */
export function useResultFeedback(outcome: ResultOutcome | null): void {
  const kind = feedbackFor(outcome)
  useEffect(() => {
    if (kind) giveFeedback(kind)
  }, [kind])
}
