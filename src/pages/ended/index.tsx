/**
 * 本系统已停用 (issue 20): the deletion receipt, shown to anyone who opens the mini-program after
 * the end: what was destroyed, when, the counts and the last audit head. The receipt comes from
 * the answer that brought the person here (kept by ended-watch) or, opened directly, from asking.
 */
import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { DeletionReceipt } from '../../shared/api'
import { callFunction } from '../../services/cloud'
import { keptReceipt } from '../../services/ended-watch'
import { readElderMode } from '../../services/elder-mode'
import { receiptView } from '../../services/receipt-view'
import './index.css'

export default function Ended() {
  const elder = readElderMode()
  const [receipt, setReceipt] = useState<DeletionReceipt | null>(() => keptReceipt())
  const [running, setRunning] = useState(false)
  useEffect(() => {
    // Every function answers SYSTEM_ENDED with the receipt: ask the cheapest, to show the current one.
    void callFunction('whoAmI', {}).then((res) => {
      if (!res.ok && res.code === 'SYSTEM_ENDED' && res.receipt) setReceipt(res.receipt)
      else if (res.ok || (res.code !== 'SYSTEM_ENDED' && !res.unreachable)) setRunning(true)
    })
  }, [])
  if (!receipt) {
    return (
      <View className={`page ended${elder ? ' elder' : ''}`}>
        <View className='card ended__card'>
          <Text className='ended__summary'>{running ? '本系统仍在运行，没有销毁回执。' : '正在读取销毁回执…'}</Text>
        </View>
      </View>
    )
  }
  const view = receiptView(receipt)
  return (
    <View className={`page ended${elder ? ' elder' : ''}`}>
      <View className='card ended__card'>
        <Text className='ended__title'>{view.title}</Text>
        <Text className='ended__summary'>{view.summary}</Text>
        <Text className='ended__heading'>已销毁</Text>
        {view.counts.map((c) => (
          <View key={c.key} className='ended__row' data-count={c.key}>
            <Text>{c.label}</Text>
            <Text className='ended__count'>{c.count}</Text>
          </View>
        ))}
        <Text className='ended__heading'>密钥</Text>
        <Text className='ended__text'>{view.keys}</Text>
        <Text className='ended__heading'>最后的审计链头</Text>
        <Text className='ended__head'>{view.auditHead}</Text>
        <Text className='muted ended__note'>{view.note}</Text>
      </View>
    </View>
  )
}
