/**
 * 健康码变更 on the home page (issue 20): every change of the holder's and companions' status in
 * the last STATUS_NOTICE_DAYS days, newest first, each in its new colour with whose it is, the
 * office, the officials who proposed and approved it (masked; 紧急变更，未经复核 in red when the
 * deployment's emergency path applied it), the reason and the time; 申诉 for the holder, once per
 * change, and where that 申诉 stands. Only for verified accounts (only they have a colour). Loads
 * people.statusNotices whenever the page hands it a new `me`. In the WeChat mini-program, where the
 * deployment configured the status template, 状态变更时微信通知我 asks for it (one grant, one message).
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Me, StatusNoticeView } from '../shared/api'
import { HEALTH_STATUS_LABELS } from '../shared/api'
import { callAction } from '../services/actions'
import { CAN_SUBSCRIBE } from '../services/alert-subscribe'
import { askSubscription } from '../services/subscribe-flow'
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
  const [templateIds, setTemplateIds] = useState<string[]>([])
  const [subscribeNote, setSubscribeNote] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    if (!shown) { setNotices([]); return }
    let alive = true
    callAction('people', 'statusNotices', {}).then((res) => {
      if (!alive) return
      if (res.ok) { setNotices(sortNotices(res.data.notices)); setTemplateIds(res.data.subscribeTemplateIds); setError('') } else setError(res.message)
    })
    return () => { alive = false }
  }, [me, shown])

  if (!shown) return null
  if (error && !notices.length) return <Text className='muted status-notices__error'>健康码变更暂时无法查询：{error}</Text>
  if (!notices.length) return null
  const go = (changeId: string) => Taro.navigateTo({ url: appealLink(changeId) })
  const subscribe = () => {
    setSubscribeNote(null)
    askSubscription(templateIds, {
      granted: '已开启：健康码状态下次变更时将通过微信通知您。微信规定每次允许只能收到一条，收到后请再次开启。',
      declined: '您未允许微信通知，需要时可再次开启',
      failed: '未能开启微信通知，请稍后重试'
    }).then(setSubscribeNote)
  }

  return (
    <View className='status-notices'>
      <Text className='section-title status-notices__title'>{STATUS_NOTICE_TITLE}</Text>
      {CAN_SUBSCRIBE && templateIds.length ? (
        <Button className='btn btn--ghost status-notices__subscribe' onClick={subscribe}>状态变更时微信通知我</Button>
      ) : null}
      {subscribeNote ? <Text className={`${subscribeNote.ok ? 'banner-ok' : 'banner-error'} status-notices__subscribed`}>{subscribeNote.text}</Text> : null}
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
