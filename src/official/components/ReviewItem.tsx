/**
 * One venue waiting for 场所审核: what the official checks it against (the full credit code, the
 * address, the admin), a required 审核意见, and 通过 / 不通过. 不通过 asks first: the venue's
 * 辅助登记 keeps showing no colour.
 */
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import type { VenueReviewView } from '../../shared/api'
import { formatShanghai } from '../../shared/time'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import { reviewReasonError } from '../../services/official-reviews'
import ReasonField from './ReasonField'

interface Props {
  venue: VenueReviewView
  onDecided: (venue: VenueReviewView) => void
}

export default function ReviewItem({ venue, onDecided }: Props) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const [refusal, setRefusal] = useState('')
  const [busy, setBusy] = useState(false)

  const decide = async (approve: boolean) => {
    if (busy) return
    setRefusal('')
    const wrong = reviewReasonError(reason)
    if (wrong) { setError(wrong); return }
    if (!approve && !await confirmDanger('审核不通过', `“${venue.name}”审核不通过？该场所的辅助登记将继续不显示健康码状态。`, '不通过')) return
    setBusy(true)
    const res = await callAction('official', 'reviewVenue', { venueId: venue.venueId, approve, reason: reason.trim() })
    setBusy(false)
    if (!res.ok) {
      if (res.fields?.reason) setError(res.fields.reason)
      else setRefusal(res.message)
      return
    }
    onDecided(res.data.venue)
  }

  const rows: Array<[string, string, string]> = [
    ['type', '场所类型', venue.typeLabel],
    ['credit', '信用代码', venue.creditCode],
    ['address', '场所地址', venue.fullAddress],
    ['admin', '管理员', venue.adminNameMasked],
    ['created', '申领时间', formatShanghai(venue.createdAt, 'YYYY-MM-DD HH:mm')]
  ]
  return (
    <View className='card review-item' data-venue-id={venue.venueId}>
      <Text className='review-item__name'>{venue.name}</Text>
      {rows.map(([key, label, value]) => (
        <View key={key} className={`official-row review-item__row--${key}`}>
          <Text className='official-row__label'>{label}</Text>
          <Text className='official-row__value'>{value}</Text>
        </View>
      ))}
      <ReasonField
        label='审核意见（必填）' placeholder='例如：信用代码与营业执照一致' inputClass='review-item__reason'
        value={reason} error={error} onChange={(v) => { setReason(v); setError('') }}
      />
      {refusal ? <Text className='banner-error review-item__refusal'>{refusal}</Text> : null}
      <View className='review-item__actions'>
        <Button className='btn btn--primary review-item__approve' disabled={busy || undefined} onClick={() => decide(true)}>通过</Button>
        <Button className='btn btn--ghost review-item__reject' disabled={busy || undefined} onClick={() => decide(false)}>不通过</Button>
      </View>
    </View>
  )
}
