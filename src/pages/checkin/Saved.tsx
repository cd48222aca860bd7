/**
 * 已保存，网络恢复后自动登记: the check-in got no answer (or the server asked to wait), so the
 * scan is kept on this device and uploaded by itself. Not blue: this is not the door's "entered"
 * screen. The holder's colour is the last one the device saw, labelled with its age, so it is
 * never read as today's result.
 */
import { View, Text, Button } from '@tarojs/components'
import type { SavedView } from '../../services/checkin-offline'

export default function Saved({ view, onEntries, onHome }: { view: SavedView; onEntries: () => void; onHome: () => void }) {
  return (
    <View className='checkin-saved__body'>
      <View className='card checkin-saved__card' role='status'>
        {/* An arrow waiting to go up, not a tick: a tick reads as "entered" at a glance. */}
        <View className='checkin-saved__icon'><Text>↑</Text></View>
        <Text className='checkin-saved__title'>{view.title}</Text>
        <Text className='checkin-saved__reason'>{view.reason}，本次扫码已保存在手机上，无需重复扫码。</Text>
        <View className='checkin-saved__row'>
          <Text className='checkin-saved__label'>扫码时间</Text>
          <Text className='checkin-saved__time'>{view.scannedAt}</Text>
        </View>
        <Text className='checkin-saved__who'>{view.who}</Text>
      </View>
      {view.lastKnown ? (
        <View className='card checkin-saved__last'>
          <View className={`checkin-saved__dot checkin-saved__dot--${view.lastKnown.status}`} />
          <View className='checkin-saved__last-text'>
            <Text className='checkin-saved__last-label'>{view.lastKnown.label}</Text>
            <Text className='checkin-saved__last-note'>不是本次核验结果，请以工作人员查验为准</Text>
          </View>
        </View>
      ) : (
        <Text className='muted checkin-saved__no-last'>暂无本人健康码的查询记录，请按工作人员要求出示健康码</Text>
      )}
      <Button className='btn btn--primary checkin-saved__entries' onClick={onEntries}>查看我的扫码记录</Button>
      <Button className='btn btn--ghost checkin-saved__home' onClick={onHome}>返回首页</Button>
    </View>
  )
}
