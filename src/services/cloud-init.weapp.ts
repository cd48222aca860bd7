import Taro from '@tarojs/taro'

/** WeChat cloud functions need the SDK pointed at our cloud environment before the first call. */
export function initCloud(): void {
  if (Taro.cloud) {
    // An empty env id means "the default environment" of the cloud project.
    const env = process.env.TARO_APP_CLOUD_ENV
    Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
  }
}
