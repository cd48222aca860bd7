/**
 * 谁查看了我的信息: every time a health official looked at or used the personal data of the
 * holder or a companion (status changes, tracing, exports, an alert's person), newest first,
 * with the office, the official (masked), what and why, when, and whose data. Written by the
 * server in the same transaction as the access itself, so what is listed here is complete, and
 * chained (server/domain/audit-chain.ts): each record says whether its chain still vouches for it,
 * a failed check at the top of the record, where it cannot be missed.
 * Data: people.accessLog.
 */
import { View, Text } from '@tarojs/components'
import { callAction } from '../../services/actions'
import { accessLogEmpty, accessLogIntro, accessRecordLines } from '../../services/access-log-view'
import { readElderMode } from '../../services/elder-mode'
import { useLoaded } from '../../services/use-loaded'
import { NotLoaded } from '../../components/LoadError'
import './index.css'

export default function AccessLog() {
  const { loaded, load } = useLoaded(() => callAction('people', 'accessLog', {}))
  const elder = readElderMode()

  const root = `page access-log${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>
  const { records, days } = loaded.data

  return (
    <View className={root}>
      <View className='card access-log__intro'>
        <Text className='section-title'>谁查看了我的信息</Text>
        <Text className='access-log__intro-text'>{accessLogIntro(days)}</Text>
      </View>
      {records.length === 0 ? (
        <View className='card access-log__empty'><Text className='access-log__empty-text'>{accessLogEmpty(days)}</Text></View>
      ) : null}
      {records.map((r, i) => {
        const lines = accessRecordLines(r)
        return (
          <View key={`${r.at}-${i}`} className={`card access-record${lines.check.ok ? '' : ' access-record--broken'}`}>
            {lines.check.ok ? null : (
              <View className='access-record__check access-record__check--broken'>
                <Text className='access-record__check-label'>{lines.check.label}</Text>
                <Text className='access-record__check-note'>{lines.check.note}</Text>
              </View>
            )}
            <Text className='access-record__office'>{lines.office}</Text>
            <Text className='access-record__action'>{lines.action}</Text>
            {lines.reason ? <Text className='access-record__reason'>{lines.reason}</Text> : null}
            <View className='access-record__meta'>
              <Text className='access-record__whose'>{lines.whose}</Text>
              <Text className='access-record__official'>{lines.official}</Text>
            </View>
            <Text className='access-record__time'>{lines.time}</Text>
            {lines.check.ok ? (
              <View className='access-record__check access-record__check--ok'>
                <Text className='access-record__check-label'>{lines.check.label}</Text>
                <Text className='access-record__check-note'>{lines.check.note}</Text>
              </View>
            ) : null}
          </View>
        )
      })}
    </View>
  )
}
