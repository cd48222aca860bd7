/**
 * Asks again by itself when a refusal said when to (SYSTEM_BUSY's retryAfterMs, jittered and
 * capped by retryWaitMs): a page refused in a surge fills in once the server has room, without
 * anyone tapping 重试, and without adding to the surge meanwhile. Nothing for other refusals.
 */
import { useEffect, useRef } from 'react'
import type { Fail } from '../shared/api'
import { retryWaitMs } from './retry-after'

export function useRetryAfter(fail: Fail | null, retry: () => void): void {
  const retryRef = useRef(retry)
  retryRef.current = retry
  useEffect(() => {
    const wait = fail ? retryWaitMs(fail) : null
    if (wait === null) return undefined
    const timer = setTimeout(() => retryRef.current(), wait)
    return () => clearTimeout(timer)
  }, [fail])
}
