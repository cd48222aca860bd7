/**
 * 请勿进入，配合工作人员处置, in red and larger than any name beside it: read from a metre away by
 * the person at the door and by the inspector. Shown wherever an entry needs it (result card,
 * gate screen, alert list); renders nothing when the entry needs no advice.
 */
import { View, Text } from '@tarojs/components'
import type { EntryAdvice } from '../shared/entry-advice'
import './StopAdvice.css'

export default function StopAdvice({ advice }: { advice: EntryAdvice | null }) {
  if (!advice) return null
  return (
    <View className={`stop-advice stop-advice--${advice.level}`} role='alert'>
      <Text className='stop-advice__title'>{advice.title}</Text>
      <Text className='stop-advice__detail'>{advice.detail}</Text>
    </View>
  )
}
