/**
 * 场所管理: checkpoints that can be renamed and removed, the record of changes to a venue's
 * information, handovers that wait for the recipient, 体温检测 on entries, and the status each
 * person had when they entered (statistics count yellow and red at the time of entry, not the
 * status someone has today).
 *
 * Venue roles are no longer copied into users.roles: they follow from venues.admin_user_id and
 * venue_inspectors, so a handover or an unbinding can never leave a stale role behind.
 */
export const version = 4
export const name = 'venue_management'

export const statements = [
  // A removed checkpoint keeps its row: entries refer to it and statistics name it.
  'ALTER TABLE checkpoints ADD COLUMN removed_at timestamptz',
  'CREATE UNIQUE INDEX checkpoints_live_name_key ON checkpoints (venue_id, name) WHERE removed_at IS NULL',

  `CREATE TABLE venue_changes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    field text NOT NULL CHECK (field IN ('region', 'creditCode', 'name', 'address', 'type', 'admin')),
    old_value_enc text NOT NULL,
    new_value_enc text NOT NULL,
    changed_by uuid NOT NULL REFERENCES users (id),
    changed_at timestamptz NOT NULL DEFAULT now()
  )`,
  'CREATE INDEX venue_changes_venue_time_idx ON venue_changes (venue_id, changed_at DESC)',

  // At most one pending handover per venue; the recipient must be one of its inspectors.
  `CREATE TABLE venue_handovers (
    venue_id text PRIMARY KEY REFERENCES venues (id) ON DELETE CASCADE,
    from_user_id uuid NOT NULL REFERENCES users (id),
    to_user_id uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (from_user_id <> to_user_id)
  )`,
  'CREATE INDEX venue_handovers_to_idx ON venue_handovers (to_user_id)',

  `ALTER TABLE entries ADD COLUMN health_status text CHECK (health_status IN ('green', 'yellow', 'red'))`,
  `UPDATE entries e SET health_status = coalesce((SELECT h.status FROM health_status h WHERE h.person_id = e.person_id), 'green')`,
  'ALTER TABLE entries ALTER COLUMN health_status SET NOT NULL',

  // 体温检测: a value, or none for the one-tap 体温正常; who recorded it and when.
  'ALTER TABLE entries ADD COLUMN temperature_celsius numeric(3,1) CHECK (temperature_celsius BETWEEN 34.0 AND 43.0)',
  'ALTER TABLE entries ADD COLUMN temperature_at timestamptz',
  'ALTER TABLE entries ADD COLUMN temperature_by uuid REFERENCES users (id)',
  `ALTER TABLE entries ADD CONSTRAINT entries_temperature_recorded CHECK (
     (temperature_at IS NULL) = (temperature_by IS NULL) AND (temperature_celsius IS NULL OR temperature_at IS NOT NULL))`,

  `UPDATE users SET roles = array_remove(array_remove(roles, 'venue_admin'), 'inspector')`,

  // As in 003, plus the status at the time of entry.
  `CREATE OR REPLACE FUNCTION csm_log_entries(p_account uuid, p_venue text, p_checkpoint text, p_persons uuid[],
     p_methods text[], p_inspector uuid, p_window_minutes int)
   RETURNS TABLE (person_id uuid, entry_id uuid, checked_in_at timestamptz, checkpoint_name text,
     repeated boolean, method text, name_enc text, status text)
   LANGUAGE plpgsql AS $$
   #variable_conflict use_column
   DECLARE
     v_key bigint;
     v_scan uuid := gen_random_uuid();
   BEGIN
     FOR v_key IN
       SELECT DISTINCT hashtextextended('checkin:' || p || ':' || p_venue, 0) FROM unnest(p_persons) p ORDER BY 1
     LOOP
       PERFORM pg_advisory_xact_lock(v_key);
     END LOOP;
     RETURN QUERY
     WITH wanted AS (
       SELECT DISTINCT ON (w.pid) w.pid, w.how FROM unnest(p_persons, p_methods) AS w(pid, how) ORDER BY w.pid
     ), recent AS (
       SELECT DISTINCT ON (e.person_id) e.person_id, e.id, e.checked_in_at, e.checkpoint_id, e.method
       FROM entries e JOIN wanted w ON w.pid = e.person_id
       WHERE e.venue_id = p_venue AND e.withdrawn_at IS NULL
         AND e.checked_in_at > now() - make_interval(mins => p_window_minutes)
       ORDER BY e.person_id, e.checked_in_at DESC
     ), added AS (
       INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, method, inspector_id, scan_id, health_status)
       SELECT w.pid, p_account, p_venue, p_checkpoint, w.how, CASE WHEN w.how = 'assisted' THEN p_inspector END, v_scan,
              coalesce((SELECT h.status FROM health_status h WHERE h.person_id = w.pid), 'green')
       FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM recent r WHERE r.person_id = w.pid)
       RETURNING entries.person_id, entries.id, entries.checked_in_at, entries.checkpoint_id, entries.method
     ), logged AS (
       SELECT r.person_id, r.id, r.checked_in_at, r.checkpoint_id, true AS repeated, r.method FROM recent r
       UNION ALL
       SELECT a.person_id, a.id, a.checked_in_at, a.checkpoint_id, false, a.method FROM added a
     )
     SELECT l.person_id, l.id, l.checked_in_at, c.name, l.repeated, l.method, ps.name_enc,
            coalesce(h.status, 'green')
     FROM logged l
     JOIN checkpoints c ON c.id = l.checkpoint_id
     JOIN persons ps ON ps.id = l.person_id
     LEFT JOIN health_status h ON h.person_id = l.person_id;
   END $$`
]
