/**
 * 我的扫码记录: every entry the account made (its holder, its companions, and entries an
 * inspector made for them) over the last days the server keeps, newest first, one heading per
 * day. A withdrawn entry stays in its place, greyed and marked 已撤销 with the time; a recent
 * one can be withdrawn (扫错了？撤销) after a confirmation, and its line changes in place. A stay
 * still open can be ended (离场, confirmed first); an ended one shows 已离场 with the time. An entry
 * someone else made for the holder's verified person (辅助登记, another account's 同行) can be
 * marked 不是我本人 after a confirmation: the officials see it, and the line says so from then on.
 * Scans kept on this device (no answer when scanned) are listed on top, marked 待上传 with their
 * scan time, also when the list itself cannot load (offline); one that lands moves into the list.
 * Data: entries.list, entries.withdraw, entries.checkOut, entries.dispute; the device's scan queue.
 */
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import type { MyEntryView } from '../../shared/api'
import { formatShanghai } from '../../shared/time'
import { callAction } from '../../services/actions'
import { confirmDanger, confirmStep } from '../../services/confirm'
import {
  CHECK_OUT_WHY, checkedOutNote, checkOutQuestion, DISPUTED_NOTE, disputeQuestion, groupEntriesByDay, replaceEntry, withdrawnNote
} from '../../services/entries-view'
import { readElderMode } from '../../services/elder-mode'
import { useLoaded } from '../../services/use-loaded'
import { personLabel } from '../../services/person-label'
import { useKeptScans } from '../../services/use-kept-scans'
import { NotLoaded } from '../../components/LoadError'
import { PendingScans, ScanNotices } from './KeptScans'
import './index.css'

