/**
 * What a page of one's own data (实名信息, 同行人员, 扫码记录, 辅助登记) shows when it could not
 * load: the message, the demo sign-in when the reason is not being signed in (HTTP platforms),
 * and a retry.
 */
import { View, Text, Button } from '@tarojs/components'
import type { Fail } from '../shared/api'
import { DEMO_LOGIN_PLATFORM } from '../services/session'
import AlipaySignIn from './AlipaySignIn'
import DemoAccounts from './DemoAccounts'

/** Loading text or the failure, for a page whose data is not there (yet). */
export function NotLoaded({ loaded, onRetry }: { loaded: { kind: 'loading' } | { kind: 'failed'; fail: Fail }; onRetry: () => void }) {
  return loaded.kind === 'loading' ? <Text className='muted page-loading'>正在加载…</Text> : <LoadError fail={loaded.fail} onRetry={onRetry} />
}

export default function LoadError({ fail, onRetry }: { fail: Pick<Fail, 'code' | 'message'>; onRetry: () => void }) {
  const login = fail.code === 'NOT_LOGGED_IN' && DEMO_LOGIN_PLATFORM
  return (
    <View className='load-error'>
      <Text className='banner-error load-error__message'>{fail.message}</Text>
      {login ? <AlipaySignIn onSignedIn={onRetry} /> : null}
      {login ? <DemoAccounts title='请先登录' onSignedIn={onRetry} /> : null}
      <Button className='btn btn--ghost' onClick={onRetry}>重试</Button>
    </View>
  )
}
