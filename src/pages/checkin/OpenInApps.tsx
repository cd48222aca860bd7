/**
 * 在微信中打开 / 在支付宝中打开 on the signed-out screen of a genuine code (browser build only):
 * the same venue and checkpoint opened in the verified app, where the citizen's identity is
 * verified and their colour is shown. Each is offered only when the server made its link.
 */
import { View, Button } from '@tarojs/components'
import type { CodeInfoResponse } from '../../shared/api'
import { openUrl } from '../../services/open-url'

export default function OpenInApps({ openIn }: { openIn: CodeInfoResponse['openIn'] | null }) {
  if (process.env.TARO_ENV !== 'h5' || !openIn || (!openIn.wechat && !openIn.alipay)) return null
  const { wechat, alipay } = openIn
  return (
    <View className='checkin-open-in'>
      {wechat ? <Button className='btn btn--primary checkin-open-in__wechat' data-href={wechat} onClick={() => openUrl(wechat)}>在微信中打开</Button> : null}
      {alipay ? <Button className='btn btn--primary checkin-open-in__alipay' data-href={alipay} onClick={() => openUrl(alipay)}>在支付宝中打开</Button> : null}
    </View>
  )
}
