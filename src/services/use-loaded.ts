/**
 * The data a page loads when it opens (one function answer), as one state: loading, failed
 * with the answer's refusal, or loaded. `load` runs again for 重试 and after a sign-in;
 * `setData` lets the page apply its own successful changes without loading again.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Fail, Result } from '../shared/api'

export type Loaded<T> = { kind: 'loading' } | { kind: 'failed'; fail: Fail } | { kind: 'ok'; data: T }

export function useLoaded<T>(fetch: () => Promise<Result<T>>, onLoaded?: (data: T) => void) {
  const [loaded, setLoaded] = useState<Loaded<T>>({ kind: 'loading' })
  // The latest callbacks, so `load` itself never changes and the first load runs once.
  const fetchRef = useRef(fetch)
  const onLoadedRef = useRef(onLoaded)
  fetchRef.current = fetch
  onLoadedRef.current = onLoaded

  const load = useCallback(async () => {
    setLoaded({ kind: 'loading' })
    const res = await fetchRef.current()
    if (!res.ok) { setLoaded({ kind: 'failed', fail: res }); return }
    setLoaded({ kind: 'ok', data: res.data })
    onLoadedRef.current?.(res.data)
  }, [])

  useEffect(() => { load() }, [load])

  const setData = useCallback((update: (data: T) => T) => {
    setLoaded((prev) => (prev.kind === 'ok' ? { kind: 'ok', data: update(prev.data) } : prev))
  }, [])

  return { loaded, load, setData }
}
