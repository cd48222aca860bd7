/**
 * The gate's list of entries, kept fresh while the page is shown: polls on mount and on every
 * show, stops on hide and unmount (a screen in the background asks nothing). A failed poll
 * keeps the list and sets `stale`; a refusal that polling cannot cure (unbound, signed out)
 * stops the polling and is shown instead of the list.
 */
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Fail, GateEntry } from '../shared/api'
import { callAction } from './actions'
import { createPoller, isLastingFailure, replaceGateEntry, type Poller } from './gate-feed'

export interface GateFeedState {
  entries: GateEntry[] | null
  hours: number
  /** The last poll failed; the list shown is the one before. */
  stale: boolean
  /** A refusal that ended the polling. */
  fail: Fail | null
}

export function useGateFeed(venueId: string, checkpointId: string) {
  const [state, setState] = useState<GateFeedState>({ entries: null, hours: 12, stale: false, fail: null })
  const checkpointRef = useRef(checkpointId)
  const pollerRef = useRef<Poller | null>(null)

  useEffect(() => {
    if (!venueId) return undefined
    const poller = createPoller({
      fetch: () => callAction('inspector', 'feed', checkpointRef.current ? { venueId, checkpointId: checkpointRef.current } : { venueId }),
      onData: ({ entries, hours }) => setState({ entries, hours, stale: false, fail: null }),
      onError: (fail) => {
        if (isLastingFailure(fail)) {
          poller.stop()
          setState((s) => ({ ...s, entries: null, stale: false, fail }))
        } else {
          setState((s) => (s.entries ? { ...s, stale: true } : { ...s, fail }))
        }
      }
    })
    pollerRef.current = poller
    poller.start()
    return () => { poller.stop(); pollerRef.current = null }
  }, [venueId])

  // A new checkpoint: the old list is not this one's, so it goes until the new one arrives.
  useEffect(() => {
    if (checkpointRef.current === checkpointId) return
    checkpointRef.current = checkpointId
    setState((s) => ({ ...s, entries: null, stale: false, fail: null }))
    pollerRef.current?.refresh()
  }, [checkpointId])

  useDidShow(() => { pollerRef.current?.start() })
  useDidHide(() => { pollerRef.current?.stop() })

  /** After 重试 of a lasting refusal. */
  const retry = useCallback(() => {
    setState((s) => ({ ...s, fail: null }))
    pollerRef.current?.stop()
    pollerRef.current?.start()
  }, [])

  /** One entry changed by this page (a temperature): replaced in place until the next poll. */
  const replace = useCallback((entry: GateEntry) => {
    setState((s) => (s.entries ? { ...s, entries: replaceGateEntry(s.entries, entry) } : s))
  }, [])

  return { ...state, retry, replace }
}
