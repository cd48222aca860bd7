/**
 * Above 我的扫码记录 (and on 首页 for the notices): scans kept on this device, each marked 待上传
 * with its scan time, and the kept scans that will never be logged (a forged code refused on
 * upload, 24 hours past), until the person taps 知道了.
 */
import { View, Text } from '@tarojs/components'
import { noticeText, PENDING_LABEL, pendingLine } from '../../services/checkin-offline'
import type { QueuedScan, ScanNotice } from '../../services/scan-queue'
import './KeptScans.css'

export function ScanNotices({ notices, onDismiss }: { notices: ScanNotice[]; onDismiss: () => void }) {
  if (!notices.length) return null
  return (
    <View className='scan-notices' role='alert'>
      <Text className='scan-notices__title'>有扫码未能补登</Text>
      {notices.map((n) => <Text key={n.scanId} className='scan-notices__line'>{noticeText(n)}</Text>)}
      <Text className='scan-notices__dismiss' onClick={onDismiss}>知道了</Text>
    </View>
  )
}

export function PendingScans({ pending, now }: { pending: QueuedScan[]; now: number }) {
  if (!pending.length) return null
  return (
    <View className='entries__day entries__pending'>
      <Text className='entries__day-label'>未上传 · 网络恢复后自动登记</Text>
      <View className='card entries__card'>
        {pending.map((scan) => {
          const line = pendingLine(scan, now)
          return (
            <View key={scan.scanId} className='entry entry--pending' data-scan={scan.scanId}>
              <View className='entry__top'>
                <Text className='entry__venue'>场所码扫码</Text>
                <Text className='entry__time'>{line.time}</Text>
              </View>
              <Text className='entry__meta'>{line.who}</Text>
              <Text className='entry__pending'>{PENDING_LABEL}</Text>
            </View>
          )
        })}
      </View>
    </View>
  )
}
