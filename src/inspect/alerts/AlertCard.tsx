/**
 * One 异常提醒: what happened (kind), where, who (masked) with the code or temperature, when, and
 * for a person at the door the red 请勿进入 advice. A case's visit (exposure) says when and what
 * the venue does now, and never who. 我已知晓 until the caller acknowledged it.
 */
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import type { AlertView } from '../../shared/api'
import { callAction } from '../../services/actions'
import {
  acknowledgedNote, alertAdvice, alertKindLabel, alertPlace, alertTemperature, alertTime, exposureText
} from '../../services/alerts-view'
import HealthChip from '../../components/HealthChip'
import StopAdvice from '../../components/StopAdvice'

export default function AlertCard({ alert, onAcknowledged }: { alert: AlertView; onAcknowledged: (a: AlertView) => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const waiting = alert.acknowledgedAt === null

  const acknowledge = async () => {
    if (busy) return
    setError('')
    setBusy(true)
    const res = await callAction('alert', 'acknowledge', { alertId: alert.alertId })
    setBusy(false)
    if (!res.ok) { setError(res.message); return }
    onAcknowledged(res.data.alert)
  }

  const temperature = alertTemperature(alert)
  return (
    <View className={`alert-item alert-item--${alert.kind}${waiting ? ' alert-item--waiting' : ''}`} data-alert={alert.alertId}>
      <View className='alert-item__top'>
        <Text className='alert-item__kind'>{alertKindLabel(alert)}</Text>
        <Text className='alert-item__time'>{alertTime(alert)}</Text>
      </View>
      <Text className='alert-item__place'>{alertPlace(alert)}</Text>
      {alert.personNameMasked ? (
        <View className='alert-item__person'>
          <Text className='alert-item__name'>{alert.personNameMasked}</Text>
          {alert.healthStatus ? <HealthChip status={alert.healthStatus} /> : null}
          {temperature ? <Text className='alert-item__temperature'>{temperature}</Text> : null}
        </View>
      ) : null}
      {alert.kind === 'exposure' ? <Text className='alert-item__exposure'>{exposureText(alert)}</Text> : null}
      <StopAdvice advice={alertAdvice(alert)} />
      {alert.closedAt ? <Text className='alert-item__closed'>疫情防控部门已处理完毕</Text> : null}
      {waiting ? (
        <Button className='btn btn--primary alert-item__ack' loading={busy} disabled={busy || undefined} onClick={acknowledge}>我已知晓</Button>
      ) : (
        <Text className='alert-item__acked'>{acknowledgedNote(alert)}</Text>
      )}
      {error ? <Text className='banner-error alert-item__error'>{error}</Text> : null}
    </View>
  )
}
