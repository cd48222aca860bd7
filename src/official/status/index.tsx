/**
 * 设置健康码: the official finds a person by 身份证号 (in full: they act on this person, and the
 * look is in the person's access log), sees the current status and its history (who proposed and
 * who approved each change), and proposes 绿码, 黄码 or 红码 with a reason. Nothing changes until
 * a second official approves it in 待复核 (two-person rule): the page shows the pending proposal,
 * not a changed status. Red asks first. A person the system does not know yet is set by ID number
 * and name. The deployment's emergency path (STATUS_EMERGENCY_PATH) is not offered here: the
 * client cannot tell whether a deployment turned it on, and a switch that mostly answers
 * EMERGENCY_PATH_DISABLED would invite trying it. Data: official.person, official.setStatus.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button, Input } from '@tarojs/components'
import { useState } from 'react'
import { HEALTH_STATUS_LABELS, type HealthStatus, type OfficialPersonView, type ProposalView, type StatusChangeView } from '../../shared/api'
import { formatShanghai } from '../../shared/time'
import { normalizeIdCard } from '../../shared/validators'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import { readElderMode } from '../../services/elder-mode'
import {
  EMPTY_STATUS_FORM, REASON_MAX, STATUS_CHOICES, idCardSearch, redConfirmText, serverStatusErrors, statusFormErrors,
  statusProposedText, statusRequest, statusSetText, statusUnchangedText, type StatusErrors, type StatusForm
} from '../../services/official-forms'
import { historyLine, officialLinks } from '../../services/official-view'
import { PROPOSED_TEXT, pendingForPerson, proposalLineText, proposalLines } from '../../services/proposals-view'
import FieldError from '../../components/FieldError'
import HealthChip from '../../components/HealthChip'
import '../components/official.css'
import './index.css'

/** The person looked up (null when the ID number is not known yet), and a change of theirs waiting for 复核. */
interface Found { idCard: string; person: OfficialPersonView | null; history: StatusChangeView[]; pending?: ProposalView | null }

