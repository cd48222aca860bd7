import Taro from '@tarojs/taro'

/** WeChat cloud functions need the SDK pointed at our cloud environment before the first call. */
export function initCloud(): void {
  if (Taro.cloud) {
    Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV, traceUser: true })
  }
}
