/**
 * WeChat: functions are WeChat cloud functions; the caller's identity comes from WeChat
 * itself (cloud.getWXContext on the server), so no token travels.
 */
import Taro from '@tarojs/taro'
import { callFunction, setDefaultTransport, setTransport, NETWORK_ERROR_MESSAGE } from './cloud-core'
import type { Transport } from './cloud-core'

const wxCloudTransport: Transport = async (name, data) => {
  const res = await Taro.cloud.callFunction({ name, data: (data ?? {}) as Record<string, unknown> })
  return res.result
}

setDefaultTransport(wxCloudTransport)

export { callFunction, setTransport, NETWORK_ERROR_MESSAGE }
export type { Transport }
