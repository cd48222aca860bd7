/**
 * 实名信息: the account holder's name, ID number and mobile, recorded once in the app (never on
 * a page reached by scanning). The first time every field is needed; afterwards the masked
 * current values and the status are shown and any field can be changed, except the ID number
 * once there are entries (they belong to that person). Opened from the check-in page with
 * ?then=back, a successful save goes back there and the check-in completes by itself. A row
 * at the bottom opens 谁查看了我的信息 (the officials' accesses to this person's data).
 * Data: people.getProfile, people.saveProfile.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useRef, useState } from 'react'
import { ERRORS } from '../../shared/errors'
import { EDIT_RULES, PROFILE_RULES, type PersonField } from '../../shared/person-form'
import { callAction } from '../../services/actions'
import { getPageParams } from '../../services/page-params'
import { hasInput, personFormErrors, personRequest } from '../../services/person-form-state'
import { usePersonForm } from '../../services/use-person-form'
import { useLoaded } from '../../services/use-loaded'
import { readElderMode } from '../../services/elder-mode'
import { scrollToTop } from '../../services/scroll-top'
import PersonFields from '../../components/PersonFields'
import { NotLoaded } from '../../components/LoadError'
import HealthChip from '../../components/HealthChip'
import './index.css'

export default function Profile() {
  const { loaded, load, setData } = useLoaded(() => callAction('people', 'getProfile', {}))
  const profile = loaded.kind === 'ok' ? loaded.data.profile : null
  // A first save needs every field; afterwards an empty field means unchanged.
  const rules = profile ? EDIT_RULES : PROFILE_RULES
  const { form, formRef, errors, setErrors, change, blur, reset, banner, setBanner, warn, refused } = usePersonForm(rules)
  const [saved, setSaved] = useState(false)
  const [saving, setSaving] = useState(false)
  const thenBack = useRef(getPageParams().then === 'back')
  const elder = readElderMode()

  const root = `page profile${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>

  // With entries the ID number is fixed: they would otherwise move to another person.
  const idLocked = !!profile?.hasEntries
  const fields: PersonField[] = idLocked ? ['name', 'phone'] : ['name', 'idCard', 'phone']

  const submit = async () => {
    setBanner('')
    setSaved(false)
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
    setData(() => res.data)
    reset()
    if (thenBack.current) {
      // Back to the check-in page, which retries when it shows again. Opened on its own
      // (no page to go back to), the save is simply confirmed here.
      Taro.navigateBack().catch(() => setSaved(true))
      return
    }
    setSaved(true)
    scrollToTop()
  }

  return (
    <View className={root}>
      {banner ? <Text className='banner-error profile__banner'>{banner}</Text> : null}
      {saved ? <Text className='banner-ok profile__saved'>已保存</Text> : null}

      {profile ? (
        <View className='card profile__status'>
          <View className='profile__status-line'>
            <Text className='profile__name'>{profile.nameMasked}</Text>
            <Text className='profile__verified'>已实名</Text>
          </View>
          <HealthChip status={profile.healthStatus} />
        </View>
      ) : (
        <View className='card profile__intro'>
          <Text className='section-title'>填写实名信息</Text>
          <Text className='profile__intro-text'>扫码登记需要知道入场的是谁，和健康码一样，只需在这里填写一次本人信息。以后扫描场所码即自动登记，无需再填写。</Text>
        </View>
      )}

      <View className='card'>
        <Text className='section-title'>{profile ? '修改实名信息' : '本人信息'}</Text>
        <PersonFields
          form={form}
          errors={errors}
          onChange={change}
          onBlur={blur}
          current={profile ? { name: profile.nameMasked, idCard: profile.idCardMasked, phone: profile.phoneMasked } : undefined}
          locked={idLocked ? { idCard: ERRORS.ID_CARD_LOCKED } : {}}
        />
      </View>

      <Text className='muted profile__privacy'>证件号码和手机号码加密保存，仅以脱敏形式显示。</Text>
      <Button className='btn btn--primary profile__submit' loading={saving} disabled={saving || undefined} onClick={submit}>
        {thenBack.current ? '保存并继续登记' : '保存'}
      </Button>

      <View className='card profile__links'>
        <View className='profile__link profile__link--access-log' onClick={() => Taro.navigateTo({ url: '/pages/access-log/index' })}>
          <Text className='profile__link-label'>谁查看了我的信息</Text>
          <Text className='profile__link-value'>防控部门的查看记录 ›</Text>
        </View>
      </View>
    </View>
  )
}
