/**
 * The state of the 场所管理 hub: the venue's VenueDetail, loaded once and again quietly when the
 * page shows after 修改场所信息 or a 场所码 page, and the changes made on it. Every change
 * answers the whole VenueDetail, which replaces what is shown; its message (a refusal, or what
 * was done) is kept with the place on the page it belongs to.
 */
import { useDidShow } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import type { Fail, Result, VenueDetail } from '../shared/api'
import { callAction } from './actions'
import { useLoaded } from './use-loaded'

export type Note = { at: string; text: string; ok: boolean }

const NO_VENUE: Fail = { ok: false, code: 'INVALID_INPUT', message: '缺少场所信息，请从首页“我的场所码”进入' }

export function useVenueDetail(venueId: string) {
  const { loaded, load, setData } = useLoaded(() => (venueId ? callAction('venue', 'get', { venueId }) : Promise.resolve(NO_VENUE)))
  const [note, setNote] = useState<Note | null>(null)
  const busy = useRef(false)

  // The first show is the mount, which loads already.
  const seen = useRef(false)
  useDidShow(() => {
    if (!seen.current) { seen.current = true; return }
    if (venueId) callAction('venue', 'get', { venueId }).then((res) => { if (res.ok) setData(() => res.data) })
  })

  /**
   * Runs one change unless another is under way. Its refusal is noted at `at` (a field's own
   * message first), its success as `done` at `doneAt` (where the result is still on screen),
   * unless the page itself shows what was done ('').
   */
  const change = useCallback(async (at: string, call: () => Promise<Result<VenueDetail>>, done: string, doneAt = at): Promise<boolean> => {
    if (busy.current) return false
    busy.current = true
    setNote(null)
    const res = await call()
    busy.current = false
    if (!res.ok) {
      setNote({ at, text: Object.values(res.fields ?? {})[0] ?? res.message, ok: false })
      return false
    }
    setData(() => res.data)
    if (done) setNote({ at: doneAt, text: done, ok: true })
    return true
  }, [setData])

  return { loaded, load, note, setNote, change }
}
