/**
 * 绑定场所 (我是检测员): the inspector types the 6-digit 场所申报码 the venue's admin gave them and
 * is bound to that venue, then lands on its gate screen. A wrong code, too many tries and a
 * missing 实名信息 (the admin must see who bound) are said in words; the last offers the form.
 * Data: inspector.bind.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button, Input } from '@tarojs/components'
import { useState } from 'react'
import { callAction } from '../../services/actions'
import { readElderMode } from '../../services/elder-mode'
import { DECLARATION_CODE_LENGTH, declarationCodeError, normalizeDeclarationCode } from '../../services/inspect-forms'
import FieldError from '../../components/FieldError'
import './index.css'

export default function Bind() {
  const [code, setCode] = useState('')
  const [fieldError, setFieldError] = useState('')
  const [banner, setBanner] = useState<{ code: string; message: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const elder = readElderMode()

  const submit = async () => {
    setBanner(null)
    const error = declarationCodeError(code)
    setFieldError(error ?? '')
    if (error) return
    setBusy(true)
    const res = await callAction('inspector', 'bind', { declarationCode: code })
    setBusy(false)
    if (!res.ok) {
      setFieldError(res.fields?.declarationCode ?? '')
      setBanner({ code: res.code, message: res.message })
      return
    }
    Taro.redirectTo({ url: `/inspect/gate/index?venueId=${encodeURIComponent(res.data.venue.venueId)}` })
  }

  return (
    <View className={`page bind${elder ? ' elder' : ''}`}>
      {banner ? <Text className='banner-error bind__banner'>{banner.message}</Text> : null}
      {banner?.code === 'BIND_PROFILE_REQUIRED' ? (
        <Button className='btn btn--primary bind__profile' onClick={() => Taro.navigateTo({ url: '/pages/profile/index?then=back' })}>填写实名信息</Button>
      ) : null}

      <View className='card'>
        <Text className='section-title'>场所申报码</Text>
        <Text className='bind__explain'>请向场所管理员索取6位场所申报码，绑定后即可在该场所查看入场登记、进行体温检测和辅助登记。</Text>
        <View className={`bind__field${fieldError || banner?.code === 'DECLARATION_CODE_INVALID' ? ' bind__field--error' : ''}`}>
          <Input
            className='bind__input input-declarationCode'
            type='number'
            maxlength={DECLARATION_CODE_LENGTH}
            value={code}
            placeholder='6位数字'
            onInput={(e) => { setCode(normalizeDeclarationCode(e.detail.value)); setFieldError('') }}
            onConfirm={submit}
          />
        </View>
        <FieldError field='declarationCode' message={fieldError} />
      </View>

      <Button className='btn btn--primary bind__submit' loading={busy} disabled={busy || undefined} onClick={submit}>绑定</Button>
      <Text className='muted bind__note'>场所申报码由场所管理员提供。管理员更换申报码后旧码即失效，已绑定的检测员不受影响。</Text>
    </View>
  )
}
