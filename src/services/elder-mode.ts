/** 长辈模式: larger text for older people (DESIGN §4), remembered across visits. */
import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'

const KEY = 'csm.elderMode'

export function readElderMode(): boolean {
  try { return Taro.getStorageSync(KEY) === true || Taro.getStorageSync(KEY) === 'true' } catch { return false }
}

/** Current setting plus a setter that persists it; pages add the 'elder' class to their root. */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(readElderMode)
  const set = useCallback((v: boolean) => {
    setOn(v)
    try { Taro.setStorageSync(KEY, v) } catch { /* storage full: setting lasts this visit */ }
  }, [])
  return [on, set]
}
