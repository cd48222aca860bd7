/**
 * 支付宝一键登录 (Alipay build only): one large button; a failure is shown under it in words a
 * person can act on. Elsewhere it renders nothing, so a page can place it unconditionally.
 */
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import type { Me } from '../shared/api'
import { alipaySignIn } from '../services/session'
import './AlipaySignIn.css'

interface Props {
  /** Called after a successful sign-in with the new identity. */
  onSignedIn: (me: Me) => void
}

export default function AlipaySignIn({ onSignedIn }: Props) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  if (process.env.TARO_ENV !== 'alipay') return null

  const signIn = async () => {
    setBusy(true)
    setError('')
    const res = await alipaySignIn()
    setBusy(false)
    if (res.ok) onSignedIn(res.data)
    else setError(res.message)
  }

  return (
    <View className='alipay-sign-in'>
      <Button
        className='alipay-sign-in__btn'
        type='primary'
        loading={busy}
        // H5 styles any present `disabled` attribute (even "false") as disabled: omit it when idle.
        disabled={busy ? true : undefined}
        onClick={signIn}
      >
        支付宝一键登录
      </Button>
      {error ? <Text className='alipay-sign-in__error'>{error}</Text> : null}
    </View>
  )
}
