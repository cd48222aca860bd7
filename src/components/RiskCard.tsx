/**
 * 风险提示 on the home page: one row per venue (the family's entries there merged, with whose,
 * when and how many), the advice once, and 我已知晓 per venue, which records the acknowledgement
 * on the server so the row does not come back. Nothing when there is none. Loads entries.risks
 * whenever the page hands it a new `me` (sign-in, every return). Kept compact: the page puts it
 * under 扫一扫, which must stay on the first screen.
 */
import { View, Text, Button } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Me, RiskVenueView } from '../shared/api'
import { callAction } from '../services/actions'
import { RISK_ACK, RISK_ADVICE, RISK_TITLE, riskVenueText } from '../services/risk-notice'
import './RiskCard.css'

export default function RiskCard({ me }: { me: Me }) {
  const [venues, setVenues] = useState<RiskVenueView[]>([])
  const [error, setError] = useState('')
  const [busy, setBusy] = useState<string | null>(null)

  useEffect(() => {
    let alive = true
    callAction('entries', 'risks', {}).then((res) => {
      if (!alive) return
      if (res.ok) { setVenues(res.data.venues); setError('') } else setError(res.message)
    })
    return () => { alive = false }
  }, [me])

  const acknowledge = async (venueId: string) => {
    if (busy) return
    setBusy(venueId)
    const res = await callAction('entries', 'acknowledgeRisk', { venueId })
    setBusy(null)
    if (res.ok) { setVenues(res.data.venues); setError('') } else setError(res.message)
  }

  // A notice that cannot be fetched is not silently absent: say so, quietly.
  if (error && !venues.length) return <Text className='muted risk-card__error'>风险提示暂时无法查询：{error}</Text>
  if (!venues.length) return null
  return (
    <View className='risk-card' role='alert'>
      <View className='risk-card__head'>
        <Text className='risk-card__icon'>!</Text>
        <Text className='risk-card__title'>{RISK_TITLE}</Text>
      </View>
      {venues.map((v) => (
        <View key={v.venueId} className='risk-card__venue' data-venue-id={v.venueId}>
          <Text className='risk-card__notice'>{riskVenueText(v)}</Text>
          <Button className='btn btn--white risk-card__ack' loading={busy === v.venueId} onClick={() => acknowledge(v.venueId)}>{RISK_ACK}</Button>
        </View>
      ))}
      <Text className='risk-card__advice'>{RISK_ADVICE}</Text>
      {error ? <Text className='banner-error risk-card__ack-error'>{error}</Text> : null}
    </View>
  )
}
