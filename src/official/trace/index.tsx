/**
 * 流调查询: the official picks the case (by 身份证号, or the person the previous page named with
 * ?personId=) and a period of China days (the last 14 by default), and sees every stay of the
 * case with everyone whose stay overlapped it at the same venue (masked). Confirming is a
 * deliberate, asked-for step: every listed person gets a 风险提示 without the case's identity
 * and every venue a 场所提醒. The result exports as CSV for the health office. Data:
 * official.trace, official.confirmTrace, official.exportTrace.
 */
import { View, Text, Button, Input, Picker } from '@tarojs/components'
import { useState } from 'react'
import type { TraceResult } from '../../shared/api'
import { shanghaiDate } from '../../shared/time'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import { saveCsvFile } from '../../services/csv-file'
import { readElderMode } from '../../services/elder-mode'
import { defaultTracePeriod, idCardSearch, periodDays, tracePeriodError, traceRequest } from '../../services/official-forms'
import { confirmTraceContent, confirmedAtText, contactLine, notifiedText, stayCard, traceSummary } from '../../services/official-trace'
import { getPageParams } from '../../services/page-params'
import FieldError from '../../components/FieldError'
import HealthChip from '../../components/HealthChip'
import '../components/official.css'
import './index.css'

type Note = { ok: boolean; text: string }

