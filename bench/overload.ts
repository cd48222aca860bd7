/**
 * The morning rush: the local stack (gateway + functions-framework) on the benchmark's database,
 * offered 16 → 2,048 connections at once, every request a first scan by a different citizen.
 * Each connection behaves like the mini-program's scan queue: one scan at a time; a scan refused
 * with SYSTEM_BUSY, answered 5xx or not answered within REQUEST_TIMEOUT_MS is tried again after
 * retryDelayMs (src/services/scan-queue.ts: backoff with jitter, never sooner than Retry-After /
 * retryAfterMs); an acknowledged scan is done and the connection scans the next person.
 *
 * Per level: goodput (acknowledged first scans per second) against C, the goodput at 16
 * connections in the same run; every answer counted by status and code; p50/p99 of every answer
 * (ok or refused) and of the acknowledged ones; the runtime's peak resident memory; and the rows
 * the database holds against the scans acknowledged (none lost, none twice).
 *
 * One machine runs the load generator, both runtime processes and PostgreSQL: the generator's own
 * CPU is reported per level, and a level needing more open files than a process may hold is
 * skipped and said so rather than measured wrong.
 */
import http from 'http'
import { retryDelayMs } from '../src/services/scan-queue'
import { CLIENT_ADDRESS_HEADER } from '../server/http/headers'
import type { TestStack } from '../tests/support/stack'
import { startLocalStack } from '../tests/support/local-stack-process'
import { functionsProcess, outcomeOf, openFilesLimit, post, sampleMemory } from './http-client'
import { percentile } from './median'
import type { Scans } from './scans'

/** src/services/cloud.ts REQUEST_TIMEOUT_MS: the mini-program gives up on a request after this. */
const REQUEST_TIMEOUT_MS = 10_000
/** How long the connections of a level take to arrive (BENCH_OVERLOAD_RAMP_MS). */
const RAMP_MS = Number(process.env.BENCH_OVERLOAD_RAMP_MS || 100)
/** Open files a process needs besides its connections (its pool, logs, modules). */
const FILE_MARGIN = 200

export interface OverloadLevel {
  connections: number
  seconds: number
  /** Acknowledged first scans per second within the window. */
  goodput: number
  /** Every answer of the window and of the drain after it, by "status code" (or timeout / socket error). */
  answers: Record<string, number>
  /** Every answer, ok or not, ms. */
  p50: number
  p99: number
  okP50: number
  okP99: number
  /** Each connection's first answer (it includes opening the connection), ms. */
  firstP99: number
  /** The SYSTEM_BUSY answers alone, ms. */
  busyP50: number
  busyP99: number
  /** Scans acknowledged (in the window and while the last requests drained). */
  acknowledged: number
  /** Rows written meanwhile; acknowledged scans not among them; (person, venue) pairs written twice. */
  rows: number
  lost: number
  duplicated: number
  /** Peak resident memory of each runtime process during the level, bytes. */
  memory: Map<string, number>
  /** Cores the load generator (this process) used. */
  generatorCores: number
  /** Why the level was not run. */
  skipped?: string
}