export default function Entries() {
  const { loaded, load, setData } = useLoaded(() => callAction('entries', 'list', {}))
  // A refused withdrawal or 离场 is explained under its own line, where the person tapped.
  const [lineError, setLineError] = useState<{ entryId: string; message: string } | null>(null)
  const [busy, setBusy] = useState<{ entryId: string; doing: 'withdraw' | 'checkOut' | 'dispute' } | null>(null)
  const elder = readElderMode()
  // A kept scan that lands is in the server's list now: load it again.
  const kept = useKeptScans(() => { load() })

  const root = `page entries${elder ? ' elder' : ''}`
  const keptScans = (
    <>
      <ScanNotices notices={kept.notices} onDismiss={kept.dismiss} />
      <PendingScans pending={kept.pending} now={Date.now()} />
    </>
  )
  if (loaded.kind !== 'ok') return <View className={root}>{keptScans}<NotLoaded loaded={loaded} onRetry={load} /></View>
  const { entries, days: keptDays } = loaded.data

  const withdraw = async (e: MyEntryView) => {
    if (busy) return
    setLineError(null)
    const answer = await Taro.showModal({
      title: '撤销扫码记录',
      content: `撤销 ${e.nameMasked} 在“${e.venueName}”${formatShanghai(e.checkedInAt, 'HH:mm')}的入场登记？撤销后无法恢复。`,
      confirmText: '撤销',
      confirmColor: '#d4380d'
    })
    if (!answer.confirm) return
    setBusy({ entryId: e.entryId, doing: 'withdraw' })
    const res = await callAction('entries', 'withdraw', { entryId: e.entryId })
    setBusy(null)
    if (!res.ok) {
      setLineError({ entryId: e.entryId, message: res.message })
      // Past the 24 hours since the list loaded: the link goes, the reason stays.
      if (res.code === 'WITHDRAW_TOO_LATE') setData((data) => ({ ...data, entries: replaceEntry(data.entries, { ...e, withdrawable: false }) }))
      return
    }
    // Another change since the list loaded is kept: only this line is replaced.
    setData((data) => ({ ...data, entries: replaceEntry(data.entries, res.data.entry) }))
  }

  const checkOut = async (e: MyEntryView) => {
    if (busy) return
    setLineError(null)
    const question = checkOutQuestion(e.venueName)
    if (!await confirmStep(question.title, question.content, '离场')) return
    setBusy({ entryId: e.entryId, doing: 'checkOut' })
    const res = await callAction('entries', 'checkOut', { entryIds: [e.entryId] })
    setBusy(null)
    if (!res.ok) {
      setLineError({ entryId: e.entryId, message: res.message })
      // Withdrawn or ended elsewhere since the list loaded: the link goes, the reason stays.
      if (res.code === 'CHECK_OUT_CLOSED') setData((data) => ({ ...data, entries: replaceEntry(data.entries, { ...e, checkOutable: false }) }))
      return
    }
    const updated = res.data.entries.find((x) => x.entryId === e.entryId)
    if (updated) setData((data) => ({ ...data, entries: replaceEntry(data.entries, updated) }))
  }

  const dispute = async (e: MyEntryView) => {
    if (busy) return
    setLineError(null)
    const question = disputeQuestion(e)
    if (!await confirmDanger(question.title, question.content, '不是本人')) return
    setBusy({ entryId: e.entryId, doing: 'dispute' })
    const res = await callAction('entries', 'dispute', { entryId: e.entryId })
    setBusy(null)
    if (!res.ok) { setLineError({ entryId: e.entryId, message: res.message }); return }
    setData((data) => ({ ...data, entries: replaceEntry(data.entries, res.data.entry) }))
  }

  const days = groupEntriesByDay(entries)
  return (
    <View className={root}>
      <Text className='muted entries__scope'>近{keptDays}天的入场登记，按时间从新到旧排列。24小时内扫错的记录可以撤销。</Text>
      {entries.some((e) => e.checkOutable) ? <Text className='muted entries__why'>{CHECK_OUT_WHY}</Text> : null}
      {keptScans}
      {days.length === 0 && !kept.pending.length ? <View className='card'><Text className='muted'>近{keptDays}天没有扫码记录</Text></View> : null}
      {days.map((d) => (
        <View key={d.day} className='entries__day' data-day={d.day}>
          <Text className='entries__day-label'>{d.label}</Text>
          <View className='card entries__card'>
            {d.entries.map((e) => {
              const note = withdrawnNote(e)
              const out = note ? null : checkedOutNote(e)
              const mine = busy?.entryId === e.entryId ? busy.doing : null
              const canLeave = e.checkOutable && !note && !out
              // Made by someone else for the holder: 扫错了 is not theirs to say; 不是我本人 is.
              const canWithdraw = e.withdrawable && !note && !e.disputable && !e.disputedAt
              const canDispute = e.disputable && !e.disputedAt
              return (
                <View key={e.entryId} className={`entry${note ? ' entry--withdrawn' : ''}${e.disputedAt ? ' entry--disputed' : ''}`} data-entry={e.entryId}>
                  <View className='entry__top'>
                    <Text className='entry__venue'>{e.venueName}</Text>
                    <Text className='entry__time'>{formatShanghai(e.checkedInAt, 'HH:mm')}</Text>
                  </View>
                  <Text className='entry__address'>{e.fullAddress}</Text>
                  <Text className='entry__meta'>{e.checkpointName} · {personLabel(e.nameMasked, e.who, e.idLast4)}</Text>
                  {note ? <Text className='entry__withdrawn'>{note}</Text> : null}
                  {out ? <Text className='entry__checked-out'>{out}</Text> : null}
                  {e.disputedAt ? <Text className='entry__disputed'>{DISPUTED_NOTE}</Text> : null}
                  {canLeave || canWithdraw || canDispute ? (
                    <View className='entry__actions'>
                      {canLeave ? (
                        <Text className='entry__check-out' onClick={() => checkOut(e)}>{mine === 'checkOut' ? '正在离场…' : '离场'}</Text>
                      ) : null}
                      {canWithdraw ? (
                        <Text className='entry__withdraw' onClick={() => withdraw(e)}>{mine === 'withdraw' ? '正在撤销…' : '扫错了？撤销'}</Text>
                      ) : null}
                      {canDispute ? (
                        <Text className='entry__dispute' onClick={() => dispute(e)}>{mine === 'dispute' ? '正在标记…' : '不是我本人'}</Text>
                      ) : null}
                    </View>
                  ) : null}
                  {lineError?.entryId === e.entryId ? <Text className='entry__error'>{lineError.message}</Text> : null}
                </View>
              )
            })}
          </View>
        </View>
      ))}
    </View>
  )
}
