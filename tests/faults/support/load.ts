/**
 * Many phones checking in at once against the HTTP runtime while faults are injected. A client
 * that gets a failure it may retry (no answer, a 5xx, `{ ok: false, code: 'INTERNAL' }`) sends
 * the same request again with backoff, as the mini-program's retry does; every answer is kept.
 */
export interface CheckInJob {
  /** person:venue, for reports. */
  key: string
  personId: string
  venueId: string
  token: string
  code: string
}

export type Attempt =
  | { kind: 'ok'; entryId: string; repeated: boolean }
  | { kind: 'retryable'; why: string }
  | { kind: 'refused'; code: string; status: number }

export interface JobResult {
  job: CheckInJob
  attempts: Attempt[]
  /** ok: answered ok at last; refused: an answer that must not be retried; gave-up: retries ran out. */
  final: 'ok' | 'refused' | 'gave-up'
}

export interface Fault {
  /** Injected once this many check-ins have been answered ok. */
  afterOk: number
  inject(): Promise<void>
}

export interface LoadOptions {
  clients: number
  faults: Fault[]
  /** A check-in still failing this long after its first try is given up. */
  giveUpMs: number
  /** One request's patience; a hung runtime is a retryable failure, not a hung test. */
  requestTimeoutMs?: number
}

const RETRY_CODES = new Set(['INTERNAL'])

async function attempt(url: string, job: CheckInJob, timeoutMs: number): Promise<Attempt> {
  let res: Response
  try {
    res = await fetch(`${url}/api/checkIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
      body: JSON.stringify({ code: job.code }),
      signal: AbortSignal.timeout(timeoutMs)
    })
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause
    return { kind: 'retryable', why: cause?.code ?? (err as Error).name }
  }
  let body: { ok?: boolean; code?: string; data?: { kind: string; people: Array<{ entryId: string; repeated: boolean }> } }
  try {
    body = await res.json()
  } catch (err) {
    // The connection died mid-answer, or something other than our gateway answered.
    return res.status >= 500 || (err as Error).name !== 'SyntaxError'
      ? { kind: 'retryable', why: `${res.status} unreadable answer` }
      : { kind: 'refused', code: 'UNREADABLE', status: res.status }
  }
  if (body.ok && body.data?.kind === 'entered' && body.data.people.length === 1) {
    const [person] = body.data.people
    return { kind: 'ok', entryId: person.entryId, repeated: person.repeated }
  }
  if (body.ok) return { kind: 'refused', code: `unexpected ${JSON.stringify(body.data).slice(0, 200)}`, status: res.status }
  if (res.status >= 500 || RETRY_CODES.has(body.code ?? '')) return { kind: 'retryable', why: `${res.status} ${body.code}` }
  return { kind: 'refused', code: body.code ?? 'none', status: res.status }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs every job once to an ok, a refusal or giving up, `clients` at a time; faults fire as ok answers pass their marks. */
export async function runCheckIns(url: string, jobs: CheckInJob[], options: LoadOptions): Promise<JobResult[]> {
  const results: JobResult[] = []
  const pendingFaults = [...options.faults].sort((a, b) => a.afterOk - b.afterOk)
  const injected: Array<Promise<void>> = []
  let okCount = 0
  let next = 0

  const onOk = () => {
    okCount++
    while (pendingFaults.length && okCount >= pendingFaults[0].afterOk) injected.push(pendingFaults.shift()!.inject())
  }

  async function one(job: CheckInJob): Promise<JobResult> {
    const attempts: Attempt[] = []
    const started = Date.now()
    for (let n = 0; ; n++) {
      const a = await attempt(url, job, options.requestTimeoutMs ?? 20000)
      attempts.push(a)
      if (a.kind === 'ok') { onOk(); return { job, attempts, final: 'ok' } }
      if (a.kind === 'refused') return { job, attempts, final: 'refused' }
      if (Date.now() - started > options.giveUpMs) return { job, attempts, final: 'gave-up' }
      // Exponential backoff with jitter, so 64 phones do not all come back in the same instant.
      await sleep(Math.min(2000, 50 * 2 ** n) * (0.5 + Math.random()))
    }
  }

  await Promise.all(Array.from({ length: options.clients }, async () => {
    while (next < jobs.length) results.push(await one(jobs[next++]))
  }))
  // A fault still running (a restart) must finish before anyone looks at the database.
  await Promise.all(injected)
  if (pendingFaults.length) throw new Error(`faults never injected: only ${okCount} check-ins answered ok`)
  return results
}
