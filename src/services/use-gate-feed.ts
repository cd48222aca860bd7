/** The gate's list of entries, kept fresh every 5 s while the page is shown (usePolled). */
import { useCallback, useEffect, useRef } from 'react'
import type { GateEntry } from '../shared/api'
import { callAction } from './actions'
import { replaceGateEntry } from './gate-feed'
import { usePolled } from './use-polled'

export function useGateFeed(venueId: string, checkpointId: string) {
  const checkpointRef = useRef(checkpointId)
  const polled = usePolled(venueId, () =>
    callAction('inspector', 'feed', checkpointRef.current ? { venueId, checkpointId: checkpointRef.current } : { venueId }))
  const { reload, update } = polled

  // A new checkpoint: the old list is not this one's, so it goes until the new one arrives.
  useEffect(() => {
    if (checkpointRef.current === checkpointId) return
    checkpointRef.current = checkpointId
    reload()
  }, [checkpointId, reload])

  /** One entry changed by this page (a temperature): replaced in place until the next poll. */
  const replace = useCallback((entry: GateEntry) => {
    update((d) => ({ ...d, entries: replaceGateEntry(d.entries, entry) }))
  }, [update])

  return {
    entries: polled.data?.entries ?? null,
    hours: polled.data?.hours ?? 12,
    stale: polled.stale,
    fail: polled.fail,
    retry: polled.retry,
    replace
  }
}
