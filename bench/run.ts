/**
 * `npm run bench`: speed and size as ratios against baselines measured in the same run, so a
 * shared, noisy machine changes both sides alike. Nothing here passes or fails a build; targets
 * missed are printed as missed. The report goes to stdout and bench/results/latest.md.
 *
 * 1. PGlite (bench/pglite.ts): a check-in against one round trip, its round trips for 1 and 11
 *    people, the WeChat main package against 2 MiB.
 * 2. PostgreSQL (BENCH_DATABASE_URL, else the local server), in a database of its own:
 *    - the database path of a first scan against pgbench's single-row insert (bench/db-path.ts)
 *      and the HTTP path against the do-nothing function (bench/http-path.ts), at 1, 16 and 64
 *      clients, with p50/p99 and the runtime's peak memory;
 *    - a status file of 100,000 lines against bulk-inserting as many rows (bench/status-import.ts);
 *    - a province-sized log (bench/dataset.ts: 10 million entries), then 100 random 流调 against
 *      hand-written SQL (bench/trace.ts), 100 random venue-days of 检测统计 (bench/stats.ts) and
 *      the plans of all three in docs/plans (bench/explain.ts).
 *
 * Sizes for a quick run: BENCH_ENTRIES, BENCH_VENUES, BENCH_PEOPLE, BENCH_DAYS, BENCH_CASES,
 * BENCH_SECONDS (each throughput run, 8), BENCH_REPEATS (3), BENCH_CLIENTS (1,16,64),
 * BENCH_ROUNDS (PGlite, 100), BENCH_IMPORT_ROWS (100,000). BENCH_EXPLAIN=1 writes the plans
 * from a run of any size (by default only a full-size run does). BENCH_KEEP=1 keeps csm_bench.
 *
 * 3. Citus, when BENCH_CITUS_URL names a coordinator (bench/citus.ts): check-ins and 流调 against
 *    the PostgreSQL server above, in the same run. BENCH_CITUS_ONLY=1 runs this part alone.
 *
 * The morning rush (issue 19), on the same PostgreSQL server, in the same run:
 *    - cold start (bench/cold-start.ts): `require` of the checkIn bundle and its first answer in
 *      fresh processes, against a bare `require('pg')`; BENCH_COLD_RUNS (7);
 *    - the check-in's database time by part (session look-up, statement, both) under each plan
 *      cache mode at 16 clients (benchDbParts in bench/db-path.ts);
 *    - the gateway's cost (check-ins through it against straight to functions-framework at 16
 *      clients) and the runtime's resident memory under load (bench/http-path.ts);
 *    - the overload curve (bench/overload.ts): BENCH_OVERLOAD connections (16,64,256,1024,2048;
 *      0 skips it), BENCH_OVERLOAD_SECONDS (10) each.
 * BENCH_RUSH_ONLY=1 runs the rush alone (with the database and HTTP paths, without PGlite, the
 * province-sized log, the status import or Citus; about 11 minutes here) and reports to
 * bench/results/rush.md, leaving the last full report in latest.md.
 */
import { execFileSync } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import { loadConfig } from '../server/config'
import { POOL_SIZE } from '../server/db/pg'
import { countRoundTrips } from '../server/db/round-trips'
import { refreshSystemState } from '../server/domain/wind-down'
import { localStackEnv } from '../server/tools/local-env'
import { createTestStack } from '../tests/support/stack'
import { datasetSize, fillDataset, VENUE_PREFIX } from './dataset'
import { benchCitus } from './citus'
import { benchColdStart } from './cold-start'
import { benchDbParts, benchDbPath, type PathComparison, type PoolVariant } from './db-path'
import { writePlans } from './explain'
import { benchHttpPath, GATEWAY_CLIENTS, h5Dir } from './http-path'
import { benchOverload } from './overload'
import { rushReport } from './rush-report'
import { benchPglite } from './pglite'
import { benchServer, describe, dropBenchDatabase, findPgbench, PGBENCH_MISSING } from './postgres'
import { machine, ms, perSecond, ratio, RESULTS_FILE, RUSH_RESULTS_FILE, table, verdict, writeResults } from './report'
import { seedScans } from './scans'
import { benchStats } from './stats'
import { benchStatusImport } from './status-import'
import { benchTrace, OFFICIAL_REGION, randomCases, traceWindow } from './trace'

