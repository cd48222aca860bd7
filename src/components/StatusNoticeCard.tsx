/**
 * 健康码变更 on the home page (issue 20): every change of the holder's and companions' status in
 * the last STATUS_NOTICE_DAYS days, newest first, each in its new colour with whose it is, the
 * office, the officials who proposed and approved it (masked; 紧急变更，未经复核 in red when the
 * deployment's emergency path applied it), the reason and the time; 申诉 for the holder, once per
 * change, and where that 申诉 stands. Only for verified accounts (only they have a colour). Loads
 * people.statusNotices whenever the page hands it a new `me`.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Me, StatusNoticeView } from '../shared/api'
import { HEALTH_STATUS_LABELS } from '../shared/api'
import { callAction } from '../services/actions'
import { STATUS_NOTICE_TITLE, appealLink, appealState, noticeLines, showsStatusNotices, sortNotices } from '../services/status-notices'
import './StatusNoticeCard.css'

/** One change as the person reads it; the 申诉 page shows the same. */
export function StatusNoticeBody({ notice }: { notice: StatusNoticeView }) {
  const lines = noticeLines(notice)
  return (
    <View className='status-notice__body'>
      <View className='status-notice__top'>
        <Text className='status-notice__who'>{lines.who}</Text>
        <Text className={`status-notice__chip status-notice__chip--${lines.colour}`}>{HEALTH_STATUS_LABELS[lines.colour]}</Text>
      </View>
      <Text className='status-notice__change'>{lines.change}</Text>
      {lines.emergency ? <Text className='status-notice__emergency'>紧急变更，未经复核</Text> : null}
      <Text className='status-notice__office'>{lines.office}</Text>
      <Text className='status-notice__officials'>{lines.officials}</Text>
      <Text className='status-notice__reason'>{lines.reason}</Text>
      <Text className='status-notice__time'>{lines.time}</Text>
    </View>
  )
}

export default function StatusNoticeCard({ me }: { me: Me }) {
  const shown = showsStatusNotices(me)
  const [notices, setNotices] = useState<StatusNoticeView[]>([])
  const [error, setError] = useState('')

  useEffect(() => {
    if (!shown) { setNotices([]); return }
    let alive = true
    callAction('people', 'statusNotices', {}).then((res) => {
      if (!alive) return
      if (res.ok) { setNotices(sortNotices(res.data.notices)); setError('') } else setError(res.message)
    })
    return () => { alive = false }
  }, [me, shown])

  if (!shown) return null
  if (error && !notices.length) return <Text className='muted status-notices__error'>健康码变更暂时无法查询：{error}</Text>
  if (!notices.length) return null
  const go = (changeId: string) => Taro.navigateTo({ url: appealLink(changeId) })

  return (
    <View className='status-notices'>
      <Text className='section-title status-notices__title'>{STATUS_NOTICE_TITLE}</Text>
      {notices.map((n) => {
        const appeal = appealState(n)
        return (
          <View key={n.changeId} className={`status-notice status-notice--${n.toStatus}${n.emergency ? ' status-notice--emergency' : ''}`} data-change-id={n.changeId}>
            <StatusNoticeBody notice={n} />
            {appeal.kind === 'none' && appeal.canAppeal ? (
              <Button className='btn btn--ghost status-notice__appeal' onClick={() => go(n.changeId)}>有异议？申诉</Button>
            ) : null}
            {appeal.kind !== 'none' ? (
              <View className={`status-notice__appeal-state status-notice__appeal-state--${appeal.kind}`} onClick={() => go(n.changeId)}>
                <Text className='status-notice__appeal-text'>{appeal.text}</Text>
                <Text className='status-notice__appeal-go'>查看 ›</Text>
              </View>
            ) : null}
          </View>
        )
      })}
    </View>
  )
}
