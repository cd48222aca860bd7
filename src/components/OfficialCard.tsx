/**
 * 防控工作台 on the home page, for an account appointed as a health official: the region and
 * office it acts for and how many of the region's alerts wait for handling; the card opens the
 * console. Loads official.scope whenever the page hands it a new `me` (sign-in, and every return
 * to the page). Nothing for an account that is not an official.
 */
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Me, OfficialScope } from '../shared/api'
import { callAction } from '../services/actions'
import { officialLinks, scopeLine } from '../services/official-view'
import './OfficialCard.css'

export default function OfficialCard({ me }: { me: Me }) {
  const official = me.roles.includes('official')
  const [data, setData] = useState<{ scope: OfficialScope; openAlerts: number } | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    if (!official) return
    let alive = true
    callAction('official', 'scope', {}).then((res) => {
      if (!alive) return
      if (res.ok) { setData(res.data); setError('') } else setError(res.message)
    })
    return () => { alive = false }
  }, [me, official])

  if (!official) return null
  const open = data?.openAlerts ?? 0
  return (
    <View className='card official-card' onClick={() => Taro.navigateTo({ url: officialLinks.home })}>
      <View className='official-card__head'>
        <Text className='section-title official-card__title'>防控工作台</Text>
        <Text className='official-card__go'>进入 ›</Text>
      </View>
      {error ? <Text className='banner-error official-card__error'>{error}</Text> : null}
      {data ? <Text className='official-card__scope'>{scopeLine(data.scope)}</Text> : null}
      {data ? (
        <View className={`official-card__open${open > 0 ? ' official-card__open--waiting' : ''}`}>
          <Text className='official-card__open-label'>待处置提醒</Text>
          <Text className='official-card__open-count'>{open}</Text>
        </View>
      ) : null}
    </View>
  )
}
