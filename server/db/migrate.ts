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
