/** The HTTP session token (H5 / Alipay). Kept apart from session.ts so cloud.ts can read it without a cycle. */
import Taro from '@tarojs/taro'

export const SESSION_KEY = 'csm.session'

export function getToken(): string {
  try {
    const v = Taro.getStorageSync(SESSION_KEY)
    return typeof v === 'string' ? v : ''
  } catch {
    return ''
  }
}

export function setToken(token: string): void {
  Taro.setStorageSync(SESSION_KEY, token)
}

export function clearToken(): void {
  Taro.removeStorageSync(SESSION_KEY)
}
