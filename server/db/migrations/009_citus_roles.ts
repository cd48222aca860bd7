/**
 * Citus roles (issue 18, docs/scale.md §3): the same schema on PGlite, one PostgreSQL server and
 * a Citus cluster. Every table gets one role — distributed by person, distributed by venue,
 * reference, or local to the coordinator — and this migration makes the keys and links obey
 * Citus's rules on every engine, so the one-machine engines test the shape the cluster runs:
 *
 * - A unique or primary key of a distributed table contains its distribution column:
 *   entries (person_id, id, checked_in_at); status_changes, access_log, risk_notices (person_id, id);
 *   alerts (venue_id, id) and their one-per-entry key (venue_id, entry_id, kind);
 *   alert_recipients and notification_outbox gain venue_id so they live beside their alert.
 * - persons loses UNIQUE (id_card_hash): person_keys (id-card hash → person, distributed by the
 *   hash) finds a person by ID number on one shard.
 * - account_people (coordinator-local): the people an account has ever written entries for or
 *   listed (companions, past ones included, and the people an inspector registered), so
 *   我的扫码记录 and 离场 name the shards they read instead of asking all of them.
 * - Foreign keys stay only where Citus keeps them: inside one role (account tables among
 *   themselves; person tables to persons on the person id; alert tables to alerts with the
 *   venue id) and reference to reference (checkpoints → venues). The others are checked by the
 *   code that writes the row, in the same statement or transaction.
 * - entries.person_id is NOT NULL: the distribution column cannot be NULL. Entries from before
 *   实名信息 was required (migration 003) had none; retention removed them long ago on any
 *   running deployment, and this migration removes any left.
 * - venue_log: the statistics and the gate read a venue's entries here. On one machine it is a
 *   view of entries; on Citus the set-up command replaces it with a table distributed by venue,
 *   fed by the roll-up job (server/db/citus.ts), so those reads touch one shard.
 * - The check-in is split so the common case can be delegated to the worker that holds the
 *   person: csm_check_in_alone (the holder alone: verdict, lock, idempotency, insert, all on the
 *   person's shard) and csm_check_in (a group, or the question who came: on the coordinator,
 *   each statement routed to one person's shard). Both take the holder, whether the account is
 *   verified and its companions from the session look-up; alerts are written by the caller in a
 *   second statement (an alert lives on its venue's shard, which a delegated call cannot reach).
 *   The per-person lock is the person's row (FOR NO KEY UPDATE), not an advisory lock: a row lock
 *   lives on the shard that holds the person, so a delegated call and a coordinator call for the
 *   same person wait for each other; advisory locks are per node.
 */
export const version = 9
export const name = 'citus_roles'

/** Foreign keys kept: (table, referenced table). Every other one is dropped below. */
const KEPT_LINKS = [
  ['sessions', 'users'], ['companions', 'users'], ['venue_inspectors', 'users'], ['venue_changes', 'users'],
  ['venue_handovers', 'users'], ['officials', 'users'], ['traces', 'users'], ['subscription_grants', 'users'],
  ['identity_checks', 'users'],
  ['checkpoints', 'venues'],
  ['health_status', 'persons'], ['entries', 'persons'], ['status_changes', 'persons'], ['risk_notices', 'persons'],
  ['access_log', 'persons']
]

const OUTCOME_COLUMNS = `outcome text, o_venue_name text, o_venue_type text, o_address text,
     o_province_code text, o_province_name text, o_city_code text, o_city_name text,
     o_county_code text, o_county_name text, o_town_code text, o_town_name text, o_checkpoint_name text,
     o_person_id uuid, o_entry_id uuid, o_checked_in_at timestamptz, o_entry_checkpoint_id text,
     o_entry_checkpoint_name text, o_repeated boolean, o_method text, o_name_enc text, o_id_card_enc text, o_status text,
     o_entry_status text, o_relation text, o_last_chosen boolean, o_status_hidden text`

