/**
 * 辅助登记: an inspector (or the venue's admin) enters a person without a phone at the door.
 * Pick the venue and checkpoint (preselected when opened from the gate screen with
 * ?venueId=&checkpointId=), then type the person's name and ID number (mobile optional)
 * or pick someone registered here in the last 7 days; the result is the same status card the
 * person would have seen after scanning, marked 辅助登记, for the door to read. At a venue not
 * yet approved by its officials (场所审核) the card shows 场所未经审核 and no colour: typing a
 * stranger's name and ID number must not reveal their status.
 * Data: assist.venues, assist.recent, assist.register.
 */
import { View, Text, Button, Picker } from '@tarojs/components'
import { useCallback, useState } from 'react'
import type { AssistedPerson, CheckInVenue, PersonEntry, PersonInput } from '../../shared/api'
import { ASSISTED_RULES } from '../../shared/person-form'
import { formatShanghai } from '../../shared/time'
import { callAction } from '../../services/actions'
import { initialCheckpoint, initialPlace } from '../../services/assist-choice'
import { getPageParams } from '../../services/page-params'
import { PERSON_TEXT_FIELDS, personFormErrors, personRequest } from '../../services/person-form-state'
import { usePersonForm } from '../../services/use-person-form'
import { readElderMode } from '../../services/elder-mode'
import { assistOutcome } from '../../services/result-feedback'
import { useResultFeedback } from '../../services/use-result-feedback'
import { scrollToTop } from '../../services/scroll-top'
import { useLoaded } from '../../services/use-loaded'
import { personDetail } from '../../services/person-label'
// Components in the order the check-in page loads their styles (DemoAccounts, via LoadError,
// before PersonStatusCard): the mini-program build wants one order for the shared stylesheet.
import PersonFields from '../../components/PersonFields'
import { NotLoaded } from '../../components/LoadError'
import PersonStatusCard, { VenueBlock } from '../../components/PersonStatusCard'
import FieldError from '../../components/FieldError'
import './index.css'

type Mode = 'type' | 'recent'

