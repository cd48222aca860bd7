/**
 * Citus (BENCH_CITUS_URL, a coordinator) against one PostgreSQL server, same code, same run:
 * the domain check-in, every call a first scan by a different person, at BENCH_CITUS_CLIENTS
 * clients (1,16), and 流调's findStays over a small log made alike on both. Runs alternate
 * PostgreSQL / Citus / Citus with generic plans, BENCH_REPEATS times, and the median run counts.
 *
 * The third side is why server/db/pg.ts leaves plan_cache_mode at auto on Citus: the same
 * csm_check_in_alone call on a pool forced to generic plans, where the distribution value is a
 * parameter Citus cannot route by.
 */
import type { Pool } from 'pg'
import { openPgPool } from '../server/db/pg'
import type { Db, PreparedStatement, Queryable } from '../server/db'
import { LATE_SCAN_HOURS } from '../src/shared/api'
import { CHECK_IN_ALONE, checkIn, IDEMPOTENCY_WINDOW_MINUTES, signedVenueCode } from '../server/domain/check-in'
import { findStays } from '../server/domain/tracing'
import { closeRuntime } from '../server/runtime'
import { createTestStack, type TestStack } from '../tests/support/stack'
import { fillDataset, type DatasetSize } from './dataset'
import { assertFirstScan, medianRun } from './db-path'
import { closedLoop, type LoadResult } from './load'
import { percentile, timed } from './median'
import { describe } from './postgres'
import { machine, ms, perSecond, ratio, table, verdict } from './report'
import { seedScans, type Scans } from './scans'
import { OFFICIAL_REGION, randomCases, RUNS_PER_CASE, traceWindow } from './trace'

const SECONDS = Number(process.env.BENCH_SECONDS || 8)
const REPEATS = Number(process.env.BENCH_REPEATS || 3)
const LEVELS = (process.env.BENCH_CITUS_CLIENTS || '1,16').split(',').map(Number)
const PLAIN_URL = process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test'
/** More people than the runs scan, so each call is a different person's first scan. */
const SCAN_PEOPLE = 50_000
const SCAN_VENUES = 1000
/** Small, so it fills on Citus in a minute or two: the trace's cost is its shape (two statements, one task per shard), not the log's size. */
const LOG: DatasetSize = { entries: 200_000, venues: 2_000, people: 20_000, days: 7 }
const TRACE_CASES = 50
const TARGET_AT_16 = 0.5

interface Side { stack: TestStack; scans: Scans }

