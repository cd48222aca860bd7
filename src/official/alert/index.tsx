/**
 * 异常提醒 (?alertId=) as an official of the region opens it: the person in full for the
 * follow-up call (this look is in the person's access log), the status or temperature, where and
 * when, who at the venue acknowledged, and 标记已处置 which closes it for everyone. A person
 * with a yellow or red code can be traced from here. Data: alert.get, alert.acknowledge.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useRef, useState } from 'react'
import type { Fail } from '../../shared/api'
import { formatTemperature } from '../../shared/temperature'
import { formatShanghai } from '../../shared/time'
import { callAction } from '../../services/actions'
import { readElderMode } from '../../services/elder-mode'
import { getPageParams } from '../../services/page-params'
import { ALERT_ROLE_LABELS, alertLine, formatPeriod, mergeAlert, officialLinks, traceableAlert } from '../../services/official-view'
import { useLoaded } from '../../services/use-loaded'
import { NotLoaded } from '../../components/LoadError'
import HealthChip from '../../components/HealthChip'
import '../components/official.css'
import './index.css'

const NO_ALERT: Fail = { ok: false, code: 'INVALID_INPUT', message: '缺少提醒信息，请从“防控工作台”的提醒列表进入' }

export default function OfficialAlert() {
  const alertId = useRef(getPageParams().alertId ?? '').current
  const { loaded, load, setData } = useLoaded(() => (alertId ? callAction('alert', 'get', { alertId }) : Promise.resolve(NO_ALERT)))
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null)
  const elder = readElderMode()

  const root = `page official-alert-page${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>

  const alert = loaded.data.alert
  const line = alertLine(alert)

  const handle = async () => {
    if (busy) return
    setNote(null)
    setBusy(true)
    const res = await callAction('alert', 'acknowledge', { alertId })
    setBusy(false)
    if (!res.ok) { setNote({ ok: false, text: res.message }); return }
    setData((d) => ({ alert: mergeAlert(d.alert, res.data.alert) }))
    setNote({ ok: true, text: '已标记为已处置，场所工作人员和辖区其他防控人员将看到该提醒已处置' })
  }

  const rows: Array<[string, string, string]> = [
    ['venue', '场所', alert.venueName],
    ['checkpoint', '检测点', alert.checkpointName ?? '—'],
    ['time', '时间', formatShanghai(alert.createdAt, 'YYYY-MM-DD HH:mm:ss')]
  ]
  if (alert.temperatureCelsius !== null) rows.push(['temperature', '体温', formatTemperature(alert.temperatureCelsius)])
  if (alert.exposure) rows.push(['exposure', '病例到访', formatPeriod(alert.exposure.from, alert.exposure.to)])

  const person = alert.person
  return (
    <View className={root}>
      <View className={`card official-alert-page__head official-alert-page__head--${line.open ? line.tone : 'closed'}`}>
        <View className='official-alert-page__top'>
          <Text className='official-alert-page__kind'>{line.kind}</Text>
          <Text className={`official-tag official-alert-page__state ${line.open ? 'official-tag--open' : 'official-tag--done'}`}>{line.state}</Text>
        </View>
        <Text className='official-alert-page__finding'>{line.finding}</Text>
        {alert.closedAt ? <Text className='muted official-alert-page__closed'>处置于 {formatShanghai(alert.closedAt, 'YYYY-MM-DD HH:mm')}</Text> : null}
      </View>

      {person ? (
        <View className='card official-alert-page__person'>
          <View className='official-alert-page__person-head'>
            <Text className='section-title official-alert-page__title'>人员信息</Text>
            {alert.healthStatus ? <HealthChip status={alert.healthStatus} /> : null}
          </View>
          <View className='official-row official-alert-page__row--name'>
            <Text className='official-row__label'>姓名</Text>
            <Text className='official-row__value'>{person.name}</Text>
          </View>
          <View className='official-row official-alert-page__row--idCard'>
            <Text className='official-row__label'>身份证号</Text>
            <Text className='official-row__value'>{person.idCard}</Text>
          </View>
          <View className='official-row official-alert-page__row--phone'>
            <Text className='official-row__label'>手机号</Text>
            <Text className='official-row__value'>{person.phone ?? '未登记'}</Text>
          </View>
          <Text className='muted official-alert-page__audit'>查看人员信息会记入该人员可查看的“谁查看了我的信息”。</Text>
        </View>
      ) : null}

      <View className='card official-alert-page__where'>
        <Text className='section-title'>地点与时间</Text>
        {rows.map(([key, label, value]) => (
          <View key={key} className={`official-row official-alert-page__row--${key}`}>
            <Text className='official-row__label'>{label}</Text>
            <Text className='official-row__value'>{value}</Text>
          </View>
        ))}
      </View>

      <View className='card official-alert-page__acks'>
        <Text className='section-title'>场所确认</Text>
        {alert.acknowledgements.length === 0 ? <Text className='muted official-alert-page__no-ack'>场所工作人员尚未确认</Text> : null}
        {alert.acknowledgements.map((a, index) => (
          <View key={`${a.at}-${index}`} className='official-row official-alert-page__ack'>
            <Text className='official-row__label'>{ALERT_ROLE_LABELS[a.role]}</Text>
            <Text className='official-row__value'>{a.nameMasked} · {formatShanghai(a.at, 'YYYY-MM-DD HH:mm')}</Text>
          </View>
        ))}
      </View>

      {note ? <Text className={`${note.ok ? 'banner-ok' : 'banner-error'} official-alert-page__note`}>{note.text}</Text> : null}
      {!alert.closedAt ? (
        <Button className='btn btn--primary official-alert-page__handle' loading={busy} disabled={busy || undefined} onClick={handle}>标记已处置</Button>
      ) : null}
      {person && traceableAlert(alert) ? (
        <Button className='btn btn--ghost official-alert-page__trace' onClick={() => Taro.navigateTo({ url: officialLinks.trace(person.personId) })}>
          对该人员开展流调
        </Button>
      ) : null}
    </View>
  )
}