export default function OfficialStatus() {
  const [idText, setIdText] = useState('')
  const [searching, setSearching] = useState(false)
  const [found, setFound] = useState<Found | null>(null)
  const [banner, setBanner] = useState('')
  const [form, setForm] = useState<StatusForm>(EMPTY_STATUS_FORM)
  const [errors, setErrors] = useState<StatusErrors>({})
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState('')
  /** After saving: a pending proposal (the usual case), an emergency change applied, or nothing to change. */
  const [done, setDone] = useState<{ text: string; status: HealthStatus; personId: string; proposal: ProposalView | null } | null>(null)
  const elder = readElderMode()

  const search = async () => {
    if (searching) return
    setBanner('')
    setDone(null)
    const typed = idCardSearch(idText)
    if ('error' in typed) { setErrors({ idCard: typed.error }); return }
    setErrors({})
    setSearching(true)
    // The waiting proposals come along: a second one for this person would be refused.
    const [res, waiting] = await Promise.all([
      callAction('official', 'person', { idCard: typed.idCard }),
      callAction('official', 'proposals', { state: 'pending' })
    ])
    setSearching(false)
    setForm(EMPTY_STATUS_FORM)
    setSaveError('')
    if (res.ok) {
      const pending = waiting.ok ? pendingForPerson(waiting.data.proposals, res.data.person.personId) : null
      setFound({ idCard: typed.idCard, ...res.data, pending })
      return
    }
    if (res.code === 'PERSON_NOT_FOUND') { setFound({ idCard: typed.idCard, person: null, history: [] }); return }
    setFound(null)
    setErrors(serverStatusErrors(res.fields))
    setBanner(res.message)
  }

  // Another ID number typed: the person shown (and the form acting on them) no longer applies.
  const typeId = (value: string) => {
    setIdText(value)
    setErrors((x) => ({ ...x, idCard: undefined }))
    if (found && normalizeIdCard(value) !== found.idCard) { setFound(null); setDone(null); setSaveError('') }
  }

  const change = (patch: Partial<StatusForm>) => {
    setForm((f) => ({ ...f, ...patch }))
    setErrors((e) => {
      const next = { ...e }
      for (const k of Object.keys(patch) as Array<keyof StatusForm>) delete next[k]
      return next
    })
    setSaveError('')
  }

  const save = async () => {
    if (!found || saving) return
    setSaveError('')
    setDone(null)
    const nameTyped = found.person === null
    const formErrors = statusFormErrors(form, nameTyped)
    setErrors(formErrors)
    if (Object.keys(formErrors).length > 0 || !form.status) return
    const name = found.person ? found.person.name : form.name.trim()
    if (form.status === 'red' && !await confirmDanger('设为红码', redConfirmText(name), '设为红码')) return
    setSaving(true)
    const res = await callAction('official', 'setStatus', statusRequest(found.idCard, { ...form, status: form.status, name }))
    setSaving(false)
    if (!res.ok) {
      const fieldErrors = serverStatusErrors(res.fields)
      setErrors(fieldErrors)
      if (Object.keys(fieldErrors).length === 0 || fieldErrors.idCard) setSaveError(res.message)
      return
    }
    const { person: now, history, proposal } = res.data
    setFound({ idCard: found.idCard, person: now, history, pending: proposal?.state === 'pending' ? proposal : found.pending })
    setForm(EMPTY_STATUS_FORM)
    const text = !proposal ? statusUnchangedText(now.name, now.healthStatus)
      : proposal.state === 'pending' ? statusProposedText(now.name, form.status)
        : statusSetText(now.name, now.healthStatus)
    setDone({ text, status: proposal?.state === 'pending' ? form.status : now.healthStatus, personId: now.personId, proposal })
  }

  const person = found?.person ?? null
  const rows: Array<[string, string, string]> = person ? [
    ['name', '姓名', person.name],
    ['idCard', '身份证号', person.idCard],
    ['phone', '手机号', person.phone ?? '未登记']
  ] : []

  return (
    <View className={`page official-status${elder ? ' elder' : ''}`}>
      {banner ? <Text className='banner-error official-status__banner'>{banner}</Text> : null}

      <View className='card official-status__search'>
        <Text className='section-title'>查询人员</Text>
        <View className={`official-field${errors.idCard ? ' official-field--error' : ''}`}>
          <Text className='official-field__label'>身份证号</Text>
          <Input
            className='official-field__box official-status__id input-idCard'
            type='idcard'
            maxlength={18}
            value={idText}
            placeholder='18位身份证号码'
            onInput={(e) => typeId(e.detail.value)}
            onConfirm={search}
          />
          <FieldError field='idCard' message={errors.idCard} />
        </View>
        <Button className='btn btn--primary official-status__find' loading={searching} disabled={searching || undefined} onClick={search}>查询</Button>
        <Text className='muted official-status__audit'>每次查询和变更都会记入该人员可查看的“谁查看了我的信息”。</Text>
      </View>

      {done && done.proposal?.state === 'pending' ? (
        <View className={`card official-status__proposed official-status__proposed--${done.status}`}>
          <View className='official-status__proposed-head'>
            <Text className='official-status__proposed-title'>{PROPOSED_TEXT}</Text>
            <Text className='official-tag official-tag--open official-status__proposed-state'>待复核</Text>
          </View>
          <Text className='official-status__proposed-text'>{done.text}</Text>
          <ProposalFacts proposal={done.proposal} />
          <Text className='muted official-status__proposed-note'>复核通过前，该人员的健康码不变；复核人不能是您本人。</Text>
          <Button className='btn btn--ghost official-status__to-proposals' onClick={() => Taro.navigateTo({ url: officialLinks.proposals })}>查看待复核</Button>
        </View>
      ) : null}

      {done && done.proposal?.state !== 'pending' ? (
        <View className={`card official-status__done official-status__done--${done.status}`}>
          <Text className='banner-ok official-status__done-text'>{done.text}</Text>
          {done.proposal?.emergency ? <Text className='official-status__emergency'>紧急变更，未经复核</Text> : null}
          {done.proposal && done.status === 'red' ? (
            <Button className='btn btn--danger official-status__trace' onClick={() => Taro.navigateTo({ url: officialLinks.trace(done.personId) })}>
              对该人员开展流调
            </Button>
          ) : null}
        </View>
      ) : null}

      {person ? (
        <View className='card official-status__person'>
          <View className='official-status__head'>
            <Text className='section-title official-status__title'>人员信息</Text>
            <HealthChip status={person.healthStatus} />
          </View>
          {rows.map(([key, label, value]) => (
            <View key={key} className={`official-row official-status__row--${key}`}>
              <Text className='official-row__label'>{label}</Text>
              <Text className='official-row__value'>{value}</Text>
            </View>
          ))}
          {found?.pending && !done ? (
            <View className='official-status__pending'>
              <Text className='official-status__pending-title'>有一项变更待复核</Text>
              <Text className='official-status__pending-line'>{proposalLineText(found.pending.lines.find((l) => l.personId === person.personId) ?? found.pending.lines[0])}</Text>
              <Text className='muted official-status__pending-by'>{proposalLines(found.pending, Date.now()).proposed}</Text>
              <Text className='muted official-status__pending-by'>{proposalLines(found.pending, Date.now()).expiry}</Text>
            </View>
          ) : null}
          {person.statusUpdatedAt ? (
            <Text className='muted official-status__updated'>健康码更新于 {formatShanghai(person.statusUpdatedAt, 'YYYY-MM-DD HH:mm')}</Text>
          ) : null}
          {person.healthStatus === 'red' && !done ? (
            <Button className='btn btn--ghost official-status__trace-red' onClick={() => Taro.navigateTo({ url: officialLinks.trace(person.personId) })}>
              对该人员开展流调
            </Button>
          ) : null}
        </View>
      ) : null}

      {found && !person ? (
        <View className='card official-status__unknown'>
          <Text className='official-status__unknown-title'>系统中还没有该人员</Text>
          <Text className='official-explain'>身份证号 {found.idCard} 尚未使用场所码。填写与身份证一致的姓名，即可为其设置健康码。</Text>
        </View>
      ) : null}

      {found ? (
        <View className='card official-status__form'>
          <Text className='section-title'>设置健康码</Text>
          {!person ? (
            <View className={`official-field${errors.name ? ' official-field--error' : ''}`}>
              <Text className='official-field__label'>姓名</Text>
              <Input
                className='official-field__box official-status__name input-name'
                maxlength={20}
                value={form.name}
                placeholder='与身份证一致的姓名'
                onInput={(e) => change({ name: e.detail.value })}
              />
              <FieldError field='name' message={errors.name} />
            </View>
          ) : null}
          <View className={`official-field${errors.status ? ' official-field--error' : ''}`}>
            <Text className='official-field__label'>健康码</Text>
            <View className='official-status__choices'>
              {STATUS_CHOICES.map((s) => (
                <View
                  key={s}
                  className={`official-status__choice official-status__choice--${s}${form.status === s ? ' official-status__choice--on' : ''}`}
                  data-status={s}
                  onClick={() => change({ status: s })}
                >
                  <Text className='official-status__choice-text'>{HEALTH_STATUS_LABELS[s]}</Text>
                </View>
              ))}
            </View>
            <FieldError field='status' message={errors.status} />
          </View>
          <View className={`official-field${errors.reason ? ' official-field--error' : ''}`}>
            <Text className='official-field__label'>原因（必填）</Text>
            <Input
              className='official-field__box official-status__reason input-reason'
              maxlength={REASON_MAX}
              value={form.reason}
              placeholder='例如：密切接触者、核酸检测阳性'
              onInput={(e) => change({ reason: e.detail.value })}
            />
            <FieldError field='reason' message={errors.reason} />
          </View>
          {saveError ? <Text className='banner-error official-status__save-error'>{saveError}</Text> : null}
          <Button
            className={`btn ${form.status === 'red' ? 'btn--danger' : 'btn--primary'} official-status__save`}
            loading={saving}
            disabled={saving || undefined}
            onClick={save}
          >{/* A lone string child is written with textContent, which wipes the loading icon's anchor (Stencil's insertBefore error). */}
            <Text>{form.status ? `提交设为${HEALTH_STATUS_LABELS[form.status]}` : '提交复核'}</Text>
          </Button>
          <Text className='muted official-status__two-person'>提交后须由另一名工作人员复核通过才生效。</Text>
        </View>
      ) : null}

      {found && found.history.length > 0 ? (
        <View className='card official-status__history'>
          <Text className='section-title'>变更记录</Text>
          {found.history.map((c, index) => {
            const line = historyLine(c)
            return (
              <View key={`${c.changedAt}-${index}`} className='official-status__change'>
                <Text className='official-status__change-line'>{line.change}</Text>
                <Text className='official-status__change-reason'>原因：{line.reason}</Text>
                <Text className='muted official-status__change-by'>{line.by}</Text>
                {line.approval ? (
                  <Text className={`official-status__change-approval${line.emergency ? ' official-status__change-approval--emergency' : ''}`}>{line.approval}</Text>
                ) : null}
              </View>
            )
          })}
        </View>
      ) : null}
    </View>
  )
}

/** Who proposed it, why, and until when a second official may decide it. */
function ProposalFacts({ proposal }: { proposal: ProposalView }) {
  const lines = proposalLines(proposal, Date.now())
  return (
    <View className='official-status__proposal'>
      <View className='official-row official-status__proposal-row--by'>
        <Text className='official-row__label'>提出人</Text>
        <Text className='official-row__value'>{proposal.proposedBy}</Text>
      </View>
      <View className='official-row official-status__proposal-row--reason'>
        <Text className='official-row__label'>原因</Text>
        <Text className='official-row__value'>{lines.reason}</Text>
      </View>
      <View className='official-row official-status__proposal-row--expiry'>
        <Text className='official-row__label'>复核期限</Text>
        <Text className='official-row__value'>{lines.expiry}</Text>
      </View>
    </View>
  )
}
