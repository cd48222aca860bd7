/**
 * 申领场所码: the venue admin's form (seed 000 / 004). Rules live in services/apply-form.ts,
 * the form's state and region pickers in services/use-venue-form.ts; this page submits
 * generateCode. Every message appears next to its field; anything else in the banner.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { callAction } from '../../services/actions'
import { DEMO_LOGIN_PLATFORM } from '../../services/session'
import { toGenerateCodeRequest, validateApplyField, validateApplyForm } from '../../services/apply-form'
import { useVenueForm } from '../../services/use-venue-form'
import { readElderMode } from '../../services/elder-mode'
import VenueFields from '../../components/VenueFields'
import DemoAccounts from '../../components/DemoAccounts'
import './index.css'

export default function Apply() {
  const { form, formRef, errors, setErrors, change, blur, banner, setBanner, warn, refused, regions, startRegions } = useVenueForm(validateApplyField)
  const [needLogin, setNeedLogin] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const elder = readElderMode()

  useEffect(() => { startRegions() }, [startRegions])

  const submit = async () => {
    setBanner('')
    setNeedLogin(false)
    const found = validateApplyForm(formRef.current)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      warn('请按提示修改标红的内容')
      return
    }
    setSubmitting(true)
    const res = await callAction('generateCode', 'apply', toGenerateCodeRequest(formRef.current))
    setSubmitting(false)
    if (res.ok) {
      Taro.redirectTo({ url: `/pages/code/index?venueId=${encodeURIComponent(res.data.venue.id)}` })
      return
    }
    refused(res)
    if (res.code === 'NOT_LOGGED_IN' && DEMO_LOGIN_PLATFORM) setNeedLogin(true)
  }

  return (
    <View className={`page apply${elder ? ' elder' : ''}`}>
      {banner ? <Text className='banner-error apply__banner'>{banner}</Text> : null}
      {needLogin ? <DemoAccounts title='请先登录' onSignedIn={() => { setNeedLogin(false); setBanner('') }} /> : null}

      <VenueFields form={form} errors={errors} regions={regions} onChange={change} onBlur={blur} />

      <Text className='muted apply__privacy'>证件号码和手机号码加密保存，仅以脱敏形式显示。</Text>
      <Button className='btn btn--primary apply__submit' loading={submitting} disabled={submitting || undefined} onClick={submit}>提交申领</Button>
    </View>
  )
}
