/**
 * Scale: the entry log partitioned by China day, and a check-in in one statement.
 *
 * - `entries` becomes PARTITION BY RANGE (checked_in_at), one partition per China day
 *   (`entries_YYYYMMDD`, midnight to midnight at UTC+8) plus `entries_default`, which only
 *   catches a row for a day nobody created in time (or a test writing far in the past) so a
 *   check-in never fails for want of a partition. Retention drops whole days
 *   (csm_drop_entry_partitions) instead of deleting rows; the scheduled job creates days ahead
 *   (csm_ensure_entry_partitions), moving any rows the default caught for that day.
 * - A unique key on a partitioned table must contain the partition key, so the primary key is
 *   (id, checked_in_at) and alerts.entry_id no longer has a foreign key (alerts are purged on
 *   the same cutoff as entries; an alert outliving its entry by a day shows no entry details).
 * - csm_check_in does in one call what took three round trips: the checkpoint and venue, the
 *   code-version verdict, the holder and companions, the companion choice, and csm_log_entries.
 *   Every refusal is decided before anything is written.
 */
export const version = 6
export const name = 'day_partitions'

/** Midnight at UTC+8 of a date expression, as timestamptz (China has had no DST since 1991). */
const chinaMidnight = (date: string) => `((${date})::timestamp - interval '8 hours') AT TIME ZONE 'UTC'`

/** The China date of a timestamptz expression. */
const CHINA_DATE = (ts: string) => `((${ts}) AT TIME ZONE 'UTC' + interval '8 hours')::date`

/** Days created ahead of today at migration; afterwards the purge job keeps its own margin. */
const DAYS_AHEAD = 7

