/**
 * 异常提醒: the alerts of the venues where the caller works the gate (and, for an official, of
 * their region), refreshed every 5 s while shown, those waiting for 我已知晓 first and
 * highlighted. On WeChat, 接收微信提醒 asks for subscription messages so an alert reaches the
 * phone when the page is closed.
 * Data: alert.list (polled), alert.acknowledge, alert.subscribe.
 */
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import { CAN_SUBSCRIBE } from '../../services/alert-subscribe'
import { readElderMode } from '../../services/elder-mode'
import { askSubscription } from '../../services/subscribe-flow'
import { useAlertList } from '../../services/use-alert-list'
import LoadError from '../../components/LoadError'
import AlertCard from './AlertCard'
import './index.css'

export default function Alerts() {
  const list = useAlertList()
  const [subscribeNote, setSubscribeNote] = useState<{ ok: boolean; text: string } | null>(null)
  const elder = readElderMode()
  const data = list.data

  const subscribe = () => {
    if (!data) return
    setSubscribeNote(null)
    // Called in the tap itself, before anything is awaited: WeChat shows its dialog only then.
    askSubscription(data.subscribeTemplateIds, {
      granted: '已开启：下一条异常提醒将通过微信通知您。微信规定每次允许只能收到一条，收到后请再次开启。',
      declined: '您未允许微信提醒，需要时可再次开启',
      failed: '未能开启微信提醒，请稍后重试'
    }).then(setSubscribeNote)
  }

  return (
    <View className={`page alerts${elder ? ' elder' : ''}`}>
      <View className='card alerts__head'>
        <Text className='section-title'>异常提醒</Text>
        <Text className='alerts__intro'>黄码、红码人员扫码，检测到体温异常，或确诊病例曾到访本场所时，会在这里提醒您。请按提示处置后点“我已知晓”。</Text>
        <View className='alerts__scope-line'>
          <Text className='alerts__scope'>每5秒自动刷新</Text>
          {list.stale ? <Text className='alerts__stale'>刷新失败，正在重试</Text> : null}
        </View>
        {data ? (
          <Text className={`alerts__summary${data.unacknowledged ? ' alerts__summary--waiting' : ''}`}>
            {data.unacknowledged ? `待确认 ${data.unacknowledged} 条` : '没有待确认的提醒'}
          </Text>
        ) : null}
        {CAN_SUBSCRIBE && data && data.subscribeTemplateIds.length ? (
          <Button className='btn btn--ghost alerts__subscribe' onClick={subscribe}>接收微信提醒</Button>
        ) : null}
        {subscribeNote ? <Text className={subscribeNote.ok ? 'banner-ok alerts__subscribed' : 'banner-error alerts__subscribed'}>{subscribeNote.text}</Text> : null}
      </View>

      {list.fail ? <LoadError fail={list.fail} onRetry={list.retry} /> : null}
      {!list.fail && !data ? <Text className='muted page-loading'>正在加载…</Text> : null}
      {data && data.alerts.length === 0 ? <View className='card alerts__empty'><Text className='alerts__empty-text'>暂无异常提醒</Text></View> : null}
      {(data?.alerts ?? []).map((a) => <AlertCard key={a.alertId} alert={a} onAcknowledged={list.acknowledged} />)}
    </View>
  )
}