const SECONDS = Number(process.env.BENCH_SECONDS || 8)
const REPEATS = Number(process.env.BENCH_REPEATS || 3)
const LEVELS = (process.env.BENCH_CLIENTS || '1,16,64').split(',').map(Number)
const ROUNDS = Number(process.env.BENCH_ROUNDS || 100)
/**
 * Enough people and posters that every scan of the throughput runs is a first scan, and by a
 * different person until the people run out (about 250,000 scans in a full run, the overload curve included).
 */
const SCAN_PEOPLE = Number(process.env.BENCH_SCAN_PEOPLE || 300_000)
const SCAN_VENUES = 1000
const BENCH_BASE_URL = 'https://bench.csm.example.test'

const TARGETS = { dbPathAt16: 0.5, httpPath: 0.5, traceP99Ms: 100, traceRatio: 2, statsP99Ms: 50 }
const RUSH_ONLY = process.env.BENCH_RUSH_ONLY === '1'
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS || 7)
const OVERLOAD_LEVELS = (process.env.BENCH_OVERLOAD ?? '16,64,256,1024,2048').split(',').map(Number).filter((n) => n > 0)
const OVERLOAD_SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS || 10)

const started = Date.now()
const clock = () => {
  const s = Math.round((Date.now() - started) / 1000)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}
/** Progress on stderr, so stdout is the report alone. */
const progress = (what: string) => process.stderr.write(`[bench ${clock()}] ${what}\n`)

function throughputTable(rows: PathComparison[], names: [string, string], target: (clients: number) => number | null): string {
  return table(
    ['客户端', `${names[0]} 次/秒`, 'p50 ms', 'p99 ms', `${names[1]} 次/秒`, 'p50 ms', 'p99 ms', '比值', '目标'],
    rows.map(({ clients, ours, baseline }) => {
      const goal = target(clients)
      if (typeof baseline === 'string') {
        return [clients, perSecond(ours.rate), ms(ours.p50), ms(ours.p99), baseline, '', '', '—', goal === null ? '' : `≥ ${goal}×：无法比较`]
      }
      const r = ours.rate / baseline.rate
      const errors = ours.errors + baseline.errors ? `（失败 ${ours.errors}/${baseline.errors}：${ours.firstError ?? ''}）` : ''
      return [clients, perSecond(ours.rate) + errors, ms(ours.p50), ms(ours.p99), perSecond(baseline.rate), ms(baseline.p50), ms(baseline.p99),
        ratio(r), goal === null ? '' : `≥ ${goal}×：${verdict(r >= goal)}`]
    }))
}