/** The verdict on a scanned checkpoint and code version, into `t` and the venue's outcome columns. */
const VERDICT = `
     SELECT c.code_version, c.removed_at IS NOT NULL AS removed, c.name AS cp_name, v.name, v.type, v.address,
            v.province_code, v.province_name, v.city_code, v.city_name, v.county_code, v.county_name,
            v.town_code, v.town_name
       INTO t
       FROM checkpoints c JOIN venues v ON v.id = c.venue_id
      WHERE c.id = p_checkpoint AND c.venue_id = p_venue;
     -- A version not issued yet is forged; an older one, or a removed checkpoint, revoked.
     IF NOT FOUND OR p_code_version > t.code_version THEN
       outcome := 'forged'; RETURN NEXT; RETURN;
     END IF;
     IF p_code_version < t.code_version OR t.removed THEN
       outcome := 'revoked'; RETURN NEXT; RETURN;
     END IF;
     IF p_person IS NULL THEN
       outcome := 'profile_required'; RETURN NEXT; RETURN;
     END IF;
     o_venue_name := t.name; o_venue_type := t.type; o_address := t.address;
     o_province_code := t.province_code; o_province_name := t.province_name;
     o_city_code := t.city_code; o_city_name := t.city_name;
     o_county_code := t.county_code; o_county_name := t.county_name;
     o_town_code := t.town_code; o_town_name := t.town_name;
     o_checkpoint_name := t.cp_name;`

