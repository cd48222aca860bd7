import type { Db, Queryable } from './types'

/**
 * Counts the database round trips of whatever runs on `db` (every statement, and BEGIN and
 * COMMIT of each transaction), by wrapping the instance in place so code holding the same
 * object (the runtime's deps) is counted too. For the round-trip test and `npm run bench`:
 * round trips are what a check-in's time goes to.
 */
export interface RoundTripCounter {
  readonly count: number
  reset(): void
  restore(): void
}

export function countRoundTrips(db: Db): RoundTripCounter {
  let count = 0
  const query = db.query.bind(db)
  const transaction = db.transaction.bind(db)
  const counted = (q: Queryable): Queryable => ({
    query: (sql, params) => { count++; return q.query(sql, params) }
  })
  const target = db as { query: Db['query']; transaction: Db['transaction'] }
  target.query = ((sql: Parameters<Db['query']>[0], params?: unknown[]) => { count++; return query(sql, params) }) as Db['query']
  target.transaction = (async (fn: (tx: Queryable) => Promise<unknown>) => {
    count += 2
    return transaction((tx) => fn(counted(tx)))
  }) as Db['transaction']
  return {
    get count() { return count },
    reset() { count = 0 },
    restore() { target.query = query; target.transaction = transaction }
  }
}
