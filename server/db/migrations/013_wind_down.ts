/**
 * 停用 (issue 20): the deployment's state and its deletion receipt. One row, on the coordinator:
 * every call reads it (cached for seconds in each process), so scans can be refused from the day
 * the wind-down was ordered and every function can answer with the receipt once all is destroyed.
 */
export const version = 13
export const name = 'wind_down'

export const statements: string[] = [
  `CREATE TABLE system_state (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    phase text NOT NULL DEFAULT 'running' CHECK (phase IN ('running', 'stopping', 'ended')),
    stopped_at timestamptz,
    stopped_on date,
    destroy_after timestamptz,
    destroyed_at timestamptz,
    receipt jsonb,
    CHECK ((phase = 'running') = (stopped_at IS NULL)),
    CHECK ((phase = 'ended') = (receipt IS NOT NULL))
  )`,
  `INSERT INTO system_state (phase) VALUES ('running')`
]
