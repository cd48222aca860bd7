/**
 * 实名核验 on the home page, above everything else the account has to do: the notice that
 * another account verified this account's person and took it over (until 知道了), the 去核验
 * prompt for typed but unverified 实名信息 (no colour is shown until then), and the 同行人员
 * requests waiting for this verified person's answer. Loads people.companionRequests whenever
 * the page hands it a new `me` (sign-in, every return); renders nothing when nothing waits.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Me } from '../shared/api'
import { callAction } from '../services/actions'
import { companionRequestsText, identityMovedText, UNVERIFIED_EXPLAIN, VERIFY_BUTTON } from '../services/identity-view'
import './IdentityCard.css'

/** showVerify: false where the page's own status line already offers 去核验 (home). */
export default function IdentityCard({ me, showVerify = true }: { me: Me; showVerify?: boolean }) {
  const [waiting, setWaiting] = useState(0)
  const [dismissed, setDismissed] = useState(false)
  const [error, setError] = useState('')

  useEffect(() => {
    setDismissed(false)
    setError('')
    // Only a verified person can be asked to be someone's 同行人员.
    if (me.identity !== 'verified') { setWaiting(0); return }
    let alive = true
    callAction('people', 'companionRequests', {}).then((res) => {
      if (!alive) return
      if (res.ok) setWaiting(res.data.requests.filter((r) => !r.accepted).length)
      else setError(`同行人员请求暂时无法查询：${res.message}`)
    })
    return () => { alive = false }
  }, [me])

  const go = (url: string) => Taro.navigateTo({ url })

  const dismiss = async () => {
    const res = await callAction('people', 'dismissIdentityNotice', {})
    if (res.ok) setDismissed(true)
    else setError(res.message)
  }

  const moved = me.identityMovedAt && !dismissed ? me.identityMovedAt : null
  // Where this deployment has no provider there is nothing to tap: 实名信息 itself says so.
  const unverified = showVerify && me.identity === 'unverified' && me.identityProvider !== null
  if (!moved && !unverified && waiting === 0 && !error) return null
  return (
    <View className='identity-card'>
      {moved ? (
        <View className='identity-card__moved' role='alert'>
          <Text className='identity-card__title'>实名信息已转到另一个账号</Text>
          <Text className='identity-card__text'>{identityMovedText(moved)}</Text>
          <Button className='btn btn--white identity-card__dismiss' onClick={dismiss}>知道了</Button>
        </View>
      ) : null}
      {unverified ? (
        <View className='identity-card__verify'>
          <Text className='identity-card__title'>实名信息未核验</Text>
          <Text className='identity-card__text'>{UNVERIFIED_EXPLAIN}</Text>
          <Button className='btn btn--primary identity-card__go' onClick={() => go('/pages/profile/index')}>{VERIFY_BUTTON}</Button>
        </View>
      ) : null}
      {waiting > 0 ? (
        <View className='identity-card__requests' onClick={() => go('/pages/companions/index')}>
          <Text className='identity-card__requests-text'>{companionRequestsText(waiting)}</Text>
          <Text className='identity-card__requests-go'>查看 ›</Text>
        </View>
      ) : null}
      {error ? <Text className='muted identity-card__error'>{error}</Text> : null}
    </View>
  )
}
