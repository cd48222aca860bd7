/**
 * 场所管理: one venue's hub for its admin (seed 004, 粤康码 我的场所): 场所信息 with 修改 and its
 * 场所审核 status, the 场所申报码 inspectors bind with, 检测统计, 检测点管理 (each checkpoint its
 * own 场所码), 成员管理 and the recorded changes. Data: venue.get (?venueId=); every change answers the whole
 * VenueDetail again, which simply replaces what is shown (services/use-venue-detail.ts).
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useRef } from 'react'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import { getPageParams } from '../../services/page-params'
import { readElderMode } from '../../services/elder-mode'
import { useVenueDetail } from '../../services/use-venue-detail'
import { changeLine, venueLinks } from '../../services/venue-manage'
import { NotLoaded } from '../../components/LoadError'
import VenueReview from '../../components/VenueReview'
import PlaceNote from '../components/PlaceNote'
import CheckpointsCard from '../components/CheckpointsCard'
import MembersCard from '../components/MembersCard'
import './index.css'

export default function ManageVenue() {
  const venueId = useRef(getPageParams().venueId ?? '').current
  const { loaded, load, note, setNote, change } = useVenueDetail(venueId)
  const elder = readElderMode()

  const root = `page manage-venue${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>

  const { venue, checkpoints, inspectors, handover, changes } = loaded.data
  const go = (url: string) => Taro.navigateTo({ url })

  const copyCode = async () => {
    setNote(null)
    try {
      await Taro.setClipboardData({ data: venue.declarationCode })
      // WeChat and the browser add their own 内容已复制 toast over our note: one message is enough.
      try { Taro.hideToast() } catch { /* nothing to hide on this platform */ }
      setNote({ at: 'declaration', text: '已复制场所申报码', ok: true })
    } catch {
      setNote({ at: 'declaration', text: '复制失败，请手动记下场所申报码', ok: false })
    }
  }

  const regenerateCode = async () => {
    if (!await confirmDanger('重新生成场所申报码', '旧申报码将立即失效，已绑定的检测员不受影响。', '重新生成')) return
    await change('declaration', () => callAction('venue', 'regenerateDeclarationCode', { venueId }), '已生成新的场所申报码，旧申报码已失效')
  }

  const info: Array<[string, string, string]> = [
    ['type', '场所类型', venue.typeLabel],
    ['address', '场所地址', venue.fullAddress],
    ['credit', '统一社会信用代码', venue.creditCodeMasked],
    ['admin', '管理员', `${venue.adminNameMasked} ${venue.adminMobileMasked}`]
  ]

  return (
    <View className={root}>
      <View className='card manage-venue__info'>
        <View className='manage-venue__head'>
          <Text className='section-title manage-venue__title'>场所信息</Text>
          <Button className='btn btn--ghost manage-venue__edit' onClick={() => go(venueLinks.edit(venueId))}>修改</Button>
        </View>
        <Text className='manage-venue__name'>{venue.name}</Text>
        {info.map(([key, label, value]) => (
          <View key={key} className={`manage-venue__row manage-venue__row--${key}`}>
            <Text className='manage-venue__label'>{label}</Text>
            <Text className='manage-venue__value'>{value}</Text>
          </View>
        ))}
        <VenueReview status={venue.reviewStatus} />
      </View>

      <View className='card manage-venue__declaration'>
        <Text className='section-title'>场所申报码</Text>
        <Text className='manage-venue__declaration-code'>{venue.declarationCode}</Text>
        <Text className='manage-venue__explain'>请召集检测员在“绑定场所”中填入场所申报码进行绑定。请勿张贴。</Text>
        <PlaceNote note={note} at='declaration' />
        <View className='manage-venue__actions'>
          <Button className='btn btn--primary manage-venue__copy' onClick={copyCode}>复制</Button>
          <Button className='btn btn--ghost manage-venue__regenerate' onClick={regenerateCode}>重新生成</Button>
        </View>
      </View>

      <View className='card manage-venue__manage'>
        <Text className='section-title'>场所管理</Text>
        <View className='manage-venue__link manage-venue__stats' onClick={() => go(venueLinks.stats(venueId))}>
          <Text className='manage-venue__link-label'>检测统计</Text>
          <Text className='manage-venue__link-value'>客流与体温检测 ›</Text>
        </View>
      </View>

      <CheckpointsCard venueId={venueId} checkpoints={checkpoints} note={note} clearNote={() => setNote(null)} change={change} />
      <MembersCard venueId={venueId} inspectors={inspectors} handover={handover} note={note} change={change} />

      {changes.length > 0 ? (
        <View className='card manage-venue__changes'>
          <Text className='section-title'>变更记录</Text>
          {changes.map((c, index) => {
            const line = changeLine(c)
            return (
              <View key={`${c.changedAt}-${index}`} className='manage-venue__change'>
                <Text className='manage-venue__change-label'>{line.label}</Text>
                <Text className='manage-venue__change-values'>{line.from} → {line.to}</Text>
                <Text className='manage-venue__sub'>{line.by}</Text>
              </View>
            )
          })}
        </View>
      ) : null}
    </View>
  )
}
