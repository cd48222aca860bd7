/**
 * 成员管理 on the hub: the venue's inspectors, each with 解绑 and 移交管理员, and the pending
 * handover with 取消移交. A handover changes nothing until its recipient accepts, so while one
 * is pending no other can be offered.
 */
import { View, Text, Button } from '@tarojs/components'
import type { HandoverView, InspectorView, Result, VenueDetail } from '../../shared/api'
import { formatShanghai } from '../../shared/time'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import type { Note } from '../../services/use-venue-detail'
import PlaceNote from './PlaceNote'

interface Props {
  venueId: string
  inspectors: InspectorView[]
  handover: HandoverView | null
  note: Note | null
  change: (at: string, call: () => Promise<Result<VenueDetail>>, done: string) => Promise<boolean>
}

export default function MembersCard({ venueId, inspectors, handover, note, change }: Props) {
  const unbind = async (i: InspectorView) => {
    if (!await confirmDanger('解绑检测员', `确定解绑检测员 ${i.nameMasked}？解绑后对方不能再为本场所登记和检测，可凭场所申报码重新绑定。`, '解绑')) return
    await change('members', () => callAction('venue', 'removeInspector', { venueId, userId: i.userId }), `已解绑检测员 ${i.nameMasked}`)
  }

  const offer = async (i: InspectorView) => {
    const content = `确定将场所管理员移交给 ${i.nameMasked}？需对方确认接收并填写本人姓名和手机号后才生效，在此之前一切不变，您可随时取消。生效后您将成为本场所的检测员。`
    if (!await confirmDanger('移交管理员', content, '发起移交')) return
    // The pending handover appears at the top of the card, which says it all.
    await change('members', () => callAction('venue', 'handover', { venueId, toUserId: i.userId }), '')
  }

  const cancel = () => change('members', () => callAction('venue', 'cancelHandover', { venueId }), '已取消移交')

  return (
    <View className='card manage-venue__members'>
      <Text className='section-title'>成员管理</Text>
      {handover ? (
        <View className='manage-venue__handover'>
          <Text className='manage-venue__handover-text'>
            已向 {handover.toNameMasked} 发起管理员移交（{formatShanghai(handover.createdAt, 'MM-DD HH:mm')}），等待对方接收。对方接收前您仍是本场所的管理员。
          </Text>
          <Button className='btn btn--ghost manage-venue__handover-cancel' onClick={cancel}>取消移交</Button>
        </View>
      ) : null}
      <PlaceNote note={note} at='members' />
      {inspectors.length === 0 ? (
        <Text className='manage-venue__explain manage-venue__no-inspectors'>还没有检测员。请把场所申报码发给检测员绑定。</Text>
      ) : null}
      {inspectors.map((i) => (
        <View key={i.userId} className='manage-venue__inspector' data-user={i.userId}>
          <View className='manage-venue__line'>
            <Text className='manage-venue__inspector-name'>{i.nameMasked}</Text>
            {handover?.toUserId === i.userId ? <Text className='manage-venue__tag'>待接收移交</Text> : null}
          </View>
          <Text className='manage-venue__sub'>绑定于 {formatShanghai(i.boundAt, 'YYYY-MM-DD HH:mm')}</Text>
          <View className='manage-venue__actions'>
            <Button className='btn btn--ghost manage-venue__unbind' onClick={() => unbind(i)}>解绑</Button>
            {handover ? null : <Button className='btn btn--ghost manage-venue__handover-start' onClick={() => offer(i)}>移交管理员</Button>}
          </View>
        </View>
      ))}
    </View>
  )
}
