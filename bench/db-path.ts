/**
 * The database path of a check-in: the domain's checkIn on the runtime's pg Pool, driven by
 * closed loops in this process, every call a first scan by a different person, against
 * pgbench's single-row insert into a copy of `entries` with as many clients, for as long,
 * interleaved run by run so both see the same machine. The median run of each side counts.
 */
import type { Db } from '../server/db'
import { openPgPool, type PlanCacheMode } from '../server/db/pg'
import { checkIn } from '../server/domain/check-in'
import type { Deps } from '../server/domain/deps'
import { sessionUser } from '../server/domain/sessions'
import type { TestStack } from '../tests/support/stack'
import { closedLoop, type LoadResult } from './load'
import { createPgbenchTable, runPgbench } from './pgbench'
import type { Scans } from './scans'

export interface PathComparison {
  clients: number
  ours: LoadResult
  /** The baseline, or why there is none at this level. */
  baseline: LoadResult | string
}

/** The run of median throughput (its latencies with it). */
export function medianRun(runs: LoadResult[]): LoadResult {
  return [...runs].sort((a, b) => a.rate - b.rate)[Math.floor(runs.length / 2)]
}

/** A first scan that came back as anything else is an error, not a fast check-in. */
export function assertFirstScan(res: unknown): void {
  const r = res as { kind?: string; people?: Array<{ repeated: boolean }> }
  if (r.kind !== 'entered' || !r.people || r.people[0].repeated) throw new Error(`not a first scan: ${JSON.stringify(res).slice(0, 200)}`)
}

/** Connections left for others on a shared server while pgbench runs. */
const CONNECTION_MARGIN = 10

async function freeConnections(stack: TestStack): Promise<number> {
  const [r] = await stack.db.query<{ free: number }>(
    `SELECT current_setting('max_connections')::int - (SELECT count(*)::int FROM pg_stat_activity) AS free`)
  return r.free
}

export async function benchDbPath(stack: TestStack, scans: Scans, opts: {
  url: string; pgbench: string | null; levels: number[]; seconds: number; repeats: number; venues: number
}): Promise<PathComparison[]> {
  const deps = { db: stack.db, config: stack.config }
  if (opts.pgbench) await createPgbenchTable(stack.db)
  const out: PathComparison[] = []
  for (const clients of opts.levels) {
    const ours: LoadResult[] = []
    const theirs: LoadResult[] = []
    let skipped: string | null = opts.pgbench ? null : '无 pgbench'
    const free = await freeConnections(stack)
    if (!skipped && clients > free - CONNECTION_MARGIN) {
      skipped = `服务器空闲连接不足（需 ${clients}，另留 ${CONNECTION_MARGIN} 个给其他用户，空闲 ${free}）`
    }
    const checkIns = async (seconds: number) => {
      const run = await closedLoop(clients, seconds, async (n) => {
        const s = scans.scan(n)
        assertFirstScan(await checkIn(deps, s.account, s.code))
      }, scans.next)
      scans.next = run.next
      return run
    }
    // Open the pool's connections and warm the code before anything counts.
    await checkIns(1)
    for (let r = 0; r < opts.repeats; r++) {
      ours.push(await checkIns(opts.seconds))
      if (!skipped) theirs.push(await runPgbench(opts.pgbench!, opts.url, clients, opts.seconds, opts.venues))
    }
    out.push({ clients, ours: medianRun(ours), baseline: skipped ?? medianRun(theirs) })
  }
  return out
}

/** A pool to measure: its plan cache mode and size. */
export interface PoolVariant { label: string; planCacheMode: PlanCacheMode; max: number }

/** One part of the check-in on one pool variant, measured at `clients` clients. */
export interface DbPart { part: string; mode: string; run: LoadResult }

/**
 * What a check-in's database time is made of, on each pool variant (plan cache mode, pool size),
 * at `clients` clients: the session look-up alone (every signed-in call starts with it), the
 * check-in statement alone (the domain's checkIn: the code's signature, csm_check_in, the name's
 * decryption) and both, as the function runs them. Each variant on a pool of its own on the same
 * server, runs interleaved variant by variant; the median run of each counts.
 */
export async function benchDbParts(stack: TestStack, scans: Scans, opts: {
  url: string; clients: number; seconds: number; repeats: number; variants: PoolVariant[]
}): Promise<DbPart[]> {
  const modes = opts.variants.map((v) => v.label)
  const pools = new Map<string, Db>()
  for (const v of opts.variants) pools.set(v.label, await openPgPool(opts.url, stack.config.databaseSchema, { planCacheMode: v.planCacheMode, max: v.max }))
  try {
    // The session look-up alone writes nothing: it reuses scan numbers rather than use up people
    // that later parts need for first scans.
    const parts: Array<{ part: string; consumes?: false; op: (deps: Deps, n: number) => Promise<void> }> = [
      { part: '会话查询', consumes: false, op: async (deps, n) => { if (!await sessionUser(deps.db, scans.scan(n).token, '127.0.0.1')) throw new Error('no session') } },
      { part: '登记语句（checkIn）', op: async (deps, n) => { const s = scans.scan(n); assertFirstScan(await checkIn(deps, s.account, s.code)) } },
      {
        part: '会话查询 + 登记', op: async (deps, n) => {
          const s = scans.scan(n)
          const account = await sessionUser(deps.db, s.token, '127.0.0.1')
          if (!account) throw new Error('no session')
          assertFirstScan(await checkIn(deps, account, s.code))
        }
      }
    ]
    const out: DbPart[] = []
    for (const { part, op, consumes } of parts) {
      const runs = new Map<string, LoadResult[]>(modes.map((m) => [m, []]))
      const once = async (mode: string, seconds: number) => {
        const deps = { db: pools.get(mode)!, config: stack.config }
        const run = await closedLoop(opts.clients, seconds, (n) => op(deps, n), scans.next)
        if (consumes !== false) scans.next = run.next
        return run
      }
      for (const mode of modes) await once(mode, 1)
      for (let r = 0; r < opts.repeats; r++) for (const mode of modes) runs.get(mode)!.push(await once(mode, opts.seconds))
      for (const mode of modes) out.push({ part, mode, run: medianRun(runs.get(mode)!) })
    }
    return out
  } finally {
    for (const db of pools.values()) await db.close()
  }
}
