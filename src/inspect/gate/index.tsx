/**
 * 场所检测 (?venueId=&checkpointId=): the inspector's screen at the door. The entries of the last
 * 12 hours at the venue or one checkpoint, refreshed every 5 s while shown, abnormal ones first
 * and banded red or yellow; 体温检测 per entry; 辅助登记 for someone without a phone; 解除绑定.
 * Data: inspector.venues (name, checkpoints, role), inspector.feed, inspector.temperature,
 * inspector.leave.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import { callAction } from '../../services/actions'
import { readElderMode } from '../../services/elder-mode'
import { getPageParams } from '../../services/page-params'
import { useGateFeed } from '../../services/use-gate-feed'
import { useLoaded } from '../../services/use-loaded'
import LoadError, { NotLoaded } from '../../components/LoadError'
import EntryCard from './EntryCard'
import './index.css'

export default function Gate() {
  const [params] = useState(getPageParams)
  const { loaded, load } = useLoaded(() => callAction('inspector', 'venues', {}))
  const [checkpointId, setCheckpointId] = useState(params.checkpointId ?? '')
  const [banner, setBanner] = useState('')
  const elder = readElderMode()

  const venues = loaded.kind === 'ok' ? loaded.data.venues : []
  // Opened from the home card with a venue; without one (a bookmark), the first venue.
  const venue = params.venueId ? venues.find((v) => v.venueId === params.venueId) : venues[0]
  // A checkpoint named in the link but removed since: all checkpoints instead.
  const checkpoint = venue?.checkpoints.find((c) => c.id === checkpointId)
  const feed = useGateFeed(venue?.venueId ?? '', checkpoint?.id ?? '')

  const root = `page gate${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>

  if (!venue) {
    return (
      <View className={root}>
        <View className='card gate__none'>
          <Text className='section-title'>{venues.length ? '您不是该场所的检测员' : '尚未绑定场所'}</Text>
          <Text className='gate__none-text'>请向场所管理员索取6位场所申报码，绑定后即可查看该场所的入场登记。</Text>
        </View>
        <Button className='btn btn--primary' onClick={() => Taro.redirectTo({ url: '/inspect/bind/index' })}>绑定场所</Button>
      </View>
    )
  }

  const assist = () => {
    const query = `venueId=${encodeURIComponent(venue.venueId)}${checkpoint ? `&checkpointId=${encodeURIComponent(checkpoint.id)}` : ''}`
    Taro.navigateTo({ url: `/pages/assist/index?${query}` })
  }

  const leave = async () => {
    setBanner('')
    const answer = await Taro.showModal({
      title: '解除绑定',
      content: `解除与“${venue.name}”的绑定？解除后不能再查看该场所的入场登记，如需恢复请重新输入场所申报码。`,
      confirmText: '解除绑定',
      confirmColor: '#d4380d'
    })
    if (!answer.confirm) return
    const res = await callAction('inspector', 'leave', { venueId: venue.venueId })
    if (!res.ok) { setBanner(res.message); return }
    Taro.reLaunch({ url: '/pages/index/index' })
  }

  const entries = feed.entries
  const abnormal = entries ? entries.filter((e) => e.abnormal).length : 0
  // Shown without a colour (身份未核验, 场所未经审核): their health code is checked by hand.
  const hidden = entries ? entries.filter((e) => !e.healthStatus).length : 0
  return (
    <View className={root}>
      {banner ? <Text className='banner-error gate__banner'>{banner}</Text> : null}

      <View className='card gate__head'>
        <View className='gate__title-line'>
          <Text className='gate__venue'>{venue.name}</Text>
          <Text className='gate__role'>{venue.role === 'admin' ? '管理员' : '检测员'}</Text>
        </View>
        <Text className='muted gate__address'>{venue.fullAddress}</Text>
        <View className='gate__checkpoints'>
          {[{ id: '', name: '全部检测点' }, ...venue.checkpoints].map((c) => (
            <Text
              key={c.id || 'all'}
              className={`gate__checkpoint${(checkpoint?.id ?? '') === c.id ? ' gate__checkpoint--on' : ''}`}
              data-checkpoint={c.id || 'all'}
              onClick={() => setCheckpointId(c.id)}
            >{c.name}</Text>
          ))}
        </View>
      </View>

      <Button className='btn btn--ghost gate__assist' onClick={assist}>辅助登记</Button>

      <View className='gate__scope-line'>
        <Text className='gate__scope'>近{feed.hours}小时 · 每5秒自动刷新</Text>
        {feed.stale ? <Text className='gate__stale'>刷新失败，正在重试</Text> : null}
      </View>
      {entries && entries.length > 0 ? (
        <Text className='gate__summary'>
          共 <Text className='gate__count'>{entries.length}</Text> 人次
          {abnormal > 0 ? <Text className='gate__summary-alert'>，需关注 <Text className='gate__count gate__count--alert'>{abnormal}</Text> 人次</Text> : null}
          {hidden > 0 ? <Text className='gate__summary-hidden'>，未显示健康码 <Text className='gate__count'>{hidden}</Text> 人次</Text> : null}
        </Text>
      ) : null}

      {feed.fail ? <LoadError fail={feed.fail} onRetry={feed.retry} /> : null}
      {!feed.fail && !entries ? <Text className='muted page-loading'>正在加载…</Text> : null}
      {entries && entries.length === 0 ? <View className='card gate__empty'><Text className='gate__empty-text'>近{feed.hours}小时暂无登记</Text></View> : null}
      {(entries ?? []).map((e) => <EntryCard key={e.entryId} entry={e} onRecorded={feed.replace} />)}

      {venue.role === 'inspector' ? (
        <Button className='btn gate__leave' onClick={leave}>解除绑定</Button>
      ) : null}
    </View>
  )
}
