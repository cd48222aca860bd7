/**
 * A statement the server prepares once per connection and then only executes: for the hot
 * path (session look-up, check-in), where parsing and planning would otherwise cost as much as
 * running it. The name must be unique to the text.
 */
export interface PreparedStatement {
  readonly name: string
  readonly text: string
}

/** Names a statement for preparing (see PreparedStatement). */
export function prepared(name: string, text: string): PreparedStatement {
  return { name, text }
}

/** The one data-access surface the domain code sees; PGlite and a pg Pool both implement it. */
export interface Queryable {
  /** Runs one statement with $1… parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string | PreparedStatement, params?: unknown[]): Promise<T[]>
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'pg'
  /**
   * A Citus coordinator with the schema distributed (server/db/citus.ts): venue_log is then a
   * table of its own, fed by the roll-up job, that the code that changes an entry updates too.
   */
  readonly distributed: boolean
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R>
  /**
   * Runs a script of several statements without parameters and returns the rows of the last
   * one that has rows. For pg-boss, whose schema and locking SQL come as one multi-statement text.
   */
  exec<T = Record<string, unknown>>(sql: string): Promise<T[]>
  close(): Promise<void>
}