async function main() {
  const size = datasetSize()
  const fullSize = !['BENCH_ENTRIES', 'BENCH_VENUES', 'BENCH_PEOPLE', 'BENCH_DAYS', 'BENCH_CASES'].some((k) => process.env[k])
  const out: string[] = []
  const notes: string[] = []
  const citusOnly = process.env.BENCH_CITUS_ONLY === '1'

  progress(citusOnly ? 'BENCH_CITUS_ONLY=1: the Citus comparison alone' : RUSH_ONLY ? 'BENCH_RUSH_ONLY=1: the morning rush alone' : `PGlite: ${ROUNDS} rounds`)
  const pglite = citusOnly || RUSH_ONLY ? null : await benchPglite(ROUNDS)

  if (!citusOnly) progress('PostgreSQL')
  const server = citusOnly ? null : await benchServer()
  let postgres: string | null = null
  if (server && 'missing' in server) {
    notes.push(`**${server.missing}**：只运行了 PGlite 部分。设置 BENCH_DATABASE_URL 指向一个 PostgreSQL 服务器（需可建库）后重新运行。`)
    progress(server.missing)
  } else if (server) {
    postgres = server.version
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-'))
    const keysFile = path.join(work, 'keys.json')
    // The keys of a local stack's key file, so this process and the HTTP runtime it starts
    // sign, encrypt and hash alike.
    const keyed = loadConfig(localStackEnv({ KEYS_FILE: keysFile, PUBLIC_BASE_URL: BENCH_BASE_URL }))
    // The public schema of csm_bench, not a test schema: pgbench, psql and the plans see plain table names.
    const stack = await createTestStack({
      databaseUrl: server.url,
      config: {
        databaseSchema: undefined, codeSigningKeys: keyed.codeSigningKeys, codeSigningKid: keyed.codeSigningKid, dataKeys: keyed.dataKeys,
        lookupHashKey: keyed.lookupHashKey, publicBaseUrl: keyed.publicBaseUrl, codeLinkBases: keyed.codeLinkBases
      }
    })
    try {
      progress(`seeding ${SCAN_PEOPLE.toLocaleString('en')} signed-in people and ${SCAN_VENUES} venues for first scans`)
      const scans = await seedScans(stack, SCAN_PEOPLE, SCAN_VENUES)
      // The deployment's phase (停用) is read once per 5 s per process, not per scan: not counted as the scan's.
      await refreshSystemState({ db: stack.db, config: stack.config })
      const counter = countRoundTrips(stack.db)
      const probe = scans.scan(scans.next++)
      await stack.call('checkIn', { code: probe.code }, probe.token)
      const tripsPg = counter.count
      counter.restore()

      const pgbench = findPgbench()
      if (!pgbench) {
        notes.push(`**${PGBENCH_MISSING}**`)
        progress(PGBENCH_MISSING)
      }
      progress(`database path: ${LEVELS.join('/')} clients × ${REPEATS} × ${SECONDS} s${pgbench ? ` against ${pgbench}` : ''}`)
      const dbPath = await benchDbPath(stack, scans, {
        url: server.url, pgbench, levels: LEVELS, seconds: SECONDS, repeats: REPEATS, venues: SCAN_VENUES
      })
      const variants: PoolVariant[] = [
        { label: `force_generic_plan，${POOL_SIZE} 个连接`, planCacheMode: 'force_generic_plan', max: POOL_SIZE },
        { label: `auto，${POOL_SIZE} 个连接`, planCacheMode: 'auto', max: POOL_SIZE },
        { label: `force_generic_plan，${2 * POOL_SIZE} 个连接`, planCacheMode: 'force_generic_plan', max: 2 * POOL_SIZE }
      ]
      progress(`database time by part on ${variants.length} pools (plan cache mode, size): 16 clients × ${REPEATS} × ${SECONDS} s`)
      const dbParts = await benchDbParts(stack, scans, { url: server.url, clients: 16, seconds: SECONDS, repeats: REPEATS, variants })

      progress('building the cloud functions (npm run build:cloud), so the HTTP runtime runs this source')
      execFileSync('npm', ['run', '--silent', 'build:cloud'], { cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'ignore', 'inherit'] })
      const functionsEnv: Record<string, string | undefined> = { ...localStackEnv({ KEYS_FILE: keysFile, PUBLIC_BASE_URL: BENCH_BASE_URL }), DATABASE_URL: server.url }
      delete functionsEnv.DATA_DIR
      progress(`cold start: ${COLD_RUNS} fresh processes each`)
      const coldStart = await benchColdStart(scans, functionsEnv, COLD_RUNS)
      const levels = LEVELS.includes(GATEWAY_CLIENTS) ? LEVELS : [...LEVELS, GATEWAY_CLIENTS].sort((a, b) => a - b)
      progress(`HTTP path: ${levels.join('/')} clients × ${REPEATS} × ${SECONDS} s, and straight to functions-framework at ${GATEWAY_CLIENTS}`)
      const httpPath = await benchHttpPath(stack, scans, { url: server.url, keysFile, levels, seconds: SECONDS, repeats: REPEATS })
      let overload = null
      if (OVERLOAD_LEVELS.length) {
        progress(`overload: ${OVERLOAD_LEVELS.join(' → ')} connections × ${OVERLOAD_SECONDS} s`)
        overload = await benchOverload(stack, scans, {
          url: server.url, keysFile, h5Dir: h5Dir(work), logDir: path.join(work, 'overload-logs'), levels: OVERLOAD_LEVELS, seconds: OVERLOAD_SECONDS, progress
        })
      }
      const rush = rushReport({ coldStart, dbPath, dbParts, httpPath, overload, repeats: REPEATS, seconds: SECONDS, tripsPg })
      out.push(...rush.lines)
      notes.push(...rush.notes)
      if (RUSH_ONLY) {
        out.unshift(
          `### 入场登记：数据库路径 / pgbench 单行插入（目标 16 个客户端 ≥ ${TARGETS.dbPathAt16}×）`, '',
          throughputTable(dbPath, ['checkIn', 'pgbench'], (c) => (c === 16 ? TARGETS.dbPathAt16 : null)), '',
          `### 入场登记：整条 HTTP 路径 / 什么都不做的函数（listDemoAccounts）（目标 ≥ ${TARGETS.httpPath}×）`, '',
          throughputTable(httpPath.rows, ['checkIn', 'listDemoAccounts'], () => TARGETS.httpPath), '')
        progress(`done with PostgreSQL (${describe(server.url)})`)
        return finish(out, notes, server.version, null)
      }

      progress('status import')
      const statusRows = await benchStatusImport(stack, await stack.login('official'))

      progress(`filling ${size.entries.toLocaleString('en')} entries`)
      const fillSeconds = await fillDataset(stack, size, (what) => progress(`  ${what}`))
      progress(`tracing random cases (filled in ${fillSeconds.toFixed(0)} s)`)
      const trace = await benchTrace(stack)
      progress('venue-day statistics')
      const stats = await benchStats(stack)

      let planFiles: string[] = []
      if (fullSize || process.env.BENCH_EXPLAIN === '1') {
        progress('plans (auto_explain) to docs/plans')
        const [personId] = await randomCases(stack, 1)
        const { fromAt, toAt } = traceWindow(stack)
        const [busiest] = await stack.db.query<{ venue_id: string; day: string }>(
          `SELECT venue_id, to_char(checked_in_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM entries
           WHERE venue_id = $1 || '1' GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`, [VENUE_PREFIX])
        const s = scans.scan(scans.next++)
        planFiles = await writePlans(server.url, stack.config, {
          checkIn: { account: s.account, code: s.code },
          stats: { venueId: busiest.venue_id, day: busiest.day },
          trace: { personId, fromAt, toAt, region: OFFICIAL_REGION },
          about: `${size.entries.toLocaleString('en')} entries, ${size.venues.toLocaleString('en')} venues, ${size.people.toLocaleString('en')} people, ${postgres}, ${new Date().toISOString().slice(0, 10)}`
        })
      }

      const at16 = dbPath.find((r) => r.clients === 16)
      const at64 = dbPath.find((r) => r.clients === 64)
      out.push(
        `### 入场登记：数据库路径（checkIn 在运行时的 pg 连接池上） / pgbench 单行插入`,
        '',
        `每次都是不同的人首次扫码；pgbench 向 entries 的副本（LIKE entries INCLUDING ALL，同样按北京时间的天分区，无外键）插入一行，客户端数相同（-j 2），` +
        `每档 ${REPEATS} 轮 × ${SECONDS} 秒交替进行，取中位数那一轮。一次 checkIn（含会话查询）在 PostgreSQL 上 ${tripsPg} 次数据库往返，` +
        `连接池 10 个连接。`,
        '',
        throughputTable(dbPath, ['checkIn', 'pgbench'], (c) => (c === 16 ? TARGETS.dbPathAt16 : null)),
        '',
        `### 入场登记：整条 HTTP 路径 / 什么都不做的函数（listDemoAccounts），同一运行时`,
        '',
        `本地环境（网关 + functions-framework，两个 Node 进程）作为子进程连接同一数据库；keep-alive 客户端，真实会话令牌，每次都是不同的人首次扫码。`,
        '',
        throughputTable(httpPath.rows, ['checkIn', 'listDemoAccounts'], () => TARGETS.httpPath),
        '',
        `运行时峰值内存（VmHWM）：${httpPath.memory.map((m) => `${m.command} ${(m.bytes / 2 ** 20).toFixed(0)} MiB`).join('，')}`,
        '',
        `### ${size.entries.toLocaleString('en')} 条登记（${size.venues.toLocaleString('en')} 个场所、${size.people.toLocaleString('en')} 人、${size.days} 天，生成用时 ${fillSeconds.toFixed(0)} 秒）`,
        '',
        table(['项目', '结果', '目标'], [
          [`流调 14 天，${trace.cases} 个随机病例：每例停留 p50 ${trace.stays.p50}（最多 ${trace.stays.max}），重叠 p50 ${trace.overlaps.p50}（最多 ${trace.overlaps.max}），答案与手写 SQL 逐条相同`, '是', ''],
          ['手写 SQL p50 / p99 (ms)', `${ms(trace.hand.p50)} / ${ms(trace.hand.p99)}`, ''],
          ['traceCase 的语句（含解密） p50 / p99 (ms)', `${ms(trace.statement.p50)} / ${ms(trace.statement.p99)}`, ''],
          ['traceCase 整次调用 p50 / p99 (ms)', `${ms(trace.whole.p50)} / ${ms(trace.whole.p99)}`, `p99 < ${TARGETS.traceP99Ms} ms：${verdict(trace.whole.p99 < TARGETS.traceP99Ms)}`],
          ['traceCase 整次调用 / 手写 SQL（p50，p99）', `${ratio(trace.whole.p50 / trace.hand.p50)}，${ratio(trace.whole.p99 / trace.hand.p99)}`,
            `≤ ${TARGETS.traceRatio}×：${verdict(trace.whole.p50 / trace.hand.p50 <= TARGETS.traceRatio && trace.whole.p99 / trace.hand.p99 <= TARGETS.traceRatio)}`],
          ['traceCase 的语句 / 手写 SQL（p50，p99）', `${ratio(trace.statement.p50 / trace.hand.p50)}，${ratio(trace.statement.p99 / trace.hand.p99)}`, ''],
          [`一个场所一天的检测统计，${stats.cases} 个随机场所日（按登记抽取；当天登记 p50 ${stats.entries.p50}，最多 ${stats.entries.max}） p50 / p99 (ms)`,
            `${ms(stats.time.p50)} / ${ms(stats.time.p99)}`, `p99 < ${TARGETS.statsP99Ms} ms：${verdict(stats.time.p99 < TARGETS.statsP99Ms)}`],
          ...(planFiles.length ? [['执行计划（EXPLAIN ANALYZE, BUFFERS）', planFiles.map((f) => `\`${f}\``).join('、'), ''] as string[]] : [])
        ]),
        '',
        `### 健康码状态导入（PostgreSQL）`,
        '',
        table(['项目', '结果'], statusRows),
        ''
      )
      if (at16 && typeof at16.baseline !== 'string' && at16.ours.rate / at16.baseline.rate < TARGETS.dbPathAt16) {
        const cores = at16.ours.ownCores ?? NaN
        const nodeBound = cores > 0.8
        notes.push(`数据库路径在 16 个客户端时未达到 ${TARGETS.dbPathAt16}×：一次 checkIn ${tripsPg} 次往返（pgbench 1 次），连接池 10 个连接（pgbench 16 个）。` +
          `其间本进程（checkIn 与负载生成器）占用 ${cores.toFixed(2)} 核，` +
          (nodeBound
            ? '瓶颈在 Node 一侧（验签、解密姓名、pg 协议）。'
            : `不是瓶颈：瓶颈在数据库，按吞吐之比估计，一次 csm_check_in（外键检查、咨询锁、防重复查询、写入分区表、提醒）在服务器上的工作约为 ` +
              `pgbench 一次单行插入的 ${(at16.baseline.rate / at16.ours.rate).toFixed(0)} 倍` +
              (at64 && at64.ours.rate < at16.ours.rate * 1.1 ? '（客户端从 16 增到 64，checkIn 吞吐不再增加）。' : '。')))
      }
      const httpMissed = httpPath.rows.filter((r) => typeof r.baseline !== 'string' && r.ours.rate / r.baseline.rate < TARGETS.httpPath)
      if (httpMissed.length) {
        notes.push(`整条 HTTP 路径在 ${httpMissed.map((r) => r.clients).join('、')} 个客户端时未达到 ${TARGETS.httpPath}×：checkIn 每次 ${tripsPg} 次数据库往返，` +
          `并验签、解密姓名，listDemoAccounts 不访问数据库；每个请求先经网关进程再转给 functions-framework 进程；` +
          `负载生成器、两个运行时进程与 PostgreSQL 共用这台机器的 ${os.cpus().length} 核。`)
      }
      if (trace.whole.p99 >= TARGETS.traceP99Ms) {
        notes.push(`流调 p99 未达到 ${TARGETS.traceP99Ms} ms：最慢的病例整次调用 ${ms(trace.slowest.ms)} ms（${trace.slowest.stays} 处停留、` +
          `${trace.slowest.overlaps} 条重叠，人多的场所）；同一批病例手写 SQL 的 p99 为 ${ms(trace.hand.p99)} ms` +
          `${trace.hand.p99 >= TARGETS.traceP99Ms ? '，也超过目标：慢在数据与机器，而不在 traceCase 多做的事' : ''}。`)
      }
      if (stats.time.p99 >= TARGETS.statsP99Ms) {
        notes.push(`检测统计 p99 未达到 ${TARGETS.statsP99Ms} ms：最慢的场所日 ${ms(stats.slowest.ms)} ms，当天 ${stats.slowest.entries} 条登记；` +
          `统计（含 7 日趋势）逐条回表读取该场所这些天的登记，而一个场所的登记分散在当天的各个数据页上（见 docs/plans/venue-stats.txt）。`)
      }
      progress(`done with PostgreSQL (${describe(server.url)})`)
    } finally {
      await stack.close()
      if (process.env.BENCH_KEEP !== '1') await dropBenchDatabase()
      fs.rmSync(work, { recursive: true, force: true })
    }
  }

  const citusUrl = process.env.BENCH_CITUS_URL
  if (citusUrl) {
    progress(`Citus (${describe(citusUrl)}) against PostgreSQL`)
    const citus = await benchCitus(citusUrl, progress)
    postgres ??= citus.postgres
    out.push(...citus.lines)
  } else {
    notes.push('未设置 BENCH_CITUS_URL：跳过 Citus 对比。运行：`BENCH_CITUS_URL=postgresql://postgres@127.0.0.1:9700/test npm run bench`（Citus 协调节点；加 BENCH_CITUS_ONLY=1 只运行这一部分）。')
  }

  finish(out, notes, postgres, pglite)
}

function finish(out: string[], notes: string[], postgres: string | null, pglite: Awaited<ReturnType<typeof benchPglite>> | null): void {
  const seconds = Math.round((Date.now() - started) / 1000)
  const report = [
    `## 场所码基准（npm run bench）`,
    '',
    `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC，全部用时 ${Math.floor(seconds / 60)} 分 ${seconds % 60} 秒。`,
    `机器：${machine(postgres)}。`,
    '',
    ...notes.flatMap((n) => [n, '']),
    ...out,
    ...(pglite ? [`### 快速项（内嵌 PGlite，${pglite.rounds} 轮）`, '', table(['项目', '结果'], pglite.rows), ''] : [])
  ].join('\n')
  process.stdout.write(report)
  const file = RUSH_ONLY ? RUSH_RESULTS_FILE : RESULTS_FILE
  writeResults(report, file)
  progress(`written to ${path.relative(process.cwd(), file)}`)
}

main().catch((e) => { console.error(e); process.exit(1) })
