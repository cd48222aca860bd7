/**
 * 检测统计 of one venue (`?venueId=`), for its admin, one China calendar day at a time (today
 * first; 前一天/后一天 or a date picker, never after today): the day's totals, entries per hour
 * and the week's trend as charts with their numbers beside them, then each checkpoint and each
 * inspector. A day without entries says so instead. Data: venue.get (the name), venue.stats.
 * In a surge the statistics give way to the scans: refused with a time to wait (SYSTEM_BUSY), the
 * page asks again by itself after it.
 */
import { View, Text, Button, Picker } from '@tarojs/components'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { VenueStats } from '../../shared/api'
import { addDays, shanghaiDate } from '../../shared/time'
import { callAction } from '../../services/actions'
import { readElderMode } from '../../services/elder-mode'
import { getPageParams } from '../../services/page-params'
import { useLoaded } from '../../services/use-loaded'
import { retryWaitMs } from '../../services/retry-after'
import { useRetryAfter } from '../../services/use-retry-after'
import {
  busyHours, canGoLater, dayName, hourlyChartData, isEmptyDay, peakText, summaryTiles, trendRows, weekEntries
} from '../../services/stats-view'
import { NotLoaded } from '../../components/LoadError'
import F2Chart from '../components/F2Chart'
import { hourlyChart, trendChart } from './charts'
import './index.css'

const ELDER_CHART_SCALE = 1.3

