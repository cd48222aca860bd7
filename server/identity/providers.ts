/**
 * Which identity providers this deployment has: WeChat 人脸核身 with the WeChat app's
 * credentials, Alipay 身份验证 with the Alipay app sign-in already uses, and the demo provider
 * wherever demo sign-in is on. A provider that is not configured is absent, never a stub.
 */
import type { Config } from '../config'
import { alipayCertifyProvider } from './alipay-certify'
import { demoIdentityProvider } from './demo'
import type { IdentityProvider } from './port'
import { ticketSealKey } from './ticket-seal'
import { wechatFaceProvider } from './wechat-face'

export interface IdentityProviders {
  wechat?: IdentityProvider
  alipay?: IdentityProvider
  demo?: IdentityProvider
}

const made = new WeakMap<Config, IdentityProviders>()

export function identityProviders(config: Config): IdentityProviders {
  let providers = made.get(config)
  if (!providers) {
    const sealKey = ticketSealKey(config.lookupHashKey)
    providers = {
      ...(config.wechat ? { wechat: wechatFaceProvider(config.wechat, sealKey) } : {}),
      ...(config.alipay ? { alipay: alipayCertifyProvider(config.alipay, { returnUrl: config.publicBaseUrl, sealKey }) } : {}),
      ...(config.demoLogin ? { demo: demoIdentityProvider(config, sealKey) } : {})
    }
    made.set(config, providers)
  }
  return providers
}
