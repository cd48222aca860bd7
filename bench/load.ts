/**
 * A closed loop of `clients` concurrent callers for `seconds`: each calls `op` with the next
 * number of a shared counter as soon as its previous call answered, like pgbench's clients. The
 * counter lets every call take a different person. Throughput counts only successful calls;
 * latencies are those of successful calls.
 */
import { percentile } from './median'

export interface LoadResult {
  /** Successful calls per second. */
  rate: number
  p50: number
  p99: number
  calls: number
  errors: number
  /** The first error's message, to say why a run failed instead of printing a rate of nothing. */
  firstError?: string
  /** Cores this process kept busy meanwhile: near 1, the callers themselves were the limit. */
  ownCores?: number
}

export async function closedLoop(clients: number, seconds: number, op: (n: number) => Promise<unknown>, firstN = 0): Promise<LoadResult & { next: number }> {
  let next = firstN
  const latencies: number[] = []
  let errors = 0
  let firstError: string | undefined
  const start = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  const deadline = start + BigInt(Math.round(seconds * 1e9))
  const loop = async () => {
    while (process.hrtime.bigint() < deadline) {
      const n = next++
      const t0 = process.hrtime.bigint()
      try {
        await op(n)
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
      } catch (err) {
        errors++
        firstError ??= err instanceof Error ? err.message : String(err)
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, loop))
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9
  const used = process.cpuUsage(cpu)
  return {
    ownCores: (used.user + used.system) / 1e6 / elapsed,
    rate: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99),
    calls: latencies.length, errors, firstError, next
  }
}