export const statements = [
  // ---- person_keys and account_people ----
  `CREATE TABLE person_keys (
    id_card_hash text PRIMARY KEY,
    person_id uuid NOT NULL
  )`,
  'INSERT INTO person_keys (id_card_hash, person_id) SELECT id_card_hash, id FROM persons',
  'ALTER TABLE persons DROP CONSTRAINT IF EXISTS persons_id_card_hash_key',
  `CREATE TABLE account_people (
    account_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    person_id uuid NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, person_id)
  )`,
  `INSERT INTO account_people (account_id, person_id)
   SELECT account_id, person_id FROM companions
   UNION
   SELECT DISTINCT e.account_id, e.person_id FROM entries e JOIN users u ON u.id = e.account_id
   WHERE e.person_id IS NOT NULL AND e.person_id IS DISTINCT FROM u.person_id`,

  // ---- foreign keys only where Citus keeps them ----
  `DO $$
   DECLARE r record;
   BEGIN
     FOR r IN
       SELECT c.conname, t.relname AS tbl, f.relname AS ref
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid
       WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace AND c.conparentid = 0
     LOOP
       IF NOT (ARRAY[r.tbl::text, r.ref::text] IN (${KEPT_LINKS.map(([a, b]) => `ARRAY['${a}', '${b}']`).join(', ')})) THEN
         EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.tbl, r.conname);
       END IF;
     END LOOP;
   END $$`,

  // ---- keys with the distribution column ----
  'DELETE FROM entries WHERE person_id IS NULL',
  'ALTER TABLE entries DROP CONSTRAINT entries_person_known',
  'ALTER TABLE entries ALTER COLUMN person_id SET NOT NULL',
  'ALTER TABLE entries DROP CONSTRAINT entries_pkey',
  'ALTER TABLE entries ADD CONSTRAINT entries_pkey PRIMARY KEY (person_id, id, checked_in_at)',
  // The look-up by entry id alone (the gate's 体温检测, an alert's entry) within a day's partition.
  'CREATE INDEX entries_id_idx ON entries (id)',
  ...['status_changes', 'access_log', 'risk_notices'].flatMap((t) => [
    `ALTER TABLE ${t} DROP CONSTRAINT ${t}_pkey`,
    `ALTER TABLE ${t} ADD CONSTRAINT ${t}_pkey PRIMARY KEY (person_id, id)`
  ]),
  'CREATE INDEX risk_notices_trace_idx ON risk_notices (trace_id)',
  'CREATE INDEX access_log_trace_idx ON access_log (trace_id) WHERE trace_id IS NOT NULL',

  'ALTER TABLE alerts DROP CONSTRAINT alerts_pkey',
  'ALTER TABLE alerts ADD CONSTRAINT alerts_pkey PRIMARY KEY (venue_id, id)',
  'CREATE INDEX alerts_id_idx ON alerts (id)',
  'DROP INDEX alerts_entry_kind_key',
  'CREATE UNIQUE INDEX alerts_entry_kind_key ON alerts (venue_id, entry_id, kind) WHERE entry_id IS NOT NULL',
  'CREATE INDEX alerts_trace_idx ON alerts (trace_id) WHERE trace_id IS NOT NULL',

  'ALTER TABLE alert_recipients ADD COLUMN venue_id text',
  'UPDATE alert_recipients r SET venue_id = a.venue_id FROM alerts a WHERE a.id = r.alert_id',
  'DELETE FROM alert_recipients WHERE venue_id IS NULL',
  'ALTER TABLE alert_recipients ALTER COLUMN venue_id SET NOT NULL',
  'ALTER TABLE alert_recipients DROP CONSTRAINT alert_recipients_pkey',
  'ALTER TABLE alert_recipients ADD CONSTRAINT alert_recipients_pkey PRIMARY KEY (venue_id, alert_id, user_id)',
  `ALTER TABLE alert_recipients ADD CONSTRAINT alert_recipients_alert_fkey
     FOREIGN KEY (venue_id, alert_id) REFERENCES alerts (venue_id, id) ON DELETE CASCADE`,

  'ALTER TABLE notification_outbox ADD COLUMN venue_id text',
  'UPDATE notification_outbox o SET venue_id = a.venue_id FROM alerts a WHERE a.id = o.alert_id',
  'DELETE FROM notification_outbox WHERE venue_id IS NULL',
  'ALTER TABLE notification_outbox ALTER COLUMN venue_id SET NOT NULL',
  'ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_pkey',
  'ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_pkey PRIMARY KEY (venue_id, id)',
  'ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_alert_id_recipient_channel_key',
  `ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_alert_recipient_channel_key
     UNIQUE (venue_id, alert_id, recipient, channel)`,
  `ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_alert_fkey
     FOREIGN KEY (venue_id, alert_id) REFERENCES alerts (venue_id, id) ON DELETE CASCADE`,

  // ---- a venue's entries, as the statistics and the gate read them ----
  `CREATE VIEW venue_log AS
   SELECT venue_id, id AS entry_id, checked_in_at, person_id, account_id, checkpoint_id, method, inspector_id,
          health_status, status_hidden, withdrawn_at, temperature_celsius, temperature_at, temperature_by
   FROM entries`,

  // ---- the check-in, delegatable ----
  'DROP FUNCTION csm_check_in(uuid, text, text, int, uuid[], int)',
  'DROP FUNCTION csm_log_entries(uuid, text, text, uuid[], text[], uuid, int, text)',

  // One person's entry at a venue, with the lock, the idempotency window and the insert all on
  // the person's shard. The caller has locked the person's row (csm_lock_persons).
  `CREATE FUNCTION csm_log_entry(p_person uuid, p_account uuid, p_venue text, p_checkpoint text, p_method text,
     p_inspector uuid, p_window_minutes int, p_hidden text, p_scan uuid)
   RETURNS TABLE (person_id uuid, entry_id uuid, checked_in_at timestamptz, checkpoint_id text, checkpoint_name text,
     repeated boolean, method text, name_enc text, id_card_enc text, status text, entry_status text, status_hidden text)
   LANGUAGE plpgsql AS $$
   #variable_conflict use_column
   DECLARE
     r record;
     v_status text;
   BEGIN
     -- Each statement takes a fresh snapshot: a scan that waited on the lock sees the entry
     -- the other one committed.
     SELECT ps.name_enc, ps.id_card_enc, coalesce(h.status, 'green') INTO name_enc, id_card_enc, v_status
     FROM persons ps LEFT JOIN health_status h ON h.person_id = ps.id WHERE ps.id = p_person;
     SELECT e.id, e.checked_in_at, e.checkpoint_id, e.method, e.health_status INTO r
     FROM entries e
     WHERE e.person_id = p_person AND e.venue_id = p_venue AND e.withdrawn_at IS NULL
       AND e.checked_in_at > now() - make_interval(mins => p_window_minutes)
       -- A scan whose colour is hidden folds only into this account's own entries: another's
       -- entry would tell it when the person was here.
       AND (p_hidden IS NULL OR e.account_id = p_account)
     ORDER BY e.checked_in_at DESC LIMIT 1;
     repeated := FOUND;
     IF NOT FOUND THEN
       INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, method, inspector_id, scan_id, health_status, status_hidden)
       VALUES (p_person, p_account, p_venue, p_checkpoint, p_method,
               CASE WHEN p_method = 'assisted' THEN p_inspector END, p_scan, v_status, p_hidden)
       RETURNING entries.id, entries.checked_in_at, entries.checkpoint_id, entries.method, entries.health_status INTO r;
     END IF;
     SELECT c.name INTO checkpoint_name FROM checkpoints c WHERE c.id = r.checkpoint_id;
     person_id := p_person;
     entry_id := r.id;
     checked_in_at := r.checked_in_at;
     checkpoint_id := r.checkpoint_id;
     method := r.method;
     status := v_status;
     entry_status := r.health_status;
     -- What this caller may see now: a scan folded into an entry made before verifying shows the colour.
     status_hidden := p_hidden;
     RETURN NEXT;
   END $$`,

  // Simultaneous scans for one person queue on the person's row (on the shard that holds it);
  // people in a fixed order, so two groups sharing people never wait for each other in a circle.
  // One statement per person: each is routed to one shard.
  `CREATE FUNCTION csm_lock_persons(p_persons uuid[]) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE p uuid;
   BEGIN
     FOR p IN SELECT DISTINCT x FROM unnest(p_persons) x ORDER BY 1 LOOP
       PERFORM 1 FROM persons WHERE id = p FOR NO KEY UPDATE;
     END LOOP;
   END $$`,

  // Entries for several people of one scan (a group, or an inspector's 辅助登记), in the order given.
  `CREATE FUNCTION csm_log_entries(p_account uuid, p_venue text, p_checkpoint text, p_persons uuid[],
     p_methods text[], p_inspector uuid, p_window_minutes int, p_hidden text)
   RETURNS TABLE (person_id uuid, entry_id uuid, checked_in_at timestamptz, checkpoint_id text, checkpoint_name text,
     repeated boolean, method text, name_enc text, id_card_enc text, status text, entry_status text, status_hidden text)
   LANGUAGE plpgsql AS $$
   DECLARE
     v_scan uuid := gen_random_uuid();
     i int;
   BEGIN
     PERFORM csm_lock_persons(p_persons);
     FOR i IN 1 .. cardinality(p_persons) LOOP
       RETURN QUERY SELECT * FROM csm_log_entry(p_persons[i], p_account, p_venue, p_checkpoint, p_methods[i], p_inspector,
                                                p_window_minutes, p_hidden, v_scan);
     END LOOP;
   END $$`,

  // The holder alone: everything on the holder's shard (reference tables give the checkpoint and
  // venue), so Citus runs the whole call on that worker (create_distributed_function, p_person).
  `CREATE FUNCTION csm_check_in_alone(p_person uuid, p_account uuid, p_venue text, p_checkpoint text,
     p_code_version int, p_verified boolean, p_window_minutes int)
   RETURNS TABLE (${OUTCOME_COLUMNS})
   LANGUAGE plpgsql AS $$
   DECLARE
     t record;
     l record;
   BEGIN
     ${VERDICT}
     PERFORM 1 FROM persons WHERE id = p_person FOR NO KEY UPDATE;
     SELECT * INTO l FROM csm_log_entry(p_person, p_account, p_venue, p_checkpoint, 'self', NULL, p_window_minutes,
       CASE WHEN p_verified THEN NULL ELSE 'identity_unverified' END, gen_random_uuid());
     outcome := 'entered';
     o_person_id := l.person_id; o_entry_id := l.entry_id; o_checked_in_at := l.checked_in_at;
     o_entry_checkpoint_id := l.checkpoint_id; o_entry_checkpoint_name := l.checkpoint_name; o_repeated := l.repeated;
     o_method := l.method; o_name_enc := l.name_enc; o_id_card_enc := l.id_card_enc; o_status := l.status;
     o_entry_status := l.entry_status; o_status_hidden := l.status_hidden;
     RETURN NEXT;
   END $$`,

  // The holder with companions (links in force, in the account's order, with their relations):
  // asked who came (choose), or the group. Runs where it is called (the coordinator on Citus);
  // each statement inside reads or writes one person's shard. The companions whose colour is
  // shown are recorded in their access log here.
  `CREATE FUNCTION csm_check_in(p_person uuid, p_account uuid, p_venue text, p_checkpoint text, p_code_version int,
     p_verified boolean, p_companions uuid[], p_relations text[], p_chosen uuid[], p_window_minutes int)
   RETURNS TABLE (${OUTCOME_COLUMNS})
   LANGUAGE plpgsql AS $$
   DECLARE
     t record;
     v_persons uuid[];
     v_last_scan uuid;
     v_rel text;
     i int;
     l record;
   BEGIN
     ${VERDICT}
     IF p_chosen IS NULL AND cardinality(p_companions) > 0 THEN
       outcome := 'choose';
       -- The holder is in every scan the account makes for itself: its last one is on the holder's shard.
       SELECT e.scan_id INTO v_last_scan FROM entries e
       WHERE e.person_id = p_person AND e.account_id = p_account AND e.method = 'self'
       ORDER BY e.checked_in_at DESC LIMIT 1;
       SELECT p.id, p.name_enc, p.id_card_enc INTO o_person_id, o_name_enc, o_id_card_enc FROM persons p WHERE p.id = p_person;
       o_relation := NULL; o_last_chosen := false;
       RETURN NEXT;
       FOR i IN 1 .. cardinality(p_companions) LOOP
         SELECT p.id, p.name_enc, p.id_card_enc INTO o_person_id, o_name_enc, o_id_card_enc FROM persons p WHERE p.id = p_companions[i];
         CONTINUE WHEN NOT FOUND;
         o_relation := p_relations[i];
         o_last_chosen := v_last_scan IS NOT NULL AND EXISTS (SELECT 1 FROM entries e
           WHERE e.person_id = p_companions[i] AND e.scan_id = v_last_scan AND e.account_id = p_account);
         RETURN NEXT;
       END LOOP;
       RETURN;
     END IF;

     IF cardinality(p_chosen) > 0 THEN
       IF EXISTS (SELECT 1 FROM unnest(p_chosen) x WHERE NOT (x = ANY (p_companions))) THEN
         outcome := 'companion_not_found'; RETURN NEXT; RETURN;
       END IF;
       v_persons := p_person || ARRAY(SELECT x FROM unnest(p_companions) x WHERE x = ANY (p_chosen));
     ELSE
       v_persons := ARRAY[p_person];
     END IF;
     outcome := 'entered';
     FOR l IN SELECT * FROM csm_log_entries(p_account, p_venue, p_checkpoint, v_persons,
                'self'::text || array_fill('companion'::text, ARRAY[cardinality(v_persons) - 1]), NULL, p_window_minutes,
                CASE WHEN p_verified THEN NULL ELSE 'identity_unverified' END)
     LOOP
       v_rel := NULL;
       IF l.person_id <> p_person THEN
         v_rel := p_relations[array_position(p_companions, l.person_id)];
         IF l.status_hidden IS NULL THEN
           INSERT INTO access_log (person_id, official_id, office, action) VALUES (l.person_id, p_account, '同行人员', 'companion_status');
         END IF;
       END IF;
       o_person_id := l.person_id; o_entry_id := l.entry_id; o_checked_in_at := l.checked_in_at;
       o_entry_checkpoint_id := l.checkpoint_id; o_entry_checkpoint_name := l.checkpoint_name; o_repeated := l.repeated;
       o_method := l.method; o_name_enc := l.name_enc; o_id_card_enc := l.id_card_enc; o_status := l.status;
       o_entry_status := l.entry_status; o_relation := v_rel; o_status_hidden := l.status_hidden;
       RETURN NEXT;
     END LOOP;
   END $$`
]