export async function benchCitus(citusUrl: string, progress: (what: string) => void): Promise<{ lines: string[]; postgres: string }> {
  // One runtime database per process (tests/support/stack.ts): the plain stack is seeded while it
  // is the runtime's, then reopened on a pool of its own once the Citus stack has taken over.
  const schemas: Array<[string, string]> = []
  let generic: Pool | null = null
  let plainDb: Db | null = null
  let citus: TestStack | null = null
  try {
    progress(`PostgreSQL side (${describe(PLAIN_URL)}): ${SCAN_PEOPLE.toLocaleString('en')} people, ${LOG.entries.toLocaleString('en')} entries`)
    const plainStack = await createTestStack({ databaseUrl: PLAIN_URL })
    schemas.push([PLAIN_URL, plainStack.config.databaseSchema!])
    const plainScans = await seedScans(plainStack, SCAN_PEOPLE, SCAN_VENUES)
    await fillDataset(plainStack, LOG)

    progress(`Citus side (${describe(citusUrl)}): set-up, the same people and entries`)
    citus = await createTestStack({ databaseUrl: citusUrl, citus: true })
    schemas.push([citusUrl, citus.config.databaseSchema!])
    const citusScans = await seedScans(citus, SCAN_PEOPLE, SCAN_VENUES)
    const fillSeconds = await fillDataset(citus, LOG)

    plainDb = await openPgPool(PLAIN_URL, plainStack.config.databaseSchema)
    const plain: Side = { stack: { ...plainStack, db: plainDb }, scans: plainScans }
    const distributed: Side = { stack: citus, scans: citusScans }
    generic = await genericPool(citusUrl, citus.config.databaseSchema!)
    const about = await cluster(citus.db)

    progress(`tracing ${TRACE_CASES} random cases on both`)
    const trace = await compareTraces(plain.stack, citus)

    const rows: Array<Array<string | number>> = []
    for (const clients of LEVELS) {
      progress(`check-in: ${clients} clients × ${REPEATS} × ${SECONDS} s on each side`)
      const runs = { plain: [] as LoadResult[], citus: [] as LoadResult[], generic: [] as LoadResult[] }
      // Open every pool's connections and warm the code before anything counts. A generic plan
      // that fails every call fails the same way every time: its message is the finding, and
      // thousands more of it per second would only fill the servers' logs.
      await checkIns(plain, clients, 1)
      await checkIns(distributed, clients, 1)
      const genericWarm = await genericCheckIns(generic, distributed, clients, 1)
      for (let r = 0; r < REPEATS; r++) {
        runs.plain.push(await checkIns(plain, clients, SECONDS))
        runs.citus.push(await checkIns(distributed, clients, SECONDS))
        if (genericWarm.calls) runs.generic.push(await genericCheckIns(generic, distributed, clients, SECONDS))
      }
      const p = medianRun(runs.plain)
      const c = medianRun(runs.citus)
      const g = genericWarm.calls ? medianRun(runs.generic) : genericWarm
      const r = c.rate / p.rate
      rows.push([clients, perSecond(p.rate) + failures(p), ms(p.p50), ms(p.p99), perSecond(c.rate) + failures(c), ms(c.p50), ms(c.p99),
        ratio(r), clients === 16 ? `≥ ${TARGET_AT_16}×：${verdict(r >= TARGET_AT_16)}` : '',
        g.calls ? `${perSecond(g.rate)}${failures(g)}（p50 ${ms(g.p50)}，p99 ${ms(g.p99)} ms）` : `全部失败（${g.errors} 次）：${g.firstError ?? '?'}`])
    }

    const [{ version: postgres }] = await plainDb.query<{ version: string }>(
      `SELECT split_part(version(), ' ', 1) || ' ' || current_setting('server_version') AS version`)
    return {
      postgres,
      lines: [
        `### Citus / 单机 PostgreSQL（同一运行，交替进行）`,
        '',
        `机器：${machine(postgres)}。Citus：${about.version}（PostgreSQL ${about.server}），协调节点 ${describe(citusUrl)}，` +
        `${about.workers.length} 个工作节点（${about.workers.join('、')}），citus.shard_count = ${about.shards}。` +
        `两边各在自己的测试 schema 中，由同一份迁移建成；Citus 一侧再按 npm run citus:setup 分布（server/db/citus.ts）。`,
        '',
        `#### 入场登记（checkIn，连接池 10 个连接）`,
        '',
        `每次都是不同的人首次扫码（${SCAN_PEOPLE.toLocaleString('en')} 个已登录的人、${SCAN_VENUES} 个场所），` +
        `每档 ${REPEATS} 轮 × ${SECONDS} 秒，PostgreSQL、Citus、Citus 通用计划三者交替，取中位数那一轮。` +
        `csm_check_in_alone 按 p_person 下推到持有此人的工作节点：${about.delegated ? '是' : '**否**（pg_dist_object 中没有它的分布参数，函数在协调节点上运行，每句一次工作节点往返）'}。` +
        `“Citus 通用计划”：另一个连接池设 plan_cache_mode = force_generic_plan，直接调用 checkIn 所用的 csm_check_in_alone（参数相同）；` +
        `这说明 server/db/pg.ts 为什么在 Citus 上保留 auto。`,
        '',
        table(['客户端', 'PostgreSQL 次/秒', 'p50 ms', 'p99 ms', 'Citus 次/秒', 'p50 ms', 'p99 ms', 'Citus ÷ PostgreSQL', '目标', 'Citus 通用计划 次/秒'], rows),
        '',
        `#### 流调（findStays，14 天）`,
        '',
        `两边用 bench/dataset.ts 生成同样的 ${LOG.entries.toLocaleString('en')} 条登记（${LOG.venues.toLocaleString('en')} 个场所、` +
        `${LOG.people.toLocaleString('en')} 人、${LOG.days} 天；Citus 上生成用时 ${fillSeconds.toFixed(0)} 秒），` +
        `${trace.cases} 个相同的随机病例（每例停留 p50 ${trace.stays}，重叠 p50 ${trace.overlaps}），两边答案逐条相同；` +
        `每例先各跑一次不计时，再交替各跑 ${RUNS_PER_CASE} 次取中位数。`,
        '',
        table(['p50 / p99 ms', 'PostgreSQL', 'Citus', 'Citus ÷ PostgreSQL（p50，p99）'], ([
          ['findStays 整次调用', 'whole'],
          ['其中第一句：病例的停留（Citus 上只到病例所在的分片）', 'stays'],
          ['其中第二句：各停留的接触者（Citus 上每个分片一个任务）', 'contacts']
        ] as const).map(([label, k]) => {
          const { plain: p, citus: c } = trace
          return [label, `${ms(p.p50[k])} / ${ms(p.p99[k])}`, `${ms(c.p50[k])} / ${ms(c.p99[k])}`, `${ratio(c.p50[k] / p.p50[k])}，${ratio(c.p99[k] / p.p99[k])}`]
        })),
        ''
      ]
    }
  } finally {
    await generic?.end()
    await plainDb?.close()
    await closeRuntime()
    // Not stack.close(): the plain stack's runtime is long closed, and a schema left behind must not cost the figures.
    for (const [url, schema] of schemas) {
      await dropSchema(url, schema).catch((err: Error) => progress(`could not drop ${schema} at ${describe(url)} (${err.message}): drop it by hand`))
    }
  }
}

