/**
 * Data kept fresh while its page is shown (the gate's entries, 异常提醒): polls on mount and on
 * every show, one request at a time (createPoller), and stops on hide and unmount, so a screen in
 * the background asks nothing. Polling (re)starts whenever `key` changes; an empty key polls
 * nothing (e.g. no venue chosen yet).
 *
 * A failed poll keeps what is shown and sets `stale`; a refusal that asking again cannot cure
 * (unbound, signed out: isLastingFailure) stops the polling and is shown instead of the data.
 */
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Fail, Result } from '../shared/api'
import { createPoller, isLastingFailure, type Poller } from './gate-feed'

export interface Polled<T> {
  /** The last answer; null until the first one (and after clear()). */
  data: T | null
  /** The last poll failed; the data shown is the one before. */
  stale: boolean
  /** A refusal that ended the polling, or a failure before any data arrived. */
  fail: Fail | null
}

export function usePolled<T>(key: string, fetch: () => Promise<Result<T>>) {
  const [state, setState] = useState<Polled<T>>({ data: null, stale: false, fail: null })
  // The latest fetch, so a re-render never restarts the polling.
  const fetchRef = useRef(fetch)
  fetchRef.current = fetch
  const pollerRef = useRef<Poller | null>(null)

  useEffect(() => {
    if (!key) return undefined
    const poller = createPoller<T>({
      fetch: () => fetchRef.current(),
      onData: (data) => setState({ data, stale: false, fail: null }),
      onError: (fail) => {
        if (isLastingFailure(fail)) {
          poller.stop()
          setState({ data: null, stale: false, fail })
        } else {
          setState((s) => (s.data !== null ? { ...s, stale: true } : { ...s, fail }))
        }
      }
    })
    pollerRef.current = poller
    poller.start()
    return () => { poller.stop(); pollerRef.current = null }
  }, [key])

  useDidShow(() => { pollerRef.current?.start() })
  useDidHide(() => { pollerRef.current?.stop() })

  /** The request changed (another checkpoint): what is shown goes, and a poll runs now. */
  const reload = useCallback(() => {
    setState({ data: null, stale: false, fail: null })
    pollerRef.current?.refresh()
  }, [])

  /** 重试 after a refusal stopped the polling. */
  const retry = useCallback(() => {
    setState((s) => ({ ...s, fail: null }))
    pollerRef.current?.stop()
    pollerRef.current?.start()
  }, [])

  /** A change this page made itself (a temperature, 我已知晓), shown until the next poll. */
  const update = useCallback((change: (data: T) => T) => {
    setState((s) => (s.data !== null ? { ...s, data: change(s.data) } : s))
  }, [])

  return { ...state, reload, retry, update }
}
