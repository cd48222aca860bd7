/**
 * 场所审核 on the admin's own pages (场所管理, 场所码): the review status as a tag and what it
 * means, so an admin whose 辅助登记 shows no colour knows why and that scanning is unaffected.
 */
import { View, Text } from '@tarojs/components'
import type { VenueReviewStatus } from '../shared/api'
import { VENUE_REVIEW_LABELS } from '../shared/api'
import { VENUE_REVIEW_EXPLAIN } from '../services/venue-manage'
import './VenueReview.css'

export default function VenueReview({ status }: { status: VenueReviewStatus }) {
  return (
    <View className={`venue-review venue-review--${status}`} data-review={status}>
      <Text className='venue-review__tag'>{VENUE_REVIEW_LABELS[status]}</Text>
      <Text className='venue-review__text'>{VENUE_REVIEW_EXPLAIN[status]}</Text>
    </View>
  )
}
