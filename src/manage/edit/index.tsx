/**
 * 修改场所信息: the 申领 form with the venue's current values (seed 004: "请在管理员页面点击修改，
 * 确保显示单位名称与统一社会信用代码一致"). The credit code and the admin's name and mobile come
 * back masked, so they start empty with the masked value as the hint; only the fields that
 * changed are sent (venue.update) and the server records each change. Back to 场所管理 after.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useRef, useState } from 'react'
import { callAction } from '../../services/actions'
import { getPageParams } from '../../services/page-params'
import { editFormOf, validateEditField, validateEditForm, venueChanges, type ApplyForm } from '../../services/apply-form'
import { useVenueForm } from '../../services/use-venue-form'
import { useLoaded } from '../../services/use-loaded'
import { readElderMode } from '../../services/elder-mode'
import { venueLinks } from '../../services/venue-manage'
import VenueFields from '../../components/VenueFields'
import { NotLoaded } from '../../components/LoadError'
import './index.css'

export default function EditVenue() {
  const venueId = useRef(getPageParams().venueId ?? '').current
  const { form, formRef, setForm, errors, setErrors, change, blur, banner, setBanner, warn, refused, regions, startRegions } = useVenueForm(validateEditField)
  // The venue as loaded, in the form's shape: what a field is compared with to count as changed.
  const before = useRef<ApplyForm | null>(null)
  const { loaded, load } = useLoaded(
    () => (venueId ? callAction('venue', 'get', { venueId }) : Promise.resolve({ ok: false as const, code: 'INVALID_INPUT' as const, message: '缺少场所信息，请从“场所管理”进入' })),
    ({ venue }) => {
      before.current = editFormOf(venue)
      setForm(() => editFormOf(venue))
      startRegions(venue.region)
    }
  )
  const [saving, setSaving] = useState(false)
  const elder = readElderMode()

  const root = `page venue-edit${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok' || !before.current) return <View className={root}><NotLoaded loaded={loaded.kind === 'ok' ? { kind: 'loading' } : loaded} onRetry={load} /></View>
  const { venue } = loaded.data
  const original = before.current

  // Opened on its own (no hub below it, e.g. a reloaded H5 tab), the hub opens in its place.
  const backToHub = () => {
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
    else Taro.redirectTo({ url: venueLinks.manage(venueId) })
  }

  const submit = async () => {
    setBanner('')
    const found = validateEditForm(formRef.current)
    setErrors(found)
    if (Object.keys(found).length > 0) { warn('请按提示修改标红的内容'); return }
    const changes = venueChanges(formRef.current, original)
    if (Object.keys(changes).length === 0) { warn('没有修改任何内容'); return }
    setSaving(true)
    const res = await callAction('venue', 'update', { venueId, ...changes })
    setSaving(false)
    if (!res.ok) { refused(res); return }
    backToHub()
  }

  return (
    <View className={root}>
      {banner ? <Text className='banner-error venue-edit__banner'>{banner}</Text> : null}
      <Text className='muted venue-edit__note'>所在区域和统一社会信用代码的修改会被记录。请确保场所名称与营业执照一致，场所类型符合实际，便于追踪溯源。</Text>

      <VenueFields
        form={form}
        errors={errors}
        regions={regions}
        onChange={change}
        onBlur={blur}
        current={{ creditCode: venue.creditCodeMasked, adminName: venue.adminNameMasked, adminMobile: venue.adminMobileMasked }}
      />

      <Text className='muted venue-edit__privacy'>证件号码和手机号码加密保存，仅以脱敏形式显示。</Text>
      <Button className='btn btn--primary venue-edit__submit' loading={saving} disabled={saving || undefined} onClick={submit}>保存修改</Button>
      <Button className='btn btn--ghost venue-edit__cancel' onClick={backToHub}>取消</Button>
    </View>
  )
}
