/**
 * 申领场所码: the venue admin's form (seed 000 / 004), then 申领成功 on the same page. Rules live in
 * services/apply-form.ts, the form's state and region sheet in services/use-venue-form.ts; this
 * page submits generateCode. The admin is 本人 from 实名信息 when the account has a name and
 * mobile there (改填其他管理员 types another). Every message appears next to its field; anything
 * else in the banner, which goes once the marked fields are fixed.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { GenerateCodeResponse } from '../../shared/api'
import { callAction } from '../../services/actions'
import { DEMO_LOGIN_PLATFORM } from '../../services/session'
import { adminSelfLabel, toApplyRequest, validateApplyField, validateApplyForm } from '../../services/apply-form'
import { useVenueForm } from '../../services/use-venue-form'
import { venueLinks } from '../../services/venue-manage'
import { scrollToTop } from '../../services/scroll-top'
import { readElderMode } from '../../services/elder-mode'
import VenueFields from '../../components/VenueFields'
import DemoAccounts from '../../components/DemoAccounts'
import QrCanvas from '../../components/QrCanvas'
import PosterOutput from '../../components/PosterOutput'
import './index.css'

export default function Apply() {
  const { form, formRef, errors, setErrors, change, blur, banner, setBanner, warn, refused, regions, startRegions } = useVenueForm(validateApplyField)
  const [needLogin, setNeedLogin] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [selfLabel, setSelfLabel] = useState<string | null>(null)
  const [done, setDone] = useState<GenerateCodeResponse | null>(null)
  const elder = readElderMode()

  const loadSelf = async () => {
    const res = await callAction('people', 'getProfile', {})
    setSelfLabel(res.ok ? adminSelfLabel(res.data.profile) : null)
  }

  useEffect(() => { startRegions(); loadSelf() }, [startRegions])

  const submit = async () => {
    setBanner('')
    setNeedLogin(false)
    const adminSelf = selfLabel !== null
    const found = validateApplyForm(formRef.current, adminSelf)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      warn('请按提示修改标红的内容', true)
      return
    }
    setSubmitting(true)
    const res = await callAction('generateCode', 'apply', toApplyRequest(formRef.current, adminSelf))
    setSubmitting(false)
    if (res.ok) {
      setDone(res.data)
      scrollToTop()
      return
    }
    refused(res)
    // 实名信息 without a name and mobile after all: the admin's fields are typed.
    if (res.fields?.adminName && adminSelf) setSelfLabel(null)
    if (res.code === 'NOT_LOGGED_IN' && DEMO_LOGIN_PLATFORM) setNeedLogin(true)
  }

  const root = `page apply${elder ? ' elder' : ''}`
  if (done) {
    const { venue, code } = done
    return (
      <View className={`${root} apply-done`}>
        <View className='apply-done__head'>
          <Text className='apply-done__title'>申领成功</Text>
          <Text className='muted apply-done__sub'>请打印场所码，张贴在“{code.checkpointName}”醒目位置</Text>
        </View>
        <View className='apply-done__poster'>
          <View className='apply-done__qr'><QrCanvas text={code.url} /></View>
          <Text className='apply-done__venue venue-name'>{venue.name}</Text>
          <Text className='apply-done__address'>{venue.fullAddress}</Text>
        </View>
        <PosterOutput venue={venue} code={code} />
        <Button className='btn btn--ghost apply-done__manage' onClick={() => Taro.redirectTo({ url: venueLinks.manage(venue.id) })}>进入场所管理</Button>
      </View>
    )
  }

  return (
    <View className={root}>
      {banner ? <Text className='banner-error apply__banner'>{banner}</Text> : null}
      {needLogin ? <DemoAccounts title='请先登录' onSignedIn={() => { setNeedLogin(false); setBanner(''); loadSelf() }} /> : null}

      <VenueFields
        form={form}
        errors={errors}
        regions={regions}
        onChange={change}
        onBlur={blur}
        adminSelf={selfLabel ? { label: selfLabel, onTypeOther: () => setSelfLabel(null) } : null}
      />

      <Text className='muted apply__privacy'>证件号码和手机号码加密保存，仅以脱敏形式显示。</Text>
      <Button className='btn btn--primary apply__submit' loading={submitting} disabled={submitting || undefined} onClick={submit}>提交申领</Button>
    </View>
  )
}
