import type { PoolClient } from 'pg'
import type { Db, PreparedStatement, Queryable } from './types'

export type PlanCacheMode = 'auto' | 'force_generic_plan' | 'force_custom_plan'

export interface PgPoolOptions {
  /** Overrides the plan cache mode chosen below (bench/db-path.ts compares them on the same server). */
  planCacheMode?: PlanCacheMode
  /** Connections in the pool (default POOL_SIZE). */
  max?: number
}

/**
 * Connections per process. The gateway's admission control (server/http/gateway.ts) is sized
 * from the same number: change both together.
 */
export const POOL_SIZE = 10

/** A PostgreSQL server through a pg Pool; `schema` pins search_path on every connection. */
export async function openPgPool(databaseUrl: string, schema?: string, poolOptions: PgPoolOptions = {}): Promise<Db> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Pool } = require('pg') as typeof import('pg')
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`DATABASE_SCHEMA "${schema}" must be a lower-case SQL identifier`)
  }
  // Every request reads a few index ranges: starting parallel workers costs more than it saves
  // (a trace among 10 million entries spent 33 of its 39 ms in the Gather's start-up, docs/plans).
  // On one server, prepared statements (ours and those inside the csm_ functions) keep one generic
  // plan: over a month of day partitions a fresh custom plan cost a trace about 12 ms of planning
  // per call, while the generic plan prunes partitions when it starts. On Citus the plan cache is
  // left at auto: a generic plan hides the distribution value, and Citus then cannot route the
  // statement to one shard ("could not create distributed plan"). bench/citus.ts measures both.
  const open = (planCacheMode: PlanCacheMode | null) => {
    const options = [
      '-c max_parallel_workers_per_gather=0', ...(planCacheMode ? [`-c plan_cache_mode=${planCacheMode}`] : []),
      ...(schema ? [`-c search_path=${schema}`] : [])
    ].join(' ')
    // A server that stops answering (rather than refusing) must not hold a request until the
    // gateway's 30 s timeout: after 5 s the wait fails as a lost connection, answered SYSTEM_BUSY.
    const p = new Pool({ connectionString: databaseUrl, max: poolOptions.max ?? POOL_SIZE, options, connectionTimeoutMillis: 5000 })
    // A broken idle connection must not crash the process; the next query reconnects.
    p.on('error', (err) => console.error('[db] idle client error', err.message))
    return p
  }
  // The pool opens as for one server and asks on its own first connection whether this is Citus,
  // which the migrations then reuse: a cold start used to open a connection just for the question
  // (about 7 ms here, a tenth of a bare require('pg')). Citus, the rare case, gets a new pool.
  let pool = open(poolOptions.planCacheMode ?? 'force_generic_plan')
  const citus = await citusState(pool, schema).catch(async (err) => { await pool.end().catch(() => undefined); throw err })
  if (citus.extension && !poolOptions.planCacheMode) {
    await pool.end()
    pool = open(null)
  }
  if (schema) {
    // Two processes starting together can both pass IF NOT EXISTS; the loser's duplicate error is harmless.
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((err: { code?: string }) => {
      if (err.code !== '42P06' && err.code !== '23505') throw err
    })
  }
  // A named query is parsed and planned once per connection, then only bound and executed.
  const config = (sql: string | PreparedStatement, params: unknown[]) =>
    typeof sql === 'string' ? { text: sql, values: params } : { name: sql.name, text: sql.text, values: params }
  const clientQueryable = (c: PoolClient): Queryable => ({
    async query<T>(sql: string | PreparedStatement, params: unknown[] = []): Promise<T[]> {
      const res = await c.query(config(sql, params))
      return res.rows as T[]
    }
  })
  return {
    kind: 'pg',
    distributed: citus.distributed,
    async query<T>(sql: string | PreparedStatement, params: unknown[] = []): Promise<T[]> {
      const res = await pool.query(config(sql, params))
      return res.rows as T[]
    },
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(clientQueryable(client))
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    },
    async exec<T>(sql: string): Promise<T[]> {
      // Without parameters pg uses the simple protocol, which runs several statements at once.
      const res = await pool.query(sql) as unknown as { rows?: T[] } | Array<{ rows?: T[] }>
      const all = Array.isArray(res) ? res : [res]
      return all.filter((r) => r.rows?.length).pop()?.rows ?? []
    },
    close: () => pool.end()
  }
}

/**
 * Whether the server has the citus extension, and whether this schema has been distributed
 * (server/db/citus.ts: entries is a distributed table). Asked once, when the pool opens; the
 * set-up command reopens the database after distributing. Catalog look-ups with the schema named,
 * so the pool's search_path and plan cache mode do not matter to them.
 */
async function citusState(pool: import('pg').Pool, schema?: string): Promise<{ extension: boolean; distributed: boolean }> {
  const { rows } = await pool.query<{ citus: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus`)
  if (!rows[0].citus) return { extension: false, distributed: false }
  const dist = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_dist_partition WHERE logicalrelid = to_regclass($1)`, [`${schema ?? 'public'}.entries`])
  return { extension: true, distributed: dist.rows[0].n > 0 }
}