export const statements = [
  'ALTER TABLE alerts DROP CONSTRAINT IF EXISTS alerts_entry_id_fkey',
  'ALTER TABLE entries RENAME TO entries_unpartitioned',
  `CREATE TABLE entries_by_day (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES users (id),
    venue_id text NOT NULL REFERENCES venues (id),
    checkpoint_id text NOT NULL REFERENCES checkpoints (id),
    checked_in_at timestamptz NOT NULL DEFAULT now(),
    withdrawn_at timestamptz,
    person_id uuid REFERENCES persons (id),
    method text NOT NULL CHECK (method IN ('self', 'companion', 'assisted')),
    inspector_id uuid REFERENCES users (id),
    scan_id uuid NOT NULL,
    health_status text NOT NULL CHECK (health_status IN ('green', 'yellow', 'red')),
    temperature_celsius numeric(3,1) CHECK (temperature_celsius BETWEEN 34.0 AND 43.0),
    temperature_at timestamptz,
    temperature_by uuid REFERENCES users (id),
    checked_out_at timestamptz,
    CONSTRAINT entries_inspector_iff_assisted CHECK ((method = 'assisted') = (inspector_id IS NOT NULL)),
    CONSTRAINT entries_person_known CHECK (person_id IS NOT NULL OR method = 'self'),
    CONSTRAINT entries_temperature_recorded CHECK (
      (temperature_at IS NULL) = (temperature_by IS NULL) AND (temperature_celsius IS NULL OR temperature_at IS NOT NULL)),
    CONSTRAINT entries_checked_out_after_in CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at),
    CONSTRAINT entries_by_day_pkey PRIMARY KEY (id, checked_in_at)
  ) PARTITION BY RANGE (checked_in_at)`,
  'CREATE TABLE entries_default PARTITION OF entries_by_day DEFAULT',

  // Creates the partitions of the China days p_from..p_to that are missing; rows the default
  // partition caught for such a day move into it in the same transaction. Concurrent callers
  // wait for each other. Returns how many partitions it created.
  `CREATE FUNCTION csm_ensure_entry_partitions(p_from date, p_to date) RETURNS int
   LANGUAGE plpgsql AS $$
   DECLARE
     d date;
     v_name text;
     v_lo timestamptz;
     v_hi timestamptz;
     v_created int := 0;
   BEGIN
     FOR d IN SELECT g::date FROM generate_series(p_from, p_to, interval '1 day') g LOOP
       v_name := 'entries_' || to_char(d, 'YYYYMMDD');
       CONTINUE WHEN EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = v_name AND c.relnamespace = current_schema()::regnamespace);
       PERFORM pg_advisory_xact_lock(hashtextextended('csm:entry-partitions', 0));
       -- Asked again under the lock with a fresh snapshot (a cached look-up could miss a racing run's table).
       CONTINUE WHEN EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = v_name AND c.relnamespace = current_schema()::regnamespace);
       v_lo := ${chinaMidnight('d')};
       v_hi := ${chinaMidnight('d + 1')};
       IF EXISTS (SELECT 1 FROM entries_default WHERE checked_in_at >= v_lo AND checked_in_at < v_hi) THEN
         EXECUTE format('CREATE TABLE %I (LIKE entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name);
         EXECUTE format('WITH moved AS (DELETE FROM entries_default WHERE checked_in_at >= %L AND checked_in_at < %L RETURNING *)
                         INSERT INTO %I SELECT * FROM moved', v_lo, v_hi, v_name);
         EXECUTE format('ALTER TABLE entries ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', v_name, v_lo, v_hi);
       ELSE
         EXECUTE format('CREATE TABLE %I PARTITION OF entries FOR VALUES FROM (%L) TO (%L)', v_name, v_lo, v_hi);
       END IF;
       v_created := v_created + 1;
     END LOOP;
     RETURN v_created;
   END $$`,

  // Retention by the day: drops every day partition that ends at or before p_before, counting
  // its rows first. The lock on the parent is brief, and a lock_timeout stops a drop that would
  // queue check-ins behind a long query: the next run drops it instead.
  `CREATE FUNCTION csm_drop_entry_partitions(p_before timestamptz) RETURNS TABLE (dropped_partitions int, dropped_entries bigint)
   LANGUAGE plpgsql AS $$
   DECLARE
     v_name text;
     v_rows bigint;
   BEGIN
     dropped_partitions := 0;
     dropped_entries := 0;
     PERFORM pg_advisory_xact_lock(hashtextextended('csm:entry-partitions', 0));
     SET LOCAL lock_timeout = '5s';
     FOR v_name IN
       SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = to_regclass('entries') AND c.relname ~ '^entries_[0-9]{8}$'
         AND ${chinaMidnight(`to_date(substr(c.relname, 9), 'YYYYMMDD') + 1`)} <= p_before
       ORDER BY c.relname
     LOOP
       EXECUTE format('SELECT count(*) FROM %I', v_name) INTO v_rows;
       EXECUTE format('DROP TABLE %I', v_name);
       dropped_partitions := dropped_partitions + 1;
       dropped_entries := dropped_entries + v_rows;
     END LOOP;
     RETURN NEXT;
   END $$`,

  // Days of the existing rows, so the copy below fills day partitions, not the default.
  'ALTER TABLE entries_by_day RENAME TO entries',
  `SELECT csm_ensure_entry_partitions(coalesce(min(${CHINA_DATE('checked_in_at')}), ${CHINA_DATE('now()')}), ${CHINA_DATE('now()')} + ${DAYS_AHEAD})
   FROM entries_unpartitioned`,
  `INSERT INTO entries (id, account_id, venue_id, checkpoint_id, checked_in_at, withdrawn_at, person_id, method,
     inspector_id, scan_id, health_status, temperature_celsius, temperature_at, temperature_by, checked_out_at)
   SELECT id, account_id, venue_id, checkpoint_id, checked_in_at, withdrawn_at, person_id, method,
     inspector_id, scan_id, health_status, temperature_celsius, temperature_at, temperature_by, checked_out_at
   FROM entries_unpartitioned`,
  'DROP TABLE entries_unpartitioned',
  'ALTER TABLE entries RENAME CONSTRAINT entries_by_day_pkey TO entries_pkey',
  // Idempotency (person, venue, recent) and a case's own visits.
  'CREATE INDEX entries_person_venue_time_idx ON entries (person_id, venue_id, checked_in_at DESC)',
  // 我的扫码记录 and the companion choice's "last time".
  'CREATE INDEX entries_account_time_idx ON entries (account_id, checked_in_at DESC)',
  'CREATE INDEX entries_inspector_time_idx ON entries (inspector_id, checked_in_at DESC) WHERE inspector_id IS NOT NULL',
  // Statistics, the gate and the contacts of a trace: one venue's rows in a time range.
  'CREATE INDEX entries_venue_time_idx ON entries (venue_id, checked_in_at)',

  // As in 004, plus the entry's checkpoint id and status at entry (the caller raises alerts from
  // them in the same statement), results in the order of p_persons. Written as one small
  // statement per person instead of one CTE for the group: each has a cheap cached plan, where
  // the CTE over the partitioned table was planned again on every call (measured with pgbench:
  // about twice the check-ins per second).
  'DROP FUNCTION csm_log_entries(uuid, text, text, uuid[], text[], uuid, int)',
  `CREATE FUNCTION csm_log_entries(p_account uuid, p_venue text, p_checkpoint text, p_persons uuid[],
     p_methods text[], p_inspector uuid, p_window_minutes int)
   RETURNS TABLE (person_id uuid, entry_id uuid, checked_in_at timestamptz, checkpoint_id text, checkpoint_name text,
     repeated boolean, method text, name_enc text, status text, entry_status text)
   LANGUAGE plpgsql AS $$
   #variable_conflict use_column
   DECLARE
     v_key bigint;
     v_scan uuid := gen_random_uuid();
     i int;
     r record;
     v_status text;
     v_cp_id text;
     v_cp_name text;
   BEGIN
     -- Simultaneous scans for one person at one venue queue here; keys in a fixed order, so two
     -- groups sharing people never wait for each other in a circle.
     FOR v_key IN
       SELECT DISTINCT hashtextextended('checkin:' || p || ':' || p_venue, 0) FROM unnest(p_persons) p ORDER BY 1
     LOOP
       PERFORM pg_advisory_xact_lock(v_key);
     END LOOP;
     FOR i IN 1 .. cardinality(p_persons) LOOP
       -- Each statement takes a fresh snapshot: a scan that waited on the lock sees the entry
       -- the other one committed.
       SELECT ps.name_enc, coalesce(h.status, 'green') INTO name_enc, v_status
       FROM persons ps LEFT JOIN health_status h ON h.person_id = ps.id WHERE ps.id = p_persons[i];
       SELECT e.id, e.checked_in_at, e.checkpoint_id, e.method, e.health_status INTO r
       FROM entries e
       WHERE e.person_id = p_persons[i] AND e.venue_id = p_venue AND e.withdrawn_at IS NULL
         AND e.checked_in_at > now() - make_interval(mins => p_window_minutes)
       ORDER BY e.checked_in_at DESC LIMIT 1;
       repeated := FOUND;
       IF NOT FOUND THEN
         INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, method, inspector_id, scan_id, health_status)
         VALUES (p_persons[i], p_account, p_venue, p_checkpoint, p_methods[i],
                 CASE WHEN p_methods[i] = 'assisted' THEN p_inspector END, v_scan, v_status)
         RETURNING entries.id, entries.checked_in_at, entries.checkpoint_id, entries.method, entries.health_status INTO r;
       END IF;
       -- A group shares one checkpoint: its name is read once.
       IF v_cp_id IS DISTINCT FROM r.checkpoint_id THEN
         v_cp_id := r.checkpoint_id;
         SELECT c.name INTO v_cp_name FROM checkpoints c WHERE c.id = v_cp_id;
       END IF;
       person_id := p_persons[i];
       entry_id := r.id;
       checked_in_at := r.checked_in_at;
       checkpoint_id := r.checkpoint_id;
       checkpoint_name := v_cp_name;
       method := r.method;
       status := v_status;
       entry_status := r.health_status;
       RETURN NEXT;
     END LOOP;
   END $$`,

  // One scan from an account: the verdict on the scanned checkpoint and code version, then the
  // account's people, then the entries. The first row's outcome says which: forged, revoked,
  // profile_required, companion_not_found (one row each, nothing written), choose (one row per
  // person to offer, the holder first) or entered (one row per person logged, the holder first).
  `CREATE FUNCTION csm_check_in(p_account uuid, p_venue text, p_checkpoint text, p_code_version int,
     p_chosen uuid[], p_window_minutes int)
   RETURNS TABLE (outcome text, o_venue_name text, o_venue_type text, o_address text,
     o_province_code text, o_province_name text, o_city_code text, o_city_name text,
     o_county_code text, o_county_name text, o_town_code text, o_town_name text, o_checkpoint_name text,
     o_person_id uuid, o_entry_id uuid, o_checked_in_at timestamptz, o_entry_checkpoint_id text,
     o_entry_checkpoint_name text, o_repeated boolean, o_method text, o_name_enc text, o_status text,
     o_entry_status text, o_relation text, o_last_chosen boolean)
   LANGUAGE plpgsql AS $$
   DECLARE
     t record;
     v_holder uuid;
     v_companions uuid[];
     v_persons uuid[];
   BEGIN
     SELECT c.code_version, c.removed_at IS NOT NULL AS removed, c.name AS cp_name, v.name, v.type, v.address,
            v.province_code, v.province_name, v.city_code, v.city_name, v.county_code, v.county_name,
            v.town_code, v.town_name
       INTO t
       FROM checkpoints c JOIN venues v ON v.id = c.venue_id
      WHERE c.id = p_checkpoint AND c.venue_id = p_venue;
     -- As codeVerdict: a version not issued yet is forged; an older one, or a removed checkpoint, revoked.
     IF NOT FOUND OR p_code_version > t.code_version THEN
       outcome := 'forged'; RETURN NEXT; RETURN;
     END IF;
     IF p_code_version < t.code_version OR t.removed THEN
       outcome := 'revoked'; RETURN NEXT; RETURN;
     END IF;
     SELECT u.person_id,
            ARRAY(SELECT c.person_id FROM companions c WHERE c.account_id = p_account ORDER BY c.created_at, c.person_id)
       INTO v_holder, v_companions
       FROM users u WHERE u.id = p_account;
     IF v_holder IS NULL THEN
       outcome := 'profile_required'; RETURN NEXT; RETURN;
     END IF;
     o_venue_name := t.name; o_venue_type := t.type; o_address := t.address;
     o_province_code := t.province_code; o_province_name := t.province_name;
     o_city_code := t.city_code; o_city_name := t.city_name;
     o_county_code := t.county_code; o_county_name := t.county_name;
     o_town_code := t.town_code; o_town_name := t.town_name;
     o_checkpoint_name := t.cp_name;

     IF p_chosen IS NULL AND cardinality(v_companions) > 0 THEN
       outcome := 'choose';
       FOR o_person_id, o_name_enc, o_relation, o_last_chosen IN
         WITH last_scan AS (
           SELECT e.scan_id FROM entries e WHERE e.account_id = p_account AND e.method IN ('self', 'companion')
           ORDER BY e.checked_in_at DESC LIMIT 1
         )
         SELECT s.id, s.name_enc, s.relation, s.last_chosen FROM (
           SELECT p.id, p.name_enc, NULL::text AS relation, false AS last_chosen, 0::bigint AS ord FROM persons p WHERE p.id = v_holder
           UNION ALL
           SELECT x.person_id, p.name_enc, c.relation,
                  EXISTS (SELECT 1 FROM entries e WHERE e.scan_id = (SELECT ls.scan_id FROM last_scan ls)
                            AND e.person_id = x.person_id AND e.account_id = p_account),
                  x.ord
           FROM unnest(v_companions) WITH ORDINALITY AS x(person_id, ord)
           JOIN companions c ON c.account_id = p_account AND c.person_id = x.person_id
           JOIN persons p ON p.id = x.person_id
         ) s ORDER BY s.ord
       LOOP
         RETURN NEXT;
       END LOOP;
       RETURN;
     END IF;

     IF cardinality(p_chosen) > 0 THEN
       IF EXISTS (SELECT 1 FROM unnest(p_chosen) x WHERE NOT (x = ANY (v_companions))) THEN
         outcome := 'companion_not_found'; RETURN NEXT; RETURN;
       END IF;
       v_persons := v_holder || ARRAY(SELECT x FROM unnest(v_companions) x WHERE x = ANY (p_chosen));
     ELSE
       v_persons := ARRAY[v_holder];
     END IF;
     outcome := 'entered';
     FOR o_person_id, o_entry_id, o_checked_in_at, o_entry_checkpoint_id, o_entry_checkpoint_name, o_repeated,
         o_method, o_name_enc, o_status, o_entry_status, o_relation IN
       SELECT l.person_id, l.entry_id, l.checked_in_at, l.checkpoint_id, l.checkpoint_name, l.repeated,
              l.method, l.name_enc, l.status, l.entry_status, c.relation
       FROM csm_log_entries(p_account, p_venue, p_checkpoint, v_persons,
              'self'::text || array_fill('companion'::text, ARRAY[cardinality(v_persons) - 1]), NULL, p_window_minutes) l
       LEFT JOIN companions c ON c.account_id = p_account AND c.person_id = l.person_id AND l.person_id <> v_holder
       ORDER BY array_position(v_persons, l.person_id)
     LOOP
       RETURN NEXT;
     END LOOP;
   END $$`
]
