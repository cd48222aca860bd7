/**
 * 场所检测 on the home page, for any signed-in account: the venues where it works the gate (as
 * admin or inspector), each opening its gate screen; 绑定场所 for a new inspector; and a
 * highlighted line per venue offered to it (接收场所); for venue staff, 异常提醒 with the number
 * still waiting for them. Loads inspector.venues (then alert.list) whenever the page hands it a
 * new `me` (sign-in, and every return to the page).
 */
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { GateVenue, HandoverView, Me } from '../shared/api'
import { callAction } from '../services/actions'
import { alertCountLabel } from '../services/alerts-view'
import './GateCard.css'

/** hideAdminVenues: the home page lists the admin's own venues (with 检测) in 我的场所码 already. */
export default function GateCard({ me, hideAdminVenues = false }: { me: Me; hideAdminVenues?: boolean }) {
  const [data, setData] = useState<{ venues: GateVenue[]; handovers: HandoverView[] } | null>(null)
  const [error, setError] = useState('')
  // Alerts waiting for the caller's 我已知晓; null until known, a message when they cannot be.
  const [waiting, setWaiting] = useState<number | string | null>(null)

  useEffect(() => {
    let alive = true
    callAction('inspector', 'venues', {}).then(async (res) => {
      if (!alive) return
      if (!res.ok) { setError(res.message); return }
      setData(res.data)
      setError('')
      if (!res.data.venues.length) return
      const alerts = await callAction('alert', 'list', {})
      if (alive) setWaiting(alerts.ok ? alerts.data.unacknowledged : alerts.message)
    })
    return () => { alive = false }
  }, [me])

  const go = (url: string) => Taro.navigateTo({ url })
  const waitingText = waiting === null ? '' : typeof waiting === 'number' ? alertCountLabel(waiting) : '暂时无法查询'
  return (
    <View className='card gate-card'>
      <Text className='section-title'>场所检测</Text>
      {error ? <Text className='banner-error'>{error}</Text> : null}
      {(data?.handovers ?? []).map((h) => (
        <View key={h.venueId} className='gate-card__offer' data-venue-id={h.venueId} onClick={() => go(`/inspect/handover/index?venueId=${encodeURIComponent(h.venueId)}`)}>
          <Text className='gate-card__offer-text'>{h.fromNameMasked} 邀请您接管场所“{h.venueName}”</Text>
          <Text className='gate-card__offer-go'>查看 ›</Text>
        </View>
      ))}
      {(data?.venues ?? []).filter((v) => !hideAdminVenues || v.role !== 'admin').map((v) => (
        <View key={v.venueId} className='gate-card__venue' data-venue-id={v.venueId} onClick={() => go(`/inspect/gate/index?venueId=${encodeURIComponent(v.venueId)}`)}>
          <View className='gate-card__venue-text'>
            <Text className='gate-card__venue-name'>{v.name}</Text>
            <Text className='gate-card__role'>{v.role === 'admin' ? '管理员' : '检测员'}</Text>
          </View>
          <Text className='gate-card__go'>检测 ›</Text>
        </View>
      ))}
      {data?.venues.length ? (
        <View
          className={`gate-card__alerts${typeof waiting === 'number' && waiting > 0 ? ' gate-card__alerts--waiting' : ''}`}
          onClick={() => go('/inspect/alerts/index')}
        >
          <Text className='gate-card__alerts-label'>异常提醒</Text>
          <Text className='gate-card__alerts-count'>{waitingText} ›</Text>
        </View>
      ) : null}
      <View className='gate-card__bind' onClick={() => go('/inspect/bind/index')}>
        <Text className='gate-card__bind-label'>绑定场所（我是检测员）</Text>
        <Text className='gate-card__bind-go'>›</Text>
      </View>
    </View>
  )
}
