/**
 * Sign-out and rate limits. Expired sessions are purged by expiry time, so it is indexed; a
 * rate-limit counter is one row per key (fixed window), updated in a single upsert so that
 * concurrent attempts never lose a count, on PGlite and PostgreSQL alike.
 */
export const version = 2
export const name = 'sessions_and_limits'

export const statements: string[] = [
  'CREATE INDEX sessions_expires_idx ON sessions (expires_at)',
  `CREATE TABLE rate_limits (
    key text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits integer NOT NULL CHECK (hits >= 0)
  )`,
  'CREATE INDEX rate_limits_window_idx ON rate_limits (window_start)'
]