export default function OfficialTrace() {
  const [today] = useState(() => shanghaiDate(new Date()))
  const [personId, setPersonId] = useState(() => getPageParams().personId ?? '')
  const [idText, setIdText] = useState('')
  const [period, setPeriod] = useState(() => defaultTracePeriod(today))
  const [errors, setErrors] = useState<{ idCard?: string; period?: string }>({})
  const [banner, setBanner] = useState('')
  const [searching, setSearching] = useState(false)
  const [trace, setTrace] = useState<TraceResult | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [notified, setNotified] = useState<string>('')
  const [exporting, setExporting] = useState(false)
  const [exportNote, setExportNote] = useState<Note | null>(null)
  const elder = readElderMode()

  const query = async () => {
    if (searching) return
    setBanner('')
    const next: { idCard?: string; period?: string } = {}
    let target: { personId: string } | { idCard: string } | null = null
    if (personId) target = { personId }
    else {
      const typed = idCardSearch(idText)
      if ('error' in typed) next.idCard = typed.error
      else target = { idCard: typed.idCard }
    }
    const periodError = tracePeriodError(period.from, period.to, today)
    if (periodError) next.period = periodError
    setErrors(next)
    if (!target || periodError) return
    setSearching(true)
    const res = await callAction('official', 'trace', traceRequest(target, period.from, period.to))
    setSearching(false)
    if (!res.ok) {
      const fields = res.fields ?? {}
      const fieldPeriod = fields.from ?? fields.to ?? (res.code === 'TRACE_PERIOD_INVALID' ? res.message : undefined)
      if (fields.idCard || fields.personId || fieldPeriod) setErrors({ idCard: fields.idCard ?? fields.personId, period: fieldPeriod })
      else setBanner(res.message)
      return
    }
    setTrace(res.data)
    setNotified('')
    setExportNote(null)
  }

  const confirm = async () => {
    if (!trace || confirming) return
    if (!await confirmDanger('确认病例并发出风险提示', confirmTraceContent(trace), '确认发出')) return
    setBanner('')
    setConfirming(true)
    const res = await callAction('official', 'confirmTrace', { traceId: trace.traceId })
    setConfirming(false)
    if (!res.ok) { setBanner(res.message); return }
    setTrace(res.data.trace)
    setNotified(notifiedText(res.data.notified, res.data.venues))
  }

  const exportCsv = async () => {
    if (!trace || exporting) return
    setExportNote(null)
    setExporting(true)
    const res = await callAction('official', 'exportTrace', { traceId: trace.traceId })
    if (!res.ok) { setExporting(false); setExportNote({ ok: false, text: res.message }); return }
    const saved = await saveCsvFile(res.data.fileName, res.data.csv)
    setExporting(false)
    setExportNote({ ok: saved.ok, text: saved.message })
  }

  const setDate = (which: 'from' | 'to', value: string) => {
    setPeriod((p) => ({ ...p, [which]: value }))
    setErrors((e) => ({ ...e, period: undefined }))
  }

  const summary = trace ? traceSummary(trace) : null

  return (
    <View className={`page official-trace${elder ? ' elder' : ''}`}>
      {banner ? <Text className='banner-error official-trace__banner'>{banner}</Text> : null}

      <View className='card official-trace__form'>
        <Text className='section-title'>流调对象</Text>
        {personId ? (
          <View className='official-trace__preset'>
            <Text className='official-trace__preset-text'>已选定人员（由上一页带入）</Text>
            <Text className='official-trace__preset-change' onClick={() => { setPersonId(''); setTrace(null) }}>改为输入身份证号</Text>
          </View>
        ) : (
          <View className={`official-field${errors.idCard ? ' official-field--error' : ''}`}>
            <Text className='official-field__label'>身份证号</Text>
            <Input
              className='official-field__box official-trace__id input-idCard'
              type='idcard'
              maxlength={18}
              value={idText}
              placeholder='病例的18位身份证号码'
              onInput={(e) => { setIdText(e.detail.value); setErrors((x) => ({ ...x, idCard: undefined })) }}
              onConfirm={query}
            />
            <FieldError field='idCard' message={errors.idCard} />
          </View>
        )}
        <View className={`official-field${errors.period ? ' official-field--error' : ''}`}>
          <Text className='official-field__label'>时段（共{Math.max(0, periodDays(period.from, period.to))}天）</Text>
          <View className='official-trace__dates'>
            <Picker className='official-trace__picker official-trace__from' mode='date' value={period.from} end={today} onChange={(e) => setDate('from', String(e.detail.value))}>
              <View className='official-field__box official-trace__date'>
                <Text className='official-trace__date-label'>开始</Text>
                <Text className='official-trace__date-value'>{period.from}</Text>
              </View>
            </Picker>
            <Picker className='official-trace__picker official-trace__to' mode='date' value={period.to} end={today} onChange={(e) => setDate('to', String(e.detail.value))}>
              <View className='official-field__box official-trace__date'>
                <Text className='official-trace__date-label'>结束</Text>
                <Text className='official-trace__date-value'>{period.to}</Text>
              </View>
            </Picker>
          </View>
          <FieldError field='period' message={errors.period} />
        </View>
        <Button className='btn btn--primary official-trace__query' loading={searching} disabled={searching || undefined} onClick={query}>查询</Button>
        <Text className='muted official-trace__audit'>查询会记入病例和同场人员可查看的“谁查看了我的信息”。</Text>
      </View>

      {trace && summary ? (
        <View className='official-trace__result'>
          <View className='card official-trace__case'>
            <View className='official-trace__case-top'>
              <Text className='official-trace__case-name'>{trace.person.nameMasked}</Text>
              <HealthChip status={trace.person.healthStatus} />
            </View>
            <Text className='official-trace__case-id'>{trace.person.idCardMasked}</Text>
            <Text className='muted official-trace__period'>{summary.period}</Text>
            <View className='official-trace__tiles'>
              <View className='official-trace__tile' data-tile='stays'>
                <Text className='official-trace__tile-value'>{summary.stays}</Text>
                <Text className='official-trace__tile-label'>次到访</Text>
              </View>
              <View className='official-trace__tile' data-tile='venues'>
                <Text className='official-trace__tile-value'>{summary.venues}</Text>
                <Text className='official-trace__tile-label'>个场所</Text>
              </View>
              <View className='official-trace__tile official-trace__tile--contacts' data-tile='contacts'>
                <Text className='official-trace__tile-value'>{summary.contacts}</Text>
                <Text className='official-trace__tile-label'>名同场人员</Text>
              </View>
            </View>
          </View>

          {trace.stays.length === 0 ? (
            <View className='card official-trace__empty'>
              <Text className='official-trace__empty-text'>该时段内没有扫码记录</Text>
            </View>
          ) : null}

          {trace.stays.map((s) => {
            const stay = stayCard(s)
            return (
              <View key={s.entryId} className='card official-trace__stay' data-entry-id={s.entryId}>
                <Text className='official-trace__venue'>{stay.venue}</Text>
                <Text className='muted official-trace__address'>{stay.address}</Text>
                <View className='official-trace__stay-line'>
                  <Text className='official-tag official-tag--info official-trace__checkpoint'>{stay.checkpoint}</Text>
                  <Text className={`official-tag official-trace__ending${s.checkedOut ? ' official-trace__ending--out' : ''}`}>{stay.ending}</Text>
                </View>
                <Text className='official-trace__stay-period'>{stay.period}</Text>

                <Text className='official-trace__contacts-title'>{s.contacts.length > 0 ? `同场人员 ${s.contacts.length}人` : '无同场人员'}</Text>
                {s.contacts.map((c) => {
                  const line = contactLine(c)
                  return (
                    <View key={`${c.personId}-${c.enteredAt}`} className='official-trace__contact' data-person-id={c.personId}>
                      <View className='official-trace__contact-top'>
                        <Text className='official-trace__contact-name'>{line.name}</Text>
                        <HealthChip status={c.healthStatus} />
                      </View>
                      <Text className='official-trace__contact-ids'>{line.idCard} · {line.phone}</Text>
                      <View className='official-trace__contact-line'>
                        <Text className='official-tag official-trace__method'>{line.method}</Text>
                        <Text className='official-trace__contact-period'>{line.period}</Text>
                      </View>
                      <View className='official-trace__contact-line'>
                        <Text className='official-trace__overlap'>{line.overlap}</Text>
                        <Text className='muted official-trace__contact-ending'>{line.ending}</Text>
                      </View>
                    </View>
                  )
                })}
              </View>
            )
          })}

          <View className='card official-trace__actions'>
            {notified ? <Text className='banner-ok official-trace__notified'>{notified}</Text> : null}
            {trace.confirmedAt ? (
              <Text className='official-trace__confirmed'>{confirmedAtText(trace.confirmedAt)}</Text>
            ) : (
              <View>
                <Text className='official-explain'>确认后，以上每名同场人员的首页会收到“风险提示”（只有场所和时间，不含病例身份），每个场所会收到场所提醒。</Text>
                <Button className='btn btn--danger official-trace__confirm' loading={confirming} disabled={confirming || undefined} onClick={confirm}>
                  确认病例并发出风险提示
                </Button>
              </View>
            )}
            {exportNote ? <Text className={`${exportNote.ok ? 'banner-ok' : 'banner-error'} official-trace__export-note`}>{exportNote.text}</Text> : null}
            <Button className='btn btn--ghost official-trace__export' loading={exporting} disabled={exporting || undefined} onClick={exportCsv}>导出CSV</Button>
          </View>
        </View>
      ) : null}
    </View>
  )
}
