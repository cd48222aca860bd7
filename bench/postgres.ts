/**
 * The PostgreSQL server the benchmark runs on, and pgbench to compare it with. The server is
 * BENCH_DATABASE_URL, else a local one on the default port with trust authentication (as the
 * README's set-up has it); the benchmark makes its own database there, dropped and made again
 * on every run, so nothing of a previous run or of anyone else's data is measured.
 */
import { execFileSync } from 'child_process'
import fs from 'fs'
import path from 'path'
import type { Client as PgClient } from 'pg'

export const BENCH_DATABASE = 'csm_bench'
const DEFAULT_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres'

export interface BenchServer {
  /** The benchmark's own, empty database. */
  url: string
  /** e.g. "PostgreSQL 15.20". */
  version: string
}

async function connect(url: string): Promise<PgClient> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Client } = require('pg') as typeof import('pg')
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  return client
}

/** A fresh `csm_bench` on the server, or the reason there is none (the caller runs the PGlite parts only). */
export async function benchServer(): Promise<BenchServer | { missing: string }> {
  const serverUrl = process.env.BENCH_DATABASE_URL || DEFAULT_SERVER
  let admin: PgClient
  try {
    admin = await connect(serverUrl)
  } catch (err) {
    return { missing: `无法连接 PostgreSQL（${describe(serverUrl)}：${(err as Error).message}）` }
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`)
    const { rows: [v] } = await admin.query<{ version: string }>(
      `SELECT split_part(version(), ' ', 1) || ' ' || current_setting('server_version') AS version`)
    const url = new URL(serverUrl)
    url.pathname = `/${BENCH_DATABASE}`
    return { url: url.toString(), version: v.version }
  } finally {
    await admin.end()
  }
}

/** host:port/database of a connection string, never its password. */
export function describe(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || 5432}${u.pathname}`
  } catch {
    return '(BENCH_DATABASE_URL)'
  }
}

/** pgbench on PATH, else where Debian's and Ubuntu's PostgreSQL packages put it (newest first). */
export function findPgbench(): string | null {
  try {
    execFileSync('pgbench', ['--version'], { stdio: 'ignore' })
    return 'pgbench'
  } catch { /* not on PATH */ }
  const root = '/usr/lib/postgresql'
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : []
  for (const v of versions) {
    const candidate = path.join(root, v, 'bin/pgbench')
    if (fs.existsSync(candidate)) return candidate
  }
  return null
}

export const PGBENCH_MISSING = '未找到 pgbench（PATH 与 /usr/lib/postgresql/*/bin 中都没有）：跳过与 pgbench 的对比。安装：apt-get install postgresql-client（Debian 12 的 pgbench 在服务器包 postgresql-15 中：apt-get install postgresql-15）'

/** Drops the benchmark's database (millions of rows nobody needs once the numbers are out). */
export async function dropBenchDatabase(): Promise<void> {
  const admin = await connect(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER)
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}
