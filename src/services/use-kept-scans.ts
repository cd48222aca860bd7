/**
 * The scans this device keeps (待上传) and the notices of those that will never be logged, as
 * page state that follows the queue: an upload that lands or is refused while a page shows the
 * list changes it at once. `onDone` lets a page load what the server now holds.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { QueuedScan, ScanNotice } from './scan-queue'
import { scanQueue } from './scan-queue-device'

export function useKeptScans(onDone?: () => void): { pending: QueuedScan[]; notices: ScanNotice[]; dismiss: () => void } {
  const [pending, setPending] = useState<QueuedScan[]>(() => scanQueue.pending())
  const [notices, setNotices] = useState<ScanNotice[]>(() => scanQueue.notices())
  const onDoneRef = useRef(onDone)
  onDoneRef.current = onDone

  useEffect(() => scanQueue.subscribe((event) => {
    setPending(scanQueue.pending())
    setNotices(scanQueue.notices())
    if (event.kind === 'done') onDoneRef.current?.()
  }), [])

  const dismiss = useCallback(() => { scanQueue.dismissNotices() }, [])

  return { pending, notices, dismiss }
}
