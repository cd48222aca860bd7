import type { IdentityProviderKind } from '../../src/shared/api'
import type { Config } from '../config'

/**
 * The provider an account verifies with: on the local stack the demo provider (so every account
 * can try the flow in a browser); elsewhere its platform's, WeChat for an OPENID, Alipay for an
 * Alipay user id. Null when this deployment has none for it. Read from the configuration alone,
 * so that answering whoAmI never loads a provider's SDK.
 */
export function providerKindFor(config: Config, account: { wx_openid: string | null; alipay_uid: string | null }): IdentityProviderKind | null {
  if (config.demoLogin) return 'demo'
  if (account.wx_openid && config.wechat) return 'wechat'
  if (account.alipay_uid && config.alipay) return 'alipay'
  return null
}
