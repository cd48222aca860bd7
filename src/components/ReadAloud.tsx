/**
 * 语音播报: reads the result aloud (result-feedback.ts says what), for a person who cannot read
 * the screen at arm's length. Only where the platform can speak (the browser's speechSynthesis);
 * elsewhere it renders nothing and the result's sound and vibration remain.
 */
import { Button } from '@tarojs/components'
import { spokenResult, type ResultOutcome } from '../services/result-feedback'
import { canSpeak, speak } from '../services/result-feedback-speech'

export default function ReadAloud({ outcome }: { outcome: ResultOutcome | null }) {
  if (!outcome || !canSpeak()) return null
  const text = spokenResult(outcome)
  return <Button className='btn btn--white read-aloud' onClick={() => speak(text)}>语音播报</Button>
}
