/**
 * One entry on the gate screen, readable at arm's length: the masked name and the status chip
 * (a grey 身份未核验 / 场所未经审核 chip where no status may be shown, never a colour),
 * when, how and where; a red or yellow band when it needs a second look, and the red 请勿进入
 * advice (the same words the person's own screen shows) for a yellow or red code or a fever.
 * 体温检测 is one tap for 体温正常 or a typed value (checked here with the shared rules before
 * anything is sent).
 */
import { View, Text, Button, Input } from '@tarojs/components'
import { useState } from 'react'
import type { GateEntry } from '../../shared/api'
import { entryAdvice } from '../../shared/entry-advice'
import { formatShanghai } from '../../shared/time'
import { callAction } from '../../services/actions'
import { entryAlert, gateEntryOffer, handledText, METHOD_LABELS, readTemperature, REPORTED_NOTICE, temperatureText } from '../../services/gate-feed'
import HealthChip from '../../components/HealthChip'
import StopAdvice from '../../components/StopAdvice'
import FieldError from '../../components/FieldError'

interface Props {
  entry: GateEntry
  onRecorded: (entry: GateEntry) => void
}

export default function EntryCard({ entry, onRecorded }: Props) {
  const [typing, setTyping] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState('')

  const send = async (data: { normal: true } | { celsius: number }) => {
    setBusy(true)
    const res = await callAction('inspector', 'temperature', { entryId: entry.entryId, ...data })
    setBusy(false)
    if (!res.ok) { setError(res.fields?.celsius ?? res.message); return }
    setError('')
    setTyping(false)
    setText('')
    onRecorded(res.data.entry)
  }

  // 已处置 and 上报 acknowledge the entry's alerts for the venue; the region's officials had them from the start.
  const dispose = async (reported: boolean) => {
    setBusy(true)
    let failed = ''
    for (const alertId of entry.alertIds) {
      const res = await callAction('alert', 'acknowledge', { alertId })
      if (!res.ok) { failed = res.message; break }
    }
    setBusy(false)
    if (failed) { setError(failed); return }
    setError('')
    setNotice(reported ? REPORTED_NOTICE : '')
    onRecorded({ ...entry, handledAt: new Date().toISOString() })
  }

  const submitTyped = () => {
    const read = readTemperature(text)
    if ('error' in read) { setError(read.error); return }
    send({ celsius: read.celsius })
  }

  const alert = entryAlert(entry)
  const offer = gateEntryOffer(entry)
  const t = entry.temperature
  return (
    <View className={`gate-entry${alert ? ` gate-entry--${alert}` : ''}`} data-entry={entry.entryId}>
      <View className='gate-entry__top'>
        <Text className='gate-entry__name'>{entry.nameMasked}</Text>
        <HealthChip status={entry.healthStatus} hidden={entry.statusHidden} />
      </View>
      <View className='gate-entry__meta'>
        <Text className='gate-entry__time'>{formatShanghai(entry.checkedInAt, 'HH:mm:ss')}</Text>
        <Text className={`gate-entry__method gate-entry__method--${entry.method}`}>{METHOD_LABELS[entry.method]}</Text>
        <Text className='gate-entry__checkpoint'>{entry.checkpointName}</Text>
      </View>
      <StopAdvice advice={entryAdvice({ healthStatus: entry.healthStatus, celsius: t?.celsius })} />

      {t ? (
        <View className={`gate-entry__temp${t.abnormal ? ' gate-entry__temp--fever' : ''}`}>
          <View className='gate-entry__temp-line'>
            <Text className='gate-entry__temp-value'>{t.abnormal ? '' : '✓ '}{temperatureText(t)}</Text>
            {!typing ? <Text className='gate-entry__again' onClick={() => { setTyping(true); setError('') }}>重新测量</Text> : null}
          </View>
        </View>
      ) : null}

      {typing ? (
        <View className='gate-entry__editor'>
          <View className={`gate-entry__input-line${error ? ' gate-entry__input-line--error' : ''}`}>
            <Input
              className='gate-entry__input input-celsius'
              type='digit'
              maxlength={5}
              value={text}
              focus
              placeholder='例如 36.5'
              onInput={(e) => { setText(e.detail.value); setError('') }}
              onConfirm={submitTyped}
            />
            <Text className='gate-entry__unit'>℃</Text>
          </View>
          <FieldError field='celsius' message={error} />
          <View className='gate-entry__actions'>
            <Button className='btn btn--ghost gate-entry__cancel' onClick={() => { setTyping(false); setText(''); setError('') }}>取消</Button>
            <Button className='btn btn--primary gate-entry__save' loading={busy} disabled={busy || undefined} onClick={submitTyped}>记录体温</Button>
          </View>
        </View>
      ) : null}

      {offer === 'dispose' && !typing ? (
        <View className='gate-entry__actions'>
          <Button className='btn btn--primary gate-entry__handled' loading={busy} disabled={busy || undefined} onClick={() => dispose(false)}>已处置</Button>
          <Button className='btn btn--ghost gate-entry__report' disabled={busy || undefined} onClick={() => dispose(true)}>上报</Button>
        </View>
      ) : null}
      {offer === 'done' && entry.handledAt ? <Text className='gate-entry__handled-at'>{handledText(entry.handledAt)}</Text> : null}
      {notice ? <Text className='gate-entry__notice'>{notice}</Text> : null}
      {offer === 'temperature' && !typing ? (
        <View className='gate-entry__actions'>
          <Button className='btn gate-entry__normal' loading={busy} disabled={busy || undefined} onClick={() => send({ normal: true })}>体温正常</Button>
          <Button className='btn btn--ghost gate-entry__type' onClick={() => { setTyping(true); setError('') }}>录入体温</Button>
        </View>
      ) : null}
      {!typing ? <FieldError field='celsius' message={error} /> : null}
    </View>
  )
}