const failures = (r: LoadResult) => (r.errors ? `（失败 ${r.errors}：${r.firstError ?? ''}）` : '')

async function checkIns(side: Side, clients: number, seconds: number): Promise<LoadResult> {
  const deps = { db: side.stack.db, config: side.stack.config }
  const run = await closedLoop(clients, seconds, async (n) => {
    const s = side.scans.scan(n)
    assertFirstScan(await checkIn(deps, s.account, s.code))
  }, side.scans.next)
  side.scans.next = run.next
  return run
}

async function genericPool(url: string, schema: string): Promise<Pool> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Pool } = require('pg') as typeof import('pg')
  const pool = new Pool({
    connectionString: url, max: 10,
    options: `-c plan_cache_mode=force_generic_plan -c max_parallel_workers_per_gather=0 -c search_path=${schema}`
  })
  pool.on('error', () => undefined)
  return pool
}

/** What checkIn does for a holder alone, minus the answer's decrypting: the signature, then the one call. */
async function genericCheckIns(pool: Pool, side: Side, clients: number, seconds: number): Promise<LoadResult> {
  const deps = { db: side.stack.db, config: side.stack.config }
  const run = await closedLoop(clients, seconds, async (n) => {
    const { account, code: scanned } = side.scans.scan(n)
    const code = signedVenueCode(deps, scanned)
    const { rows: [row] } = await pool.query<{ outcome: string; o_repeated: boolean }>({
      ...CHECK_IN_ALONE,
      values: [account.personId, account.userId, code.venueId, code.checkpointId, code.codeVersion, account.verified, IDEMPOTENCY_WINDOW_MINUTES, null, null, LATE_SCAN_HOURS]
    })
    if (row.outcome !== 'entered' || row.o_repeated) throw new Error(`not a first scan: ${JSON.stringify(row).slice(0, 200)}`)
  }, side.scans.next)
  side.scans.next = run.next
  return run
}

const PARTS = ['whole', 'stays', 'contacts'] as const
type TraceTimes = Record<(typeof PARTS)[number], number>
const across = (xs: TraceTimes[], p: number) =>
  Object.fromEntries(PARTS.map((k) => [k, percentile(xs.map((x) => x[k]), p)])) as TraceTimes

/**
 * The same random cases on both (the logs are alike by construction), answers compared first;
 * then each case's median of a few interleaved runs per side, whole and statement by statement:
 * on Citus the first (the case's stays) goes to one shard, the second (their contacts) to all.
 */