export interface OverloadResult { capacity: number; levels: OverloadLevel[]; fileLimits: { generator: number; gateway: number; functions: number } }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function runLevel(stack: TestStack, scans: Scans, target: { host: string; port: number }, connections: number, seconds: number): Promise<Omit<OverloadLevel, 'memory'>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const answers: Record<string, number> = {}
  const all: number[] = []
  const oks: number[] = []
  const acked: string[] = []
  let inWindow = 0
  const [{ since }] = await stack.db.query<{ since: string }>('SELECT now()::text AS since')
  const cpu = process.cpuUsage()
  const start = Date.now()
  const deadline = start + seconds * 1000
  const firsts: number[] = []
  const busy: number[] = []
  const client = async () => {
    let firstOnSocket = true
    while (Date.now() < deadline) {
      const s = scans.scan(scans.next++)
      const headers = { authorization: `Bearer ${s.token}`, [CLIENT_ADDRESS_HEADER]: '127.0.0.1' }
      for (let failures = 0; ;) {
        const t0 = Date.now()
        const res = await post(agent, target, '/api/checkIn', { code: s.code }, headers, REQUEST_TIMEOUT_MS)
        const took = Date.now() - t0
        const outcome = outcomeOf(res)
        answers[outcome] = (answers[outcome] ?? 0) + 1
        if (res.status) all.push(took)
        if (res.answer?.code === 'SYSTEM_BUSY') busy.push(took)
        if (res.status && firstOnSocket) { firsts.push(took); firstOnSocket = false }
        if (res.answer?.ok) {
          oks.push(took)
          const data = res.answer.data as { people?: Array<{ entryId: string; repeated: boolean }> }
          if (data.people?.[0]) acked.push(data.people[0].entryId)
          if (Date.now() <= deadline) inWindow++
          break
        }
        const retryable = res.status === 0 || res.status >= 500 || res.answer?.code === 'SYSTEM_BUSY'
        if (!retryable) break
        const wait = retryDelayMs(++failures, res.answer?.retryAfterMs ?? res.retryAfterMs, Math.random)
        // A retry due after the window is not made: its scan stays unacknowledged, which the
        // rows-against-acknowledged count below allows for (a refused scan was never written).
        if (Date.now() + wait >= deadline) break
        await sleep(wait)
      }
    }
  }
  // Clients start spread over the first RAMP_MS, as a gate's queue arrives, not in one tick.
  await Promise.all(Array.from({ length: connections }, (_, i) => sleep((i * RAMP_MS) / connections).then(client)))
  const used = process.cpuUsage(cpu)
  const elapsed = (Date.now() - start) / 1000
  agent.destroy()

  const [{ rows }] = await stack.db.query<{ rows: number }>('SELECT count(*)::int AS rows FROM entries WHERE checked_in_at >= $1::timestamptz', [since])
  const [{ found }] = await stack.db.query<{ found: number }>('SELECT count(*)::int AS found FROM entries WHERE id = ANY($1::uuid[])', [acked])
  const [{ twice }] = await stack.db.query<{ twice: number }>(
    `SELECT count(*)::int AS twice FROM (SELECT 1 FROM entries WHERE checked_in_at >= $1::timestamptz
       GROUP BY person_id, venue_id HAVING count(*) > 1) d`, [since])
  return {
    connections, seconds, goodput: inWindow / seconds, answers,
    p50: percentile(all, 0.5), p99: percentile(all, 0.99), okP50: percentile(oks, 0.5), okP99: percentile(oks, 0.99),
    firstP99: percentile(firsts, 0.99), busyP50: percentile(busy, 0.5), busyP99: percentile(busy, 0.99),
    acknowledged: acked.length, rows, lost: acked.length - found, duplicated: twice,
    generatorCores: (used.user + used.system) / 1e6 / elapsed
  }
}

export async function benchOverload(stack: TestStack, scans: Scans, opts: {
  url: string; keysFile: string; h5Dir: string; logDir: string; levels: number[]; seconds: number; progress: (what: string) => void
}): Promise<OverloadResult> {
  const running = await startLocalStack({
    DATABASE_URL: opts.url, KEYS_FILE: opts.keysFile, PUBLIC_BASE_URL: stack.config.publicBaseUrl, H5_DIR: opts.h5Dir, LOG_DIR: opts.logDir
  })
  try {
    const base = new URL(running.url)
    const target = { host: base.hostname, port: Number(base.port) }
    const fileLimits = { generator: openFilesLimit(), gateway: openFilesLimit(running.pid), functions: openFilesLimit(functionsProcess(running.pid).pid) }
    // Warm the runtime (pool, code) before anything counts.
    await runLevel(stack, scans, target, 16, 1)
    const levels: OverloadLevel[] = []
    for (const connections of opts.levels) {
      // The generator holds one socket per connection, the gateway one per connection and one per request it forwards.
      const need = { generator: connections + FILE_MARGIN, gateway: 2 * connections + FILE_MARGIN }
      if (need.generator > fileLimits.generator || need.gateway > fileLimits.gateway) {
        levels.push({
          connections, seconds: 0, goodput: NaN, answers: {}, p50: NaN, p99: NaN, okP50: NaN, okP99: NaN, firstP99: NaN, busyP50: NaN, busyP99: NaN, acknowledged: 0, rows: 0, lost: 0,
          duplicated: 0, memory: new Map(), generatorCores: NaN,
          skipped: `打开文件数上限不足（本进程 ${fileLimits.generator}，网关 ${fileLimits.gateway}；需要 ${need.generator} / ${need.gateway}）：ulimit -n 调高后重试`
        })
        continue
      }
      opts.progress(`  ${connections} connections × ${opts.seconds} s`)
      const memory = sampleMemory(running.pid)
      const level = await runLevel(stack, scans, target, connections, opts.seconds)
      levels.push({ ...level, memory: memory.stop() })
      // Let refused clients' sockets close and the runtime settle before the next level.
      await sleep(2000)
    }
    const capacity = levels.find((l) => l.connections === 16 && !l.skipped)?.goodput ?? levels.find((l) => !l.skipped)?.goodput ?? NaN
    return { capacity, levels, fileLimits }
  } catch (err) {
    throw new Error(`${(err as Error).message}\nlocal stack output:\n${running.output().slice(-3000)}`)
  } finally {
    await running.stop()
  }
}
