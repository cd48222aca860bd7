/**
 * 接收场所 (?venueId=): a venue's admin offered the venue to this inspector. The offer (which
 * venue, from whom), then the name and mobile the recipient gives as the venue's admin (its
 * contact); 接收 makes them the admin and opens 场所管理, 拒绝 leaves everything as it was.
 * Data: inspector.venues (the offer), venue.acceptHandover, venue.declineHandover.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button, Input } from '@tarojs/components'
import { useRef, useState } from 'react'
import { ERRORS } from '../../shared/errors'
import { callAction } from '../../services/actions'
import { readElderMode } from '../../services/elder-mode'
import {
  handoverFieldError, handoverFormErrors, handoverRequest, serverHandoverErrors,
  type HandoverErrors, type HandoverField, type HandoverForm
} from '../../services/inspect-forms'
import { getPageParams } from '../../services/page-params'
import { scrollToTop } from '../../services/scroll-top'
import { useLoaded } from '../../services/use-loaded'
import { NotLoaded } from '../../components/LoadError'
import FieldError from '../../components/FieldError'
import './index.css'

const FIELDS: Array<{ field: HandoverField; label: string; placeholder: string; type: 'text' | 'number'; maxlength: number }> = [
  { field: 'adminName', label: '管理员姓名', placeholder: '与身份证一致的姓名', type: 'text', maxlength: 20 },
  { field: 'adminMobile', label: '管理员手机号', placeholder: '11位手机号码', type: 'number', maxlength: 11 }
]

export default function Handover() {
  const [venueId] = useState(() => getPageParams().venueId ?? '')
  const { loaded, load } = useLoaded(() => callAction('inspector', 'venues', {}))
  const [form, setForm] = useState<HandoverForm>({ adminName: '', adminMobile: '' })
  const formRef = useRef(form)
  const [errors, setErrors] = useState<HandoverErrors>({})
  const [banner, setBanner] = useState('')
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null)
  const [declined, setDeclined] = useState(false)
  const elder = readElderMode()

  const root = `page handover${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>
  const offer = loaded.data.handovers.find((h) => h.venueId === venueId)
  const home = () => Taro.reLaunch({ url: '/pages/index/index' })

  if (declined || !offer) {
    return (
      <View className={root}>
        {declined ? <Text className='banner-ok handover__declined'>已拒绝接收该场所，场所仍由原管理员管理</Text> : <Text className='banner-error handover__missing'>{ERRORS.HANDOVER_NOT_FOUND}</Text>}
        <Button className='btn btn--ghost' onClick={home}>返回首页</Button>
      </View>
    )
  }

  const change = (field: HandoverField, value: string) => {
    formRef.current = { ...formRef.current, [field]: value }
    setForm(formRef.current)
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e))
  }
  // Blur fires right after the last input: read the newest values, not this render's.
  const blur = (field: HandoverField) => setErrors((e) => ({ ...e, [field]: handoverFieldError(field, formRef.current) ?? undefined }))

  const accept = async () => {
    setBanner('')
    const found = handoverFormErrors(formRef.current)
    setErrors(found)
    if (Object.keys(found).length > 0) return
    setBusy('accept')
    const res = await callAction('venue', 'acceptHandover', { venueId, ...handoverRequest(formRef.current) })
    setBusy(null)
    if (!res.ok) {
      setErrors(serverHandoverErrors(res.fields))
      setBanner(res.message)
      scrollToTop()
      return
    }
    Taro.redirectTo({ url: `/manage/venue/index?venueId=${encodeURIComponent(venueId)}` })
  }

  const decline = async () => {
    setBanner('')
    const answer = await Taro.showModal({
      title: '拒绝接收',
      content: `拒绝接收“${offer.venueName}”？场所仍由 ${offer.fromNameMasked} 管理。`,
      confirmText: '拒绝',
      confirmColor: '#d4380d'
    })
    if (!answer.confirm) return
    setBusy('decline')
    const res = await callAction('venue', 'declineHandover', { venueId })
    setBusy(null)
    if (!res.ok) { setBanner(res.message); scrollToTop(); return }
    setDeclined(true)
  }

  return (
    <View className={root}>
      {banner ? <Text className='banner-error handover__banner'>{banner}</Text> : null}

      <View className='card handover__offer'>
        <Text className='handover__from'>{offer.fromNameMasked} 邀请您接管场所</Text>
        <Text className='handover__venue'>{offer.venueName}</Text>
        <Text className='handover__explain'>接收后您将成为该场所的管理员，可以管理检测点、检测员和场所码；{offer.fromNameMasked} 将转为本场所的检测员。</Text>
      </View>

      <View className='card'>
        <Text className='section-title'>管理员信息</Text>
        <Text className='muted handover__hint'>登记为本场所管理员的姓名和手机号，用于联系场所；页面上仅以脱敏形式显示。</Text>
        {FIELDS.map(({ field, label, placeholder, type, maxlength }) => (
          <View key={field} className={`handover__field${errors[field] ? ' handover__field--error' : ''}`}>
            <Text className='handover__label'>{label}</Text>
            <Input
              className={`handover__input input-${field}`}
              value={form[field]}
              placeholder={placeholder}
              type={type}
              maxlength={maxlength}
              onInput={(e) => change(field, e.detail.value)}
              onBlur={() => blur(field)}
            />
            <FieldError field={field} message={errors[field]} />
          </View>
        ))}
      </View>

      <Button className='btn btn--primary handover__accept' loading={busy === 'accept'} disabled={!!busy || undefined} onClick={accept}>接收场所</Button>
      <Button className='btn btn--ghost handover__decline' loading={busy === 'decline'} disabled={!!busy || undefined} onClick={decline}>拒绝</Button>
    </View>
  )
}
