/**
 * 我已知晓 on a 风险提示 (issue 17): the holder says they have read a notice, so it stops coming
 * back on the home page. The notice itself stays (officials' trace counts and retention use it);
 * only `acknowledged_at` is set, once. `risk_notices` is a plain table (not partitioned by day
 * like `entries`), so one ALTER does on PGlite and PostgreSQL alike; the partial index serves the
 * home page's question, "this person's notices not yet acknowledged".
 */
export const version = 8
export const name = 'risk_acknowledged'

export const statements = [
  'ALTER TABLE risk_notices ADD COLUMN acknowledged_at timestamptz',
  'CREATE INDEX risk_notices_open_idx ON risk_notices (person_id, created_at DESC) WHERE acknowledged_at IS NULL'
]