export default function Stats() {
  const [venueId] = useState(() => getPageParams().venueId ?? '')
  // The day asked for: the one shown, or the next while it loads.
  const wanted = useRef(shanghaiDate(new Date()))
  const [pending, setPending] = useState<string | null>(null)
  const [dateError, setDateError] = useState('')
  const asked = useRef(0)
  const elder = readElderMode()

  const { loaded, load, setData } = useLoaded(async () => {
    const [detail, stats] = await Promise.all([
      callAction('venue', 'get', { venueId }),
      callAction('venue', 'stats', { venueId, date: wanted.current })
    ])
    if (!detail.ok) return detail
    if (!stats.ok) return stats
    return { ok: true as const, data: { name: detail.data.venue.name, stats: stats.data } }
  })

  useRetryAfter(loaded.kind === 'failed' ? loaded.fail : null, load)
  // The day asked again after a busy refusal; dropped when another day is asked or the page closes.
  const dayRetry = useRef<ReturnType<typeof setTimeout> | null>(null)
  const cancelDayRetry = () => { if (dayRetry.current) clearTimeout(dayRetry.current); dayRetry.current = null }
  useEffect(() => cancelDayRetry, [])

  const stats = loaded.kind === 'ok' ? loaded.data.stats : null
  const charts = useMemo(() => stats && {
    hourly: hourlyChart(hourlyChartData(stats)),
    trend: trendChart(trendRows(stats))
  }, [stats])

  const root = `page stats${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok' || !stats || !charts) return <View className={root}><NotLoaded loaded={loaded.kind === 'ok' ? { kind: 'loading' } : loaded} onRetry={load} /></View>

  const today = shanghaiDate(new Date())
  const shown = pending ?? stats.date

  // Only the latest choice counts when days are tapped through quickly; the shown day stays
  // until the next one arrives, so the charts redraw in place.
  const showDay = async (date: string) => {
    cancelDayRetry()
    const n = ++asked.current
    wanted.current = date
    setPending(date)
    setDateError('')
    const res = await callAction('venue', 'stats', { venueId, date })
    if (n !== asked.current) return
    setPending(null)
    if (!res.ok) {
      wanted.current = stats.date
      setDateError(res.fields?.date ?? res.message)
      const wait = retryWaitMs(res)
      if (wait !== null) dayRetry.current = setTimeout(() => { if (n === asked.current) showDay(date) }, wait)
      return
    }
    setData((d) => ({ ...d, stats: res.data }))
  }

  const later = canGoLater(shown, today)
  const empty = isEmptyDay(stats)
  const name = dayName(shown, today)
  const week = weekEntries(stats)
  const scale = elder ? ELDER_CHART_SCALE : 1
  const t = stats.temperature

  return (
    <View className={`${root}${pending ? ' stats--busy' : ''}`}>
      <View className='card stats__dates'>
        <Text className='stats__venue'>{loaded.data.name}</Text>
        <View className='stats__date-row'>
          <Button className='btn btn--ghost stats__step stats__prev' onClick={() => showDay(addDays(shown, -1))}>‹ 前一天</Button>
          <Picker className='stats__picker' mode='date' value={shown} end={today} onChange={(e) => { const d = String(e.detail.value); if (d !== shown) showDay(d) }}>
            <View className='stats__date'>
              <Text className='stats__date-text'>{shown}</Text>
              <Text className='stats__date-name'>{pending ? '正在加载…' : name || '点击选择日期'}</Text>
            </View>
          </Picker>
          <Button
            className={`btn btn--ghost stats__step stats__next${later ? '' : ' stats__step--off'}`}
            // H5 styles any present `disabled` attribute (even "false") as disabled: omit it when open.
            disabled={!later || undefined}
            aria-disabled={later ? undefined : 'true'}
            onClick={() => showDay(addDays(shown, 1))}
          >后一天 ›</Button>
        </View>
        {dateError ? <Text className='banner-error stats__date-error'>{dateError}</Text> : null}
      </View>

      {empty ? (
        <View className='card stats__empty'>
          <Text className='stats__empty-mark'>0</Text>
          <Text className='stats__empty-title'>当日暂无登记</Text>
          <Text className='muted stats__empty-hint'>
            {week > 0 ? `近7日共登记${week}人次，可点“前一天”或选择日期查看。` : '近7日都没有登记。场所码张贴后，扫码登记的人次会显示在这里。'}
          </Text>
        </View>
      ) : (
        <View>
          <View className='card'>
            <Text className='section-title'>当日概况</Text>
            <View className='stats__tiles'>
              {summaryTiles(stats).map((tile) => (
                <View key={tile.key} className={`stats__tile stats__tile--${tile.key} stats__tone--${tile.tone}`} data-tile={tile.key}>
                  <Text className='stats__tile-value'>{tile.value}</Text>
                  <Text className='stats__tile-label'>{tile.label}</Text>
                </View>
              ))}
            </View>
            <View className='stats__temperature' data-tile='temperature'>
              <Text className='stats__temperature-title'>体温检测</Text>
              <View className='stats__temperature-counts'>
                <Text className='stats__temperature-count' data-count='checked'>检测 <Text className='stats__num'>{t.checked}</Text></Text>
                <Text className='stats__temperature-count' data-count='normal'>正常 <Text className='stats__num'>{t.normal}</Text></Text>
                <Text className={`stats__temperature-count${t.abnormal > 0 ? ' stats__alert' : ''}`} data-count='abnormal'>异常 <Text className='stats__num'>{t.abnormal}</Text></Text>
              </View>
            </View>
          </View>

          <View className='card'>
            <Text className='section-title'>分时段客流</Text>
            <Text className='stats__peak'>{peakText(stats)}</Text>
            <F2Chart chart={charts.hourly} className='stats__chart stats__chart--hourly' label={`${shown}各时段登记人次柱状图`} scale={scale} />
            <View className='stats__hours'>
              {busyHours(stats).map((h) => (
                <Text key={h.hour} className='stats__hour' data-hour={h.hour}>{h.label}　{h.entries}人次</Text>
              ))}
            </View>
          </View>

          <View className='card'>
            <Text className='section-title'>近7日趋势</Text>
            <F2Chart chart={charts.trend} className='stats__chart stats__chart--trend' label='近7日每日登记人次折线图' scale={scale} />
            <View className='stats__table stats__trend'>
              <View className='stats__row stats__row--head'>
                <Text className='stats__cell stats__cell--name'>日期</Text>
                <Text className='stats__cell'>人次</Text>
                <Text className='stats__cell'>人数</Text>
              </View>
              {trendRows(stats).map((d) => (
                <View key={d.date} className={`stats__row${d.date === stats.date ? ' stats__row--chosen' : ''}`} data-date={d.date}>
                  <Text className='stats__cell stats__cell--name'>{d.label}</Text>
                  <Text className='stats__cell' data-col='entries'>{d.entries}</Text>
                  <Text className='stats__cell' data-col='people'>{d.people}</Text>
                </View>
              ))}
            </View>
          </View>

          <CheckpointTable stats={stats} />
          <InspectorTable stats={stats} />
        </View>
      )}
    </View>
  )
}

function CheckpointTable({ stats }: { stats: VenueStats }) {
  return (
    <View className='card'>
      <Text className='section-title'>各检测点</Text>
      <View className='stats__table stats__checkpoints'>
        <View className='stats__row stats__row--head'>
          <Text className='stats__cell stats__cell--name'>检测点</Text>
          <Text className='stats__cell'>人次</Text>
          <Text className='stats__cell'>人数</Text>
          <View className='stats__cell stats__cell--wide'>
            <Text className='stats__head-line'>体温</Text>
            <Text className='stats__head-line'>检测/异常</Text>
          </View>
        </View>
        {stats.checkpoints.map((c) => (
          <View key={c.checkpointId} className={`stats__row${c.removed ? ' stats__row--removed' : ''}`} data-checkpoint={c.checkpointId}>
            <View className='stats__cell stats__cell--name'>
              <Text className='stats__name'>{c.name}</Text>
              {c.removed ? <Text className='stats__removed'>已删除</Text> : null}
            </View>
            <Text className='stats__cell' data-col='entries'>{c.entries}</Text>
            <Text className='stats__cell' data-col='people'>{c.people}</Text>
            <Text className='stats__cell stats__cell--wide' data-col='temperature'>
              {c.temperature.checked}/<Text className={c.temperature.abnormal > 0 ? 'stats__alert' : ''}>{c.temperature.abnormal}</Text>
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}

function InspectorTable({ stats }: { stats: VenueStats }) {
  return (
    <View className='card'>
      <Text className='section-title'>检测员</Text>
      {stats.inspectors.length === 0 ? <Text className='muted'>当日没有辅助登记或体温检测记录</Text> : (
        <View className='stats__table stats__inspectors'>
          <View className='stats__row stats__row--head'>
            <Text className='stats__cell stats__cell--name'>检测员</Text>
            <Text className='stats__cell stats__cell--wide'>辅助登记</Text>
            <Text className='stats__cell stats__cell--wide'>体温检测</Text>
            <Text className='stats__cell'>异常</Text>
          </View>
          {stats.inspectors.map((i) => (
            <View key={i.userId} className='stats__row' data-inspector={i.userId}>
              <Text className='stats__cell stats__cell--name stats__name'>{i.nameMasked}</Text>
              <Text className='stats__cell stats__cell--wide' data-col='assisted'>{i.assisted}</Text>
              <Text className='stats__cell stats__cell--wide' data-col='checked'>{i.temperature.checked}</Text>
              <Text className={`stats__cell${i.temperature.abnormal > 0 ? ' stats__alert' : ''}`} data-col='abnormal'>{i.temperature.abnormal}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
