/** A client waits as long as a busy server said, spread at random, never more than a minute. */
import { MAX_RETRY_WAIT_MS, retryWaitMs } from '../../src/services/retry-after'

test.each([
  [1000, 0, 1000], [1000, 1, 1500], [15_000, 0.5, 18_750], [59_000, 1, MAX_RETRY_WAIT_MS]
])('the server said %i ms, random %d: wait %i ms', (retryAfterMs, random, wait) => {
  expect(retryWaitMs({ retryAfterMs }, () => random)).toBe(wait)
})

test.each([[undefined], [0], [-5], [NaN], [Infinity], ['1000' as unknown as number]])('no wait named (%p): null', (retryAfterMs) => {
  expect(retryWaitMs({ retryAfterMs })).toBeNull()
})
