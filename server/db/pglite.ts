import { mkdirSync } from 'fs'
import * as moduleBuiltin from 'module'
import type { PGlite as PGliteType } from '@electric-sql/pglite'
import type { Db, PreparedStatement, Queryable } from './types'

/**
 * Embedded PostgreSQL. PGlite is a single connection, so the process must share one
 * instance; its transaction() holds an exclusive lock, which is what makes concurrent
 * check-ins of one process serialise correctly.
 */
export async function openPglite(dataDir: string): Promise<Db> {
  // Loaded lazily, so a deployment on a PostgreSQL server never loads the WASM build, and
  // through Node's own loader: PGlite's start-up uses import(), which a sandboxed module
  // registry (jest's) refuses without --experimental-vm-modules.
  const nodeRequire = nodeModule().createRequire(__filename)
  const { PGlite } = nodeRequire('@electric-sql/pglite') as typeof import('@electric-sql/pglite')
  let pg: PGliteType
  if (dataDir === ':memory:') {
    pg = new PGlite()
  } else {
    mkdirSync(dataDir, { recursive: true })
    pg = new PGlite(dataDir)
  }
  await pg.waitReady
  const wrap = (q: { query: PGliteType['query'] }): Queryable => ({
    // One connection in the same process: nothing to gain from naming statements.
    async query<T>(sql: string | PreparedStatement, params: unknown[] = []): Promise<T[]> {
      const res = await q.query<T>(typeof sql === 'string' ? sql : sql.text, params as unknown[])
      return res.rows
    }
  })
  const base = wrap(pg)
  return {
    kind: 'pglite',
    distributed: false,
    query: base.query,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async exec<T>(sql: string): Promise<T[]> {
      const results = await pg.exec(sql)
      return (results.filter((r) => r.rows.length).pop()?.rows ?? []) as T[]
    },
    close: () => pg.close()
  }
}

/**
 * Node's real `module` builtin. Test runners hand out a patched one whose createRequire loads
 * into their sandbox; process.getBuiltinModule (Node ≥ 20.16) always returns the real one.
 */
function nodeModule(): typeof moduleBuiltin {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule
  return getBuiltin ? (getBuiltin('module') as typeof moduleBuiltin) : moduleBuiltin
}