export default function Assist() {
  const [recent, setRecent] = useState<{ people: AssistedPerson[]; days: number } | null>(null)
  const [venueId, setVenueId] = useState('')
  const [checkpointId, setCheckpointId] = useState('')
  const [mode, setMode] = useState<Mode>('type')
  const [pickedPerson, setPickedPerson] = useState('')
  const { form, formRef, errors, setErrors, change, blur, reset, banner, setBanner, warn, refused } = usePersonForm(ASSISTED_RULES)
  const [placeErrors, setPlaceErrors] = useState<{ checkpoint?: string; person?: string }>({})
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ venue: CheckInVenue; entry: PersonEntry } | null>(null)
  useResultFeedback(assistOutcome(result))
  const elder = readElderMode()

  const loadRecent = useCallback(async () => {
    const res = await callAction('assist', 'recent', {})
    if (res.ok) setRecent(res.data)
  }, [])

  // The venue and checkpoint of the gate screen it was opened from, or a single venue and its
  // only checkpoint.
  const { loaded, load } = useLoaded(() => callAction('assist', 'venues', {}), ({ venues, last }) => {
    const place = initialPlace(venues, getPageParams(), last)
    setVenueId(place.venueId)
    setCheckpointId(place.checkpointId)
    if (venues.length > 0) loadRecent()
  })

  const root = `page assist${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>

  const { venues } = loaded.data
  if (venues.length === 0) {
    return (
      <View className={root}>
        <View className='card assist__none'>
          <Text className='section-title'>暂不能辅助登记</Text>
          <Text className='assist__none-text'>辅助登记需由场所管理员绑定为检测员：请向场所管理员索取6位“场所申报码”完成绑定，之后即可在这里为没有手机的人员登记。</Text>
        </View>
      </View>
    )
  }

  const venue = venues.find((v) => v.venueId === venueId)
  const checkpoint = venue?.checkpoints.find((c) => c.id === checkpointId)

  const pickVenue = (index: number) => {
    const v = venues[index]
    if (!v) return
    setVenueId(v.venueId)
    setCheckpointId(initialCheckpoint(v))
    setPlaceErrors({})
  }

  const next = () => {
    scrollToTop()
    setResult(null)
    setPickedPerson('')
    reset()
    setBanner('')
    loadRecent()
  }

  const submit = async () => {
    setBanner('')
    const place = { checkpoint: venue && checkpoint ? undefined : '请选择场所和检测点', person: undefined as string | undefined }
    let who: { personId: string } | PersonInput | null = null
    if (mode === 'recent') {
      if (pickedPerson) who = { personId: pickedPerson }
      else place.person = '请选择一位近7天登记过的人员'
      setErrors({})
    } else {
      const found = personFormErrors(formRef.current, ASSISTED_RULES, PERSON_TEXT_FIELDS)
      setErrors(found)
      if (Object.keys(found).length === 0) who = personRequest(formRef.current, PERSON_TEXT_FIELDS) as PersonInput
    }
    setPlaceErrors(place)
    if (!who || !venue || !checkpoint) { warn('请按提示补全标红的内容'); return }
    setBusy(true)
    const res = await callAction('assist', 'register', { venueId: venue.venueId, checkpointId: checkpoint.id, ...who })
    setBusy(false)
    if (!res.ok) {
      refused(res)
      return
    }
    setResult(res.data)
    scrollToTop()
  }

  if (result) {
    return (
      <View className={root}>
        <View className='assist__result'>
          <Text className='assist__result-banner'>辅助登记成功</Text>
          <PersonStatusCard
            personId={result.entry.personId}
            nameMasked={result.entry.nameMasked}
            healthStatus={result.entry.healthStatus}
            statusHidden={result.entry.statusHidden}
            tag={personDetail('辅助登记', result.entry.idLast4)}
            repeated={result.entry.repeated}
          />
          <VenueBlock venue={result.venue} at={result.entry.checkedInAt} atLabel='登记时间' method='辅助登记' />
        </View>
        <Button className='btn btn--primary assist__next' onClick={next}>继续登记下一位</Button>
      </View>
    )
  }

  return (
    <View className={root}>
      {banner ? <Text className='banner-error assist__banner'>{banner}</Text> : null}

      <View className='card'>
        <Text className='section-title'>登记地点</Text>
        <View className='assist__place'>
          <Text className='assist__place-label'>场所</Text>
          {venues.length === 1 ? (
            <View className='assist__venue-fixed'>
              <Text className='assist__venue-name'>{venues[0].name}</Text>
              <Text className='muted'>{venues[0].fullAddress}</Text>
            </View>
          ) : (
            <Picker mode='selector' range={venues.map((v) => v.name)} value={Math.max(0, venues.findIndex((v) => v.venueId === venueId))} onChange={(e) => pickVenue(Number(e.detail.value))}>
              <View className={`assist__picker venue-picker${venue ? '' : ' assist__picker--empty'}`}>
                <Text>{venue ? venue.name : '请选择场所'}</Text>
                <Text className='assist__arrow'>›</Text>
              </View>
            </Picker>
          )}
        </View>
        <View className={`assist__place${placeErrors.checkpoint ? ' assist__place--error' : ''}`}>
          <Text className='assist__place-label'>检测点</Text>
          <Picker
            mode='selector'
            range={(venue?.checkpoints ?? []).map((c) => c.name)}
            value={Math.max(0, venue ? venue.checkpoints.findIndex((c) => c.id === checkpointId) : 0)}
            disabled={!venue || undefined}
            onChange={(e) => {
              const c = venue?.checkpoints[Number(e.detail.value)]
              if (c) { setCheckpointId(c.id); setPlaceErrors((p) => ({ ...p, checkpoint: undefined })) }
            }}
          >
            <View className={`assist__picker checkpoint-picker${checkpoint ? '' : ' assist__picker--empty'}`}>
              <Text>{checkpoint ? checkpoint.name : venue ? '请选择检测点' : '请先选择场所'}</Text>
              <Text className='assist__arrow'>›</Text>
            </View>
          </Picker>
          <FieldError field='checkpoint' message={placeErrors.checkpoint} />
        </View>
      </View>

      <View className='assist__tabs'>
        <Text className={`assist__tab assist__tab--type${mode === 'type' ? ' assist__tab--on' : ''}`} onClick={() => setMode('type')}>填写身份信息</Text>
        <Text className={`assist__tab assist__tab--recent${mode === 'recent' ? ' assist__tab--on' : ''}`} onClick={() => setMode('recent')}>近{recent?.days ?? 7}天登记过的人员</Text>
      </View>

      {mode === 'type' ? (
        <View className='card'>
          <PersonFields form={form} errors={errors} onChange={change} onBlur={blur} optional={['phone']} />
        </View>
      ) : (
        <View className='card assist__recent'>
          {recent && recent.people.length === 0 ? <Text className='muted'>近{recent.days}天没有您辅助登记过的人员</Text> : null}
          {(recent?.people ?? []).map((p) => (
            <View
              key={p.personId}
              className={`assist__person${pickedPerson === p.personId ? ' assist__person--on' : ''}`}
              data-person={p.personId}
              onClick={() => { setPickedPerson(p.personId); setPlaceErrors((e) => ({ ...e, person: undefined })) }}
            >
              <View className='assist__radio'><Text>{pickedPerson === p.personId ? '✓' : ''}</Text></View>
              <View className='assist__person-text'>
                <Text className='assist__person-name'>{p.nameMasked}</Text>
                <Text className='muted'>{p.idCardMasked} · 上次 {formatShanghai(p.lastAt, 'M月D日 HH:mm')}</Text>
              </View>
            </View>
          ))}
          <FieldError field='person' message={placeErrors.person} />
        </View>
      )}

      <Text className='muted assist__privacy'>请核对本人证件后登记。证件号码和手机号码加密保存，仅以脱敏形式显示。</Text>
      <Button className='btn btn--primary assist__submit' loading={busy} disabled={busy || undefined} onClick={submit}>登记入场</Button>
    </View>
  )
}
