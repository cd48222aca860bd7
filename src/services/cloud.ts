/**
 * H5 and Alipay: the functions are served over HTTP (local stack, self-hosting), so a call
 * is a JSON POST carrying the session token. WeChat uses cloud.weapp.ts instead.
 */
import Taro from '@tarojs/taro'
import { callFunction, setDefaultTransport, setTransport, NETWORK_ERROR_MESSAGE } from './cloud-core'
import type { Transport } from './cloud-core'
import { getToken } from './token'

const API_BASE = process.env.TARO_APP_API_BASE || '/api'
/**
 * A request with no answer by then is given up (and reported unreachable, so a check-in is
 * kept on the device) instead of leaving the person in front of 正在核验 for a minute.
 */
export const REQUEST_TIMEOUT_MS = 10_000

const httpTransport: Transport = async (name, data) => {
  const token = getToken()
  const header: Record<string, string> = { 'Content-Type': 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  let res: { data?: unknown }
  try {
    res = await Taro.request({
      url: `${API_BASE}/${name}`,
      method: 'POST',
      data: data ?? {},
      header,
      dataType: 'json',
      timeout: REQUEST_TIMEOUT_MS
    })
  } catch (err) {
    // Alipay rejects any status ≥ 400 (ours: 400, 401, 429, 500…) but hands the body along.
    res = (err ?? {}) as { data?: unknown }
  }
  // Error answers still carry a Result body (e.g. 401 NOT_LOGGED_IN); anything else is a
  // transport failure that callFunction turns into the network message.
  return typeof res.data === 'string' ? JSON.parse(res.data) : res.data
}

setDefaultTransport(httpTransport)

export { callFunction, setTransport, NETWORK_ERROR_MESSAGE }
export type { Transport }
