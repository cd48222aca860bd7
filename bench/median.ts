/** Median wall time of `n` runs of `op`, in milliseconds: one slow run on a shared machine does not move it. */
export async function median(n: number, op: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint()
    await op()
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)]
}
