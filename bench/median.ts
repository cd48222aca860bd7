/** Median wall time of `n` runs of `op`, in milliseconds: one slow run on a shared machine does not move it. */
export async function median(n: number, op: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint()
    await op()
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return percentile(times, 0.5)
}

/** The value below which a fraction `p` of `xs` lies (nearest rank); NaN for no values. */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]
}

/** Wall time of one call of `op`, in milliseconds, with its result. */
export async function timed<T>(op: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint()
  const value = await op()
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value }
}
