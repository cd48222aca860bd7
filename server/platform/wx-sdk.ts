/** The parts of wx-server-sdk we use: identity, and subscription messages for alerts. */
export interface WxServerSdk {
  init(options: { env: unknown }): void
  DYNAMIC_CURRENT_ENV: unknown
  getWXContext(): { OPENID?: string }
  openapi?: {
    subscribeMessage?: {
      send(request: SubscribeMessageRequest): Promise<{ errCode?: number; errcode?: number; errMsg?: string; errmsg?: string }>
    }
  }
}

export interface SubscribeMessageRequest {
  touser: string
  templateId: string
  page: string
  data: Record<string, { value: string }>
  miniprogramState: 'developer' | 'trial' | 'formal'
}

// On globalThis: one init per process, however many bundled functions share it.
const SDK_KEY = Symbol.for('changsuoma.wx-server-sdk')

/** Loaded only on WeChat: the HTTP runtime and tests of other platforms never need the SDK. */
export function wechat(): WxServerSdk {
  const g = globalThis as unknown as Record<symbol, WxServerSdk | undefined>
  let cloud = g[SDK_KEY]
  if (!cloud) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    cloud = require('wx-server-sdk') as WxServerSdk
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
    g[SDK_KEY] = cloud
  }
  return cloud
}
