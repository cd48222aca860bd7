/**
 * The plans PostgreSQL actually ran for a check-in, a venue's day statistics and a trace on the
 * benchmark's log, written to docs/plans/*.txt. They come from auto_explain (ANALYZE, BUFFERS,
 * nested statements), reported to this session as notices, so they are the plans of the real
 * domain calls with their real parameters, including the statements inside csm_log_entries,
 * not of SQL copied out of the code.
 */
import fs from 'fs'
import path from 'path'
import type { Config } from '../server/config'
import type { Db, PreparedStatement, Queryable } from '../server/db'
import { checkIn } from '../server/domain/check-in'
import type { SignedIn } from '../server/domain/sessions'
import { findStays } from '../server/domain/tracing'
import { venueStats } from '../server/domain/venue-stats'

const PLANS_DIR = path.resolve(__dirname, '../docs/plans')

/** One connection (auto_explain is per session) as the Db the domain code takes; its notices collected. */
async function explainingDb(url: string): Promise<{ db: Db; take(): string[] }> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Client } = require('pg') as typeof import('pg')
  const client = new Client({ connectionString: url })
  await client.connect()
  let notices: string[] = []
  client.on('notice', (n) => notices.push(n.message ?? ''))
  for (const sql of ["LOAD 'auto_explain'", 'SET auto_explain.log_min_duration = 0', 'SET auto_explain.log_analyze = on',
    'SET auto_explain.log_buffers = on', 'SET auto_explain.log_nested_statements = on', "SET auto_explain.log_level = 'notice'"]) {
    await client.query(sql)
  }
  // One statement at a time, in call order (venueStats asks several at once): each plan follows its statement.
  let queue: Promise<unknown> = Promise.resolve()
  const q: Queryable = {
    query<T>(sql: string | PreparedStatement, params: unknown[] = []): Promise<T[]> {
      const config = typeof sql === 'string' ? { text: sql, values: params } : { name: sql.name, text: sql.text, values: params }
      const next = queue.then(async () => (await client.query(config)).rows as T[])
      queue = next.catch(() => undefined)
      return next
    }
  }
  const db: Db = {
    kind: 'pg',
    distributed: false,
    query: q.query,
    async transaction(fn) {
      await client.query('BEGIN')
      try {
        const r = await fn(q)
        await client.query('COMMIT')
        return r
      } catch (err) {
        await client.query('ROLLBACK')
        throw err
      }
    },
    exec: <T>(sql: string) => q.query<T>(sql),
    close: () => client.end()
  }
  return { db, take: () => { const out = notices; notices = []; return out } }
}

export interface ExplainTargets {
  checkIn: { account: SignedIn; code: string }
  stats: { venueId: string; day: string }
  trace: { personId: string; fromAt: Date; toAt: Date; region: string }
  /** What the log holds, for the files' headers. */
  about: string
}

/** Writes the three plan files; their paths. */
export async function writePlans(url: string, config: Config, t: ExplainTargets): Promise<string[]> {
  const { db, take } = await explainingDb(url)
  const deps = { db, config }
  fs.mkdirSync(PLANS_DIR, { recursive: true })
  const write = (name: string, call: string, plans: string[]) => {
    const file = path.join(PLANS_DIR, name)
    fs.writeFileSync(file, [`-- ${call}`, `-- EXPLAIN (ANALYZE, BUFFERS) of every statement it ran (auto_explain), ${t.about}`, '',
      ...plans.map((p) => p.trim() + '\n')].join('\n'))
    return path.relative(path.resolve(__dirname, '..'), file)
  }
  try {
    await checkIn(deps, t.checkIn.account, t.checkIn.code)
    const files = [write('check-in.txt', 'checkIn(deps, accountId, code): a first scan by one person', take())]
    await venueStats(deps, t.stats.venueId, t.stats.day)
    files.push(write('venue-stats.txt', `venueStats(deps, '${t.stats.venueId}', '${t.stats.day}'): the busiest venue's day`, take()))
    await findStays(deps, db, t.trace.personId, t.trace.fromAt, t.trace.toAt, t.trace.region)
    files.push(write('trace.txt', `findStays (traceCase's statement): one case over 14 days, region ${t.trace.region}`, take()))
    return files
  } finally {
    await db.close()
  }
}
