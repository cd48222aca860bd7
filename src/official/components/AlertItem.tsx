/**
 * One alert in the official's list: what happened, where, to whom (masked; never the case of an
 * exposure alert), when, and whether it still waits for handling. The whole line opens it.
 */
import { View, Text } from '@tarojs/components'
import type { AlertView } from '../../shared/api'
import { alertLine } from '../../services/official-view'

export default function AlertItem({ alert, onOpen }: { alert: AlertView; onOpen: (alertId: string) => void }) {
  const line = alertLine(alert)
  const tone = line.open ? ` official-alert--${line.tone}` : ' official-alert--closed'
  return (
    <View className={`official-alert${tone}`} data-alert-id={alert.alertId} onClick={() => onOpen(alert.alertId)}>
      <View className='official-alert__top'>
        <Text className='official-alert__kind'>{line.kind}</Text>
        <Text className={`official-tag official-alert__state ${line.open ? 'official-tag--open' : 'official-tag--done'}`}>{line.state}</Text>
      </View>
      <Text className='official-alert__place'>{line.place}</Text>
      <Text className='official-alert__finding'>{line.who ? `${line.who} · ` : ''}{line.finding}</Text>
      <View className='official-alert__meta'>
        <Text className='official-alert__at'>{line.at}</Text>
        <Text className='official-alert__go'>查看 ›</Text>
      </View>
    </View>
  )
}