async function compareTraces(plain: TestStack, citus: TestStack) {
  const cases = await randomCases(plain, TRACE_CASES)
  if (cases.length < TRACE_CASES) throw new Error(`citus bench: only ${cases.length} people with entries in the window`)
  const { fromAt, toAt } = traceWindow(plain)
  const trace = (stack: TestStack, personId: string, q: Queryable = stack.db) =>
    findStays({ db: stack.db, config: stack.config }, q, personId, fromAt, toAt, OFFICIAL_REGION)
  const timedTrace = async (stack: TestStack, personId: string): Promise<TraceTimes> => {
    const statements: number[] = []
    const q: Queryable = {
      async query<T>(sql: string | PreparedStatement, params?: unknown[]) {
        const t = await timed(() => stack.db.query<T>(sql, params))
        statements.push(t.ms)
        return t.value
      }
    }
    const whole = (await timed(() => trace(stack, personId, q))).ms
    return { whole, stays: statements[0], contacts: statements[1] ?? 0 }
  }
  const perCase = { plain: [] as TraceTimes[], citus: [] as TraceTimes[] }
  const stays: number[] = []
  const overlaps: number[] = []
  for (const personId of cases) {
    const found = await trace(plain, personId)
    const [ours, theirs] = [found, await trace(citus, personId)].map((stays) =>
      new Set(stays.flatMap((s) => s.contacts.map((c) => `${s.entryId} ${c.entryId}`))))
    if (ours.size !== theirs.size || [...ours].some((x) => !theirs.has(x))) {
      throw new Error(`citus bench: findStays disagrees for ${personId} (PostgreSQL ${ours.size}, Citus ${theirs.size} overlaps)`)
    }
    stays.push(found.length)
    overlaps.push(ours.size)
    const runs = { plain: [] as TraceTimes[], citus: [] as TraceTimes[] }
    for (let r = 0; r < RUNS_PER_CASE; r++) {
      runs.plain.push(await timedTrace(plain, personId))
      runs.citus.push(await timedTrace(citus, personId))
    }
    perCase.plain.push(across(runs.plain, 0.5))
    perCase.citus.push(across(runs.citus, 0.5))
  }
  return {
    cases: cases.length, stays: percentile(stays, 0.5), overlaps: percentile(overlaps, 0.5),
    plain: { p50: across(perCase.plain, 0.5), p99: across(perCase.plain, 0.99) },
    citus: { p50: across(perCase.citus, 0.5), p99: across(perCase.citus, 0.99) }
  }
}

/** The cluster, and whether the check-in is delegated: without a distribution argument it runs on the coordinator, a worker round trip per statement. */
async function cluster(db: Db): Promise<{ version: string; server: string; workers: string[]; shards: string; delegated: boolean }> {
  const [about] = await db.query<{ version: string; server: string; shards: string; delegated: boolean }>(
    `SELECT split_part(citus_version(), ' on ', 1) AS version, split_part(current_setting('server_version'), ' ', 1) AS server,
            current_setting('citus.shard_count') AS shards,
            EXISTS (SELECT 1 FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND distribution_argument_index IS NOT NULL
                      AND objid = 'csm_check_in_alone(uuid, uuid, text, text, integer, boolean, integer, text, timestamptz, integer)'::regprocedure) AS delegated`)
  const workers = await db.query<{ node_name: string; node_port: number }>('SELECT * FROM citus_get_active_worker_nodes() ORDER BY 1, 2')
  return { ...about, workers: workers.map((w) => `${w.node_name}:${w.node_port}`) }
}

/**
 * Dropping a distributed schema can deadlock with another schema's set-up or drop on the same
 * coordinator (seen: two schemas' reference tables `checkpoints`, while tests shared the cluster): tried again.
 */
async function dropSchema(url: string, schema: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Client } = require('pg') as typeof import('pg')
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        return
      } catch (err) {
        if ((err as { code?: string }).code !== '40P01' || attempt === 5) throw err
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt))
      }
    }
  } finally {
    await client.end()
  }
}
