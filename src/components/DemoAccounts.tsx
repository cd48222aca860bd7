/**
 * Demo sign-in (local stack, H5 / Alipay only): one button per demo account, never an input,
 * so a tester or a reviewer can act as a citizen, a venue admin or an official in one tap.
 */
import { View, Text, Button } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { DemoAccount, DemoAccountId, Me } from '../shared/api'
import { demoLogin, loadDemoAccounts } from '../services/session'
import { meStatusLabel } from '../services/identity-view'
import './DemoAccounts.css'

export const ROLE_LABELS: Record<string, string> = {
  citizen: '市民',
  venue_admin: '场所管理员',
  inspector: '检测员',
  official: '防控人员'
}

interface Props {
  /** Called after a successful sign-in with the new identity. */
  onSignedIn: (me: Me) => void
  title?: string
  /** Restrict the buttons, e.g. to citizens on the check-in page. */
  filter?: (a: DemoAccount) => boolean
}

export default function DemoAccounts({ onSignedIn, title = '演示账号', filter }: Props) {
  const [accounts, setAccounts] = useState<DemoAccount[] | null>(null)
  const [busy, setBusy] = useState<DemoAccountId | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    let alive = true
    loadDemoAccounts().then((list) => { if (alive) setAccounts(list) })
    return () => { alive = false }
  }, [])

  if (!accounts || accounts.length === 0) return null
  const shown = filter ? accounts.filter(filter) : accounts

  const signIn = async (id: DemoAccountId) => {
    setBusy(id)
    setError('')
    const res = await demoLogin(id)
    setBusy(null)
    if (res.ok) onSignedIn(res.data)
    else setError(res.message)
  }

  return (
    <View className='demo-accounts'>
      <Text className='demo-accounts__title'>{title}</Text>
      <Text className='demo-accounts__hint'>本地演示环境：点击下方账号即可登录，无需填写任何信息</Text>
      {shown.map((a) => (
        <Button
          key={a.id}
          className='demo-accounts__btn'
          data-account={a.id}
          loading={busy === a.id}
          // H5 styles any present `disabled` attribute (even "false") as disabled: omit it when idle.
          disabled={busy !== null ? true : undefined}
          onClick={() => signIn(a.id)}
        >
          {a.label} · {a.nameMasked}
        </Button>
      ))}
      {error ? <Text className='demo-accounts__error'>{error}</Text> : null}
    </View>
  )
}

/** One line about the signed-in person: masked name, roles, health status (or why there is none). */
export function describeMe(me: Me): string {
  const roles = me.roles.map((r) => ROLE_LABELS[r] ?? r).join('、')
  const status = meStatusLabel(me)
  return `${me.nameMasked} · ${roles} · ${status}`
}
