/**
 * 风险提示 at the top of the home page: one line per notice (the holder's or a companion's entry
 * overlapped a confirmed case's stay), newest first, with what to do. Nothing when there is
 * none. Loads entries.risks whenever the page hands it a new `me` (sign-in, every return).
 */
import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Me, RiskNoticeView } from '../shared/api'
import { callAction } from '../services/actions'
import { RISK_TITLE, riskNoticeText } from '../services/risk-notice'
import './RiskCard.css'

export default function RiskCard({ me }: { me: Me }) {
  const [notices, setNotices] = useState<RiskNoticeView[]>([])
  const [error, setError] = useState('')

  useEffect(() => {
    let alive = true
    callAction('entries', 'risks', {}).then((res) => {
      if (!alive) return
      if (res.ok) { setNotices(res.data.notices); setError('') } else setError(res.message)
    })
    return () => { alive = false }
  }, [me])

  // A notice that cannot be fetched is not silently absent: say so, quietly.
  if (error) return <Text className='muted risk-card__error'>风险提示暂时无法查询：{error}</Text>
  if (!notices.length) return null
  return (
    <View className='risk-card' role='alert'>
      <View className='risk-card__head'>
        <Text className='risk-card__icon'>!</Text>
        <Text className='risk-card__title'>{RISK_TITLE}</Text>
      </View>
      {notices.map((n) => (
        <Text key={n.noticeId} className='risk-card__notice' data-notice={n.noticeId}>{riskNoticeText(n)}</Text>
      ))}
    </View>
  )
}
