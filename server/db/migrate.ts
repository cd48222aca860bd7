import { MIGRATIONS, type Migration } from './migrations'
import type { Db } from './types'

/** Advisory-lock key ('CSM1'): concurrent starts wait for each other instead of racing the DDL. */
const MIGRATION_LOCK_KEY = 0x43534d31

/**
 * Applies pending migrations in one transaction. DDL is transactional in PostgreSQL, so a failed
 * migration leaves the schema exactly as it was.
 */
export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version)
  if (await allApplied(db, ordered)) return []
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version))
    const applied: number[] = []
    for (const m of ordered) {
      if (done.has(m.version)) continue
      for (const sql of m.statements) await tx.query(sql)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      applied.push(m.version)
    }
    return applied
  })
}

/** PostgreSQL's undefined_table: a database no migration has touched yet. */
const UNDEFINED_TABLE = '42P01'

/**
 * Whether every migration is applied already, in one read without a transaction or the lock.
 * Every cold start of every function asks this, and on a warm database the answer is yes: the
 * locked transaction took five round trips of a check-in's first answer (about 7 of its 200 ms on
 * a slow machine, docs/scale.md §5.4), on the path whose goal is 2× a bare require('pg'). Versions are
 * only ever added, so a database that has them all has nothing to wait for; anything missing
 * takes the locked path, which decides again under the lock.
 */
async function allApplied(db: Db, ordered: Migration[]): Promise<boolean> {
  try {
    const done = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version))
    return ordered.every((m) => done.has(m.version))
  } catch (err) {
    if ((err as { code?: string }).code === UNDEFINED_TABLE) return false
    throw err
  }
}
