/**
 * 防控工作台 on the home page, for an account appointed as a health official: the region and
 * office it acts for, how many of the region's alerts wait for handling, and — each its own link —
 * how many other officials' proposals wait for this one's 复核 (待复核), and 申诉处理; the card opens
 * the console. Loads official.scope and official.proposals (pending) whenever the page hands it a
 * new `me` (sign-in, and every return to the page). The 申诉 link has no count: listing appeals is a
 * look at each appellant's data (view_appeal in their access log), which opening 首页 is not.
 * Nothing for an account that is not an official. A count that cannot be loaded leaves its link
 * without a number rather than hiding the link.
 */
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Me, OfficialScope } from '../shared/api'
import { callAction } from '../services/actions'
import { officialLinks, scopeLine } from '../services/official-view'
import { waitingCount } from '../services/proposals-view'
import './OfficialCard.css'

interface Counts { proposals: number | null }

export default function OfficialCard({ me }: { me: Me }) {
  const official = me.roles.includes('official')
  const [data, setData] = useState<{ scope: OfficialScope; openAlerts: number } | null>(null)
  const [counts, setCounts] = useState<Counts>({ proposals: null })
  const [error, setError] = useState('')

  useEffect(() => {
    if (!official) return
    let alive = true
    Promise.all([
      callAction('official', 'scope', {}),
      callAction('official', 'proposals', { state: 'pending' })
    ]).then(([scope, proposals]) => {
      if (!alive) return
      if (scope.ok) { setData(scope.data); setError('') } else setError(scope.message)
      setCounts({ proposals: proposals.ok ? waitingCount(proposals.data.proposals) : null })
    })
    return () => { alive = false }
  }, [me, official])

  if (!official) return null
  const open = data?.openAlerts ?? 0
  const go = (url: string) => Taro.navigateTo({ url })
  const link = (key: 'proposals' | 'appeals', label: string) => {
    const n = key === 'proposals' ? counts.proposals : null
    return (
      <View
        className={`official-card__link official-card__link--${key}${n ? ' official-card__link--waiting' : ''}`}
        onClick={(e) => { e.stopPropagation(); go(officialLinks[key]) }}
      >
        <Text className='official-card__link-label'>{label}</Text>
        <Text className='official-card__link-count'>{n === null ? '›' : `${n} ›`}</Text>
      </View>
    )
  }
  return (
    <View className='card official-card' onClick={() => go(officialLinks.home)}>
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
      {link('proposals', '待我复核')}
      {link('appeals', '申诉处理')}
    </View>
  )
}
