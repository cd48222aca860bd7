/**
 * 场所审核: the region's newly applied venues for the official to check (full credit code,
 * address, the admin masked) and approve or reject with a reason; until approved, a venue's
 * 辅助登记 shows no health status (scanning is never held up). Below, the decided ones, and the
 * region's entries whose person said 不是我本人 (someone else registered them), newest first.
 * Data: official.venueReviews, official.reviewVenue, official.disputes.
 */
import { View, Text } from '@tarojs/components'
import { callAction } from '../../services/actions'
import { readElderMode } from '../../services/elder-mode'
import { useLoaded } from '../../services/use-loaded'
import { decisionLine, disputeLines, replaceReview, splitReviews } from '../../services/official-reviews'
import { NotLoaded } from '../../components/LoadError'
import ReviewItem from '../components/ReviewItem'
import '../components/official.css'
import './index.css'

async function loadReviews() {
  const [reviews, disputes] = await Promise.all([callAction('official', 'venueReviews', {}), callAction('official', 'disputes', {})])
  if (!reviews.ok) return reviews
  if (!disputes.ok) return disputes
  return { ok: true as const, data: { venues: reviews.data.venues, disputes: disputes.data.entries } }
}

export default function OfficialVenues() {
  const { loaded, load, setData } = useLoaded(loadReviews)
  const elder = readElderMode()

  const root = `page official-venues${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>
  const { pending, decided } = splitReviews(loaded.data.venues)
  const { disputes } = loaded.data

  return (
    <View className={root}>
      <View className='card official-venues__intro'>
        <Text className='section-title'>场所审核</Text>
        <Text className='official-explain'>核对场所名称、统一社会信用代码和地址。审核通过前，该场所的辅助登记不显示健康码状态；扫码登记不受影响。</Text>
      </View>

      <Text className='section-title official-venues__group'>待审核（{pending.length}）</Text>
      {pending.length === 0 ? <View className='card'><Text className='muted official-venues__none'>辖区内暂无待审核的场所</Text></View> : null}
      {pending.map((v) => (
        <ReviewItem key={v.venueId} venue={v} onDecided={(updated) => setData((d) => ({ ...d, venues: replaceReview(d.venues, updated) }))} />
      ))}

      {decided.length > 0 ? <Text className='section-title official-venues__group'>已审核</Text> : null}
      {decided.map((v) => (
        <View key={v.venueId} className={`card official-venues__decided official-venues__decided--${v.reviewStatus}`} data-venue-id={v.venueId}>
          <View className='official-venues__decided-top'>
            <Text className='official-venues__decided-name'>{v.name}</Text>
            <Text className={`official-tag official-tag--${v.reviewStatus === 'approved' ? 'done' : 'open'}`}>{decisionLine(v)}</Text>
          </View>
          <Text className='muted official-venues__decided-address'>{v.fullAddress}</Text>
          {v.reviewReason ? <Text className='official-venues__decided-reason'>审核意见：{v.reviewReason}</Text> : null}
        </View>
      ))}

      <Text className='section-title official-venues__group'>“不是我本人”的登记（{disputes.length}）</Text>
      {disputes.length === 0 ? <View className='card'><Text className='muted official-venues__none'>暂无人员标记“不是我本人”</Text></View> : null}
      {disputes.map((d) => {
        const lines = disputeLines(d)
        return (
          <View key={d.entryId} className='card official-dispute' data-entry={d.entryId}>
            <Text className='official-dispute__who'>{lines.who}</Text>
            <Text className='official-dispute__place'>{lines.place}</Text>
            <Text className='official-dispute__made-by'>{lines.madeBy}</Text>
            <Text className='muted official-dispute__at'>{lines.at}</Text>
            <Text className='muted official-dispute__at'>{lines.disputedAt}</Text>
          </View>
        )
      })}
    </View>
  )
}
