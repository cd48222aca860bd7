import type { Config } from '../config'
import { openPgPool } from './pg'
import { openPglite } from './pglite'
import type { Db } from './types'

export type { Db, PreparedStatement, Queryable } from './types'
export { prepared } from './types'
export { migrate } from './migrate'

/** Opens the database the configuration names: a PostgreSQL server if given, else PGlite. */
export function openDb(config: Pick<Config, 'databaseUrl' | 'databaseSchema' | 'dataDir'>): Promise<Db> {
  return config.databaseUrl ? openPgPool(config.databaseUrl, config.databaseSchema) : openPglite(config.dataDir)
}
