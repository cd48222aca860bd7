/** 长辈模式: larger text for older people (DESIGN §4), remembered across visits. */
import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { markDocument } from './elder-mode-dom'

const KEY = 'csm.elderMode'

export function readElderMode(): boolean {
  try { return Taro.getStorageSync(KEY) === true || Taro.getStorageSync(KEY) === 'true' } catch { return false }
}

// What Taro draws outside any page (the browser's dialogs, toasts, sheets) reads the setting
// from the document: marked once as the app loads, then whenever the setting changes.
markDocument(readElderMode())

/** Current setting plus a setter that persists it; pages add the 'elder' class to their root. */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(readElderMode)
  const set = useCallback((v: boolean) => {
    setOn(v)
    markDocument(v)
    try { Taro.setStorageSync(KEY, v) } catch { /* storage full: setting lasts this visit */ }
  }, [])
  return [on, set]
}
