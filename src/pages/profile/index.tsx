/**
 * 实名信息: the account holder's name, ID number and mobile, recorded once in the app (never on
 * a page reached by scanning), and 实名核验 of them. The first time every field is needed;
 * afterwards the masked current values are shown, with 已核验（微信人脸核身） and the health status,
 * or 未核验 and one primary button 去核验 (a typed name proves nothing, so no colour is shown
 * until a provider vouched for it). Saving typed 实名信息 offers 去核验 at once. Unverified, any
 * field can change (the ID number not once there are entries); verified, only the mobile.
 * Opened from the check-in page with ?then=back, a verification (or a save of a verified
 * profile, or 暂不核验) goes back there and the check-in completes by itself. A row at the
 * bottom opens 谁查看了我的信息. Data: people.getProfile, whoAmI, people.saveProfile,
 * people.startVerification → the platform's screen → people.confirmVerification.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useRef, useState } from 'react'
import type { IdentityProviderKind, ProfileView } from '../../shared/api'
import { ERRORS } from '../../shared/errors'
import { EDIT_RULES, PROFILE_RULES, type PersonField } from '../../shared/person-form'
import { callAction } from '../../services/actions'
import { getPageParams } from '../../services/page-params'
import { hasInput, personFormErrors, personRequest } from '../../services/person-form-state'
import { usePersonForm } from '../../services/use-person-form'
import { useLoaded } from '../../services/use-loaded'
import { loadProfilePage } from '../../services/profile-view'
import { verifyIdentity } from '../../services/identity-verify'
import {
  UNVERIFIED_EXPLAIN, UNVERIFIED_LABEL, VERIFIED_FIELD_LOCKED, VERIFIED_NOTICE, VERIFY_BUTTON, verifiedLabel, verifyHint
} from '../../services/identity-view'
import { readElderMode } from '../../services/elder-mode'
import { scrollToTop } from '../../services/scroll-top'
import PersonFields from '../../components/PersonFields'
import { NotLoaded } from '../../components/LoadError'
import HealthChip from '../../components/HealthChip'
import './index.css'

/** The fields an edit offers: verified, the mobile only; with entries, not the ID number. */
function editableFields(profile: ProfileView | null): PersonField[] {
  if (profile?.verified) return ['phone']
  return profile?.hasEntries ? ['name', 'phone'] : ['name', 'idCard', 'phone']
}

function lockedFields(profile: ProfileView | null) {
  if (profile?.verified) return { name: VERIFIED_FIELD_LOCKED, idCard: VERIFIED_FIELD_LOCKED }
  return profile?.hasEntries ? { idCard: ERRORS.ID_CARD_LOCKED } : {}
}

