/**
 * 流调查询: the official picks the case (by 身份证号, or the person the previous page named with
 * ?personId=) and a period of China days (the last 14 by default), and sees every stay of the
 * case, then everyone whose stay overlapped one of them, each person once with their overlaps
 * underneath (masked; 查看完整信息 shows one contact's full name, ID number and mobile, and that
 * look is in their access log). Confirming is a deliberate, asked-for step that a second official
 * must approve: then every listed person gets a 风险提示 without the case's identity and every
 * venue a 场所提醒. The result exports as CSV for the health office. Data: official.trace,
 * official.contactDetails, official.confirmTrace, official.exportTrace.
 */
import { View, Text, Button, Input, Picker } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ProposalView, TraceResult } from '../../shared/api'
import { formatShanghai, shanghaiDate } from '../../shared/time'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import { saveCsvFile } from '../../services/csv-file'
import { readElderMode } from '../../services/elder-mode'
import { defaultTracePeriod, idCardSearch, periodDays, tracePeriodError, traceRequest } from '../../services/official-forms'
import {
  CONTACT_DETAILS_NOTE, CONTACT_DETAILS_SEEN, confirmTraceContent, confirmedAtText, stayCard, traceContacts, traceProposalLines, traceSummary,
  type ContactDetails
} from '../../services/official-trace'
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
  const [proposal, setProposal] = useState<ProposalView | null>(null)
  const [refreshing, setRefreshing] = useState(false)
  // When the proposal was last asked for, so a refresh that changed nothing still shows it happened.
  const [checkedAt, setCheckedAt] = useState('')
  // Full details asked for, by person; the person whose details are loading; a refusal, by person.
  const [details, setDetails] = useState<Record<string, ContactDetails>>({})
  const [opening, setOpening] = useState('')
  const [detailError, setDetailError] = useState<Record<string, string>>({})
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
    setProposal(null)
    setDetails({})
    setDetailError({})
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
    setProposal(res.data.proposal)
    setCheckedAt('')
  }

  /** The proposal as it stands now: approved, rejected or expired since, or still waiting. */
  const refreshProposal = async () => {
    if (!proposal || refreshing) return
    setRefreshing(true)
    let found: ProposalView | undefined
    for (const state of ['pending', 'decided'] as const) {
      const res = await callAction('official', 'proposals', { state })
      if (!res.ok) { setRefreshing(false); setBanner(res.message); return }
      found = res.data.proposals.find((p) => p.proposalId === proposal.proposalId)
      if (found) break
    }
    setRefreshing(false)
    if (found) setProposal(found)
    setCheckedAt(formatShanghai(new Date(), 'HH:mm:ss'))
  }

  /** One contact's full details, asked for on purpose: the function records each look. */
  const openDetails = async (personId: string) => {
    if (!trace || opening) return
    setOpening(personId)
    setDetailError((e) => ({ ...e, [personId]: '' }))
    const res = await callAction('official', 'contactDetails', { traceId: trace.traceId, personId })
    setOpening('')
    if (!res.ok) { setDetailError((e) => ({ ...e, [personId]: res.message })); return }
    setDetails((d) => ({ ...d, [personId]: res.data }))
  }

  const call = (phone: string) => {
    // Where the platform cannot dial (a desktop browser), the number stays on screen to type.
    Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
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
  const contacts = trace ? traceContacts(trace) : []
  const proposed = proposal ? traceProposalLines(proposal) : null

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

                <Text className='official-trace__stay-count'>{s.contacts.length > 0 ? `同场人员 ${s.contacts.length}人` : '无同场人员'}</Text>
              </View>
            )
          })}

          {contacts.length > 0 ? (
            <View className='card official-trace__contacts'>
              <Text className='section-title'>同场人员（{contacts.length}人）</Text>
              <Text className='muted official-trace__details-note'>{CONTACT_DETAILS_NOTE}</Text>
              {contacts.map((c) => {
                const full = details[c.personId]
                return (
                  <View key={c.personId} className='official-trace__contact' data-person-id={c.personId}>
                    <View className='official-trace__contact-top'>
                      <Text className='official-trace__contact-name'>{full ? full.name : c.name}</Text>
                      <HealthChip status={c.healthStatus} />
                    </View>
                    {full ? (
                      <View className='official-trace__details'>
                        <View className='official-trace__detail'>
                          <Text className='official-trace__detail-label'>身份证号</Text>
                          <Text className='official-trace__detail-value official-trace__detail-id' selectable>{full.idCard}</Text>
                        </View>
                        <View className='official-trace__detail'>
                          <Text className='official-trace__detail-label'>手机号</Text>
                          {full.phone ? (
                            <Text className='official-trace__detail-value official-trace__detail-phone' selectable onClick={() => call(full.phone!)}>{full.phone}</Text>
                          ) : (
                            <Text className='official-trace__detail-value muted'>未登记手机号</Text>
                          )}
                        </View>
                        <Text className='muted official-trace__details-seen'>{CONTACT_DETAILS_SEEN}</Text>
                      </View>
                    ) : (
                      <Text className='official-trace__contact-ids'>{c.idCard} · {c.phone}</Text>
                    )}
                    {c.overlaps.map((o) => (
                      <View key={o.stayEntryId} className='official-trace__overlap-item' data-entry-id={o.stayEntryId}>
                        <Text className='official-trace__overlap-venue'>{o.venue}</Text>
                        <View className='official-trace__contact-line'>
                          <Text className='official-tag official-trace__method'>{o.method}</Text>
                          <Text className='official-trace__contact-period'>{o.period}</Text>
                        </View>
                        <View className='official-trace__contact-line'>
                          <Text className='official-trace__overlap'>{o.overlap}</Text>
                          <Text className='muted official-trace__contact-ending'>{o.ending}</Text>
                        </View>
                      </View>
                    ))}
                    {detailError[c.personId] ? <Text className='banner-error official-trace__details-error'>{detailError[c.personId]}</Text> : null}
                    {full ? null : (
                      <Button className='btn btn--ghost official-trace__details-open' loading={opening === c.personId}
                        disabled={!!opening || undefined} onClick={() => openDetails(c.personId)}>查看完整信息</Button>
                    )}
                  </View>
                )
              })}
            </View>
          ) : null}

          <View className='card official-trace__actions'>
            {trace.confirmedAt ? (
              <Text className='official-trace__confirmed'>{confirmedAtText(trace.confirmedAt)}</Text>
            ) : proposed ? (
              <View className={`official-trace__proposal official-trace__proposal--${proposed.tone}`}>
                <View className='official-trace__proposal-top'>
                  <Text className='official-trace__proposal-title'>{proposed.title}</Text>
                  <Text className='official-tag official-trace__proposal-state'>{proposed.state}</Text>
                </View>
                <Text className='official-trace__proposal-detail'>{proposed.detail}</Text>
                {proposal!.state === 'pending' && checkedAt ? (
                  <Text className='muted official-trace__proposal-checked'>{checkedAt} 已刷新，仍待复核</Text>
                ) : null}
                {proposal!.state === 'pending' ? (
                  <Button className='btn btn--ghost official-trace__proposal-refresh' loading={refreshing} disabled={refreshing || undefined}
                    onClick={refreshProposal}>刷新复核状态</Button>
                ) : null}
              </View>
            ) : (
              <View>
                <Text className='official-explain'>确认后提交另一名工作人员复核；批准后，以上每名同场人员的首页会收到“风险提示”（只有场所和时间，不含病例身份），每个场所会收到场所提醒。</Text>
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