export default function Profile() {
  const { loaded, load, setData } = useLoaded(loadProfilePage)
  const profile = loaded.kind === 'ok' ? loaded.data.profile : null
  // A first save needs every field; afterwards an empty field means unchanged.
  const rules = profile ? EDIT_RULES : PROFILE_RULES
  const { form, formRef, errors, setErrors, change, blur, reset, banner, setBanner, warn, refused } = usePersonForm(rules)
  const [notice, setNotice] = useState('')
  const [saving, setSaving] = useState(false)
  const [verifying, setVerifying] = useState(false)
  const thenBack = useRef(getPageParams().then === 'back')
  const elder = readElderMode()

  const root = `page profile${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>
  const { provider } = loaded.data

  const fields = editableFields(profile)

  // Back to the check-in page, which retries when it shows again. Opened on its own (no page
  // to go back to), the page simply stays.
  const goBack = () => { Taro.navigateBack().catch(() => undefined) }

  const submit = async () => {
    setBanner('')
    setNotice('')
    if (profile && !hasInput(formRef.current, fields)) {
      warn('请填写要修改的项目，不修改的项目留空即可')
      return
    }
    const found = personFormErrors(formRef.current, rules, fields)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      warn('请按提示修改标红的内容')
      return
    }
    setSaving(true)
    const res = await callAction('people', 'saveProfile', personRequest(formRef.current, fields))
    setSaving(false)
    if (!res.ok) {
      refused(res)
      return
    }
    setData((d) => ({ ...d, profile: res.data.profile }))
    reset()
    // A verified profile's change (the mobile) needs nothing more; typed 实名信息 is offered
    // 去核验 right here, at the top, before going anywhere.
    if (thenBack.current && res.data.profile.verified) { goBack(); return }
    setNotice(res.data.profile.verified ? '已保存' : '已保存，请完成实名核验')
    scrollToTop()
  }

  const verify = async () => {
    if (verifying) return
    setBanner('')
    setNotice('')
    setVerifying(true)
    const res = await verifyIdentity()
    setVerifying(false)
    if (res.kind === 'refused') { refused(res.fail); return }
    if (res.kind === 'cancelled') { warn(res.message); return }
    setData((d) => ({ ...d, profile: res.profile }))
    reset()
    if (thenBack.current) { goBack(); return }
    setNotice(VERIFIED_NOTICE)
    scrollToTop()
  }

  return (
    <View className={root}>
      {banner ? <Text className='banner-error profile__banner'>{banner}</Text> : null}
      {notice ? <Text className='banner-ok profile__saved'>{notice}</Text> : null}

      {profile ? (
        <View className={`card profile__status profile__status--${profile.verified ? 'verified' : 'unverified'}`}>
          <View className='profile__status-line'>
            <Text className='profile__name'>{profile.nameMasked}</Text>
            {profile.verified
              ? <Text className='profile__verified'>{verifiedLabel(profile.verifiedVia)}</Text>
              : <Text className='profile__unverified'>{UNVERIFIED_LABEL}</Text>}
          </View>
          {profile.verified ? <HealthChip status={profile.healthStatus} /> : (
            <VerifyOffer provider={provider} verifying={verifying} onVerify={verify} thenBack={thenBack.current} onSkip={goBack} />
          )}
        </View>
      ) : (
        <View className='card profile__intro'>
          <Text className='section-title'>填写实名信息</Text>
          <Text className='profile__intro-text'>扫码登记需要知道入场的是谁，和健康码一样，只需在这里填写一次本人信息并完成实名核验。以后扫描场所码即自动登记，无需再填写。</Text>
        </View>
      )}

      <View className='card'>
        <Text className='section-title'>{!profile ? '本人信息' : profile.verified ? '修改手机号码' : '修改实名信息'}</Text>
        <PersonFields
          form={form}
          errors={errors}
          onChange={change}
          onBlur={blur}
          current={profile ? { name: profile.nameMasked, idCard: profile.idCardMasked, phone: profile.phoneMasked } : undefined}
          locked={lockedFields(profile)}
        />
      </View>

      <Text className='muted profile__privacy'>证件号码和手机号码加密保存，仅以脱敏形式显示。</Text>
      <Button
        className={`btn ${profile && !profile.verified ? 'btn--ghost' : 'btn--primary'} profile__submit`}
        loading={saving}
        disabled={saving || undefined}
        onClick={submit}
      >
        {thenBack.current && profile?.verified ? '保存并继续登记' : '保存'}
      </Button>

      <View className='card profile__links'>
        <View className='profile__link profile__link--access-log' onClick={() => Taro.navigateTo({ url: '/pages/access-log/index' })}>
          <Text className='profile__link-label'>谁查看了我的信息</Text>
          <Text className='profile__link-value'>查看记录 ›</Text>
        </View>
      </View>
    </View>
  )
}

interface OfferProps {
  /** undefined: not known (whoAmI failed), the button stays and the server explains. */
  provider: IdentityProviderKind | null | undefined
  verifying: boolean
  onVerify: () => void
  thenBack: boolean
  onSkip: () => void
}

/** 未核验: why it matters, and the one primary button (or why this deployment cannot verify). */
function VerifyOffer({ provider, verifying, onVerify, thenBack, onSkip }: OfferProps) {
  return (
    <View className='profile__verify-offer'>
      <Text className='profile__verify-explain'>{UNVERIFIED_EXPLAIN}</Text>
      {provider === null ? <Text className='profile__verify-missing'>{ERRORS.IDENTITY_PROVIDER_MISSING}</Text> : (
        <View>
          {provider ? <Text className='muted profile__verify-hint'>{verifyHint(provider)}</Text> : null}
          <Button className='btn btn--primary profile__verify' loading={verifying} disabled={verifying || undefined} onClick={onVerify}>{VERIFY_BUTTON}</Button>
        </View>
      )}
      {/* Paper registration never needed a face: the scan is recorded all the same, without a colour. */}
      {thenBack ? <Button className='btn btn--ghost profile__skip' onClick={onSkip}>暂不核验，返回</Button> : null}
    </View>
  )
}
