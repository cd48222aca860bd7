/**
 * Identity (issue 16): a name and an ID number are not a secret, so an account's 实名信息 counts
 * only once a provider (WeChat 人脸核身, Alipay 身份验证, the local stack's demo) has verified it.
 *
 * - `users.verified_at` / `verified_via`: the account holds its person. A person is held by at
 *   most one verified account (a partial unique index); verifying it elsewhere moves it, and the
 *   old account is told (`identity_moved_at`).
 * - `identity_checks`: one row per verification opened with a provider; a ticket confirms once.
 * - `companions.accepted_at`: a link to a person who holds their own verified account is in force
 *   only once they accept it (LINK_IN_FORCE); a link to anyone else is in force at once.
 * - `entries.status_hidden`: why the colour was not shown when the entry was made (the scanning
 *   account was unverified, or an assisted entry at a venue not approved yet); such an entry still
 *   counts for tracing and alerts officials, but the venue's staff are not shown the colour.
 *   `entries.disputed_at`: the holder said 不是我本人.
 * - `venues.review_status`: 场所审核 by the region's officials. Existing venues start pending.
 * - `access_log` also records non-official looks: a companion link, a companion's status shown at
 *   a scan, an assisted entry (`official_id` is then whoever looked: the account or the inspector).
 * - csm_log_entries and csm_check_in learn all of the above. A scan whose colour is hidden folds
 *   (idempotency) only into entries its own account made.
 */
export const version = 7
export const name = 'identity'

/** A companion link `c` in force: accepted, or its person holds no verified account. */
export const LINK_IN_FORCE = (c: string) => `(${c}.accepted_at IS NOT NULL OR NOT EXISTS (
  SELECT 1 FROM users h WHERE h.person_id = ${c}.person_id AND h.verified_at IS NOT NULL))`

export const statements = [
  `ALTER TABLE users ADD COLUMN verified_at timestamptz,
     ADD COLUMN verified_via text CHECK (verified_via IN ('wechat', 'alipay', 'demo')),
     ADD COLUMN identity_moved_at timestamptz,
     ADD COLUMN declared_phone_enc text,
     ADD CONSTRAINT users_verified_has_person CHECK (verified_at IS NULL OR (person_id IS NOT NULL AND verified_via IS NOT NULL))`,
  'CREATE UNIQUE INDEX users_held_person_key ON users (person_id) WHERE verified_at IS NOT NULL',
  `CREATE TABLE identity_checks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider text NOT NULL CHECK (provider IN ('wechat', 'alipay', 'demo')),
    ticket text NOT NULL,
    name_enc text NOT NULL,
    id_card_enc text NOT NULL,
    phone_enc text,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'passed', 'failed')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    finished_at timestamptz,
    CONSTRAINT identity_checks_ticket_key UNIQUE (provider, ticket)
  )`,
  'CREATE INDEX identity_checks_account_idx ON identity_checks (account_id, created_at DESC)',
  'ALTER TABLE companions ADD COLUMN accepted_at timestamptz',
  `ALTER TABLE entries ADD COLUMN status_hidden text CHECK (status_hidden IN ('identity_unverified', 'venue_unreviewed')),
     ADD COLUMN disputed_at timestamptz`,
  'CREATE INDEX entries_disputed_idx ON entries (disputed_at DESC) WHERE disputed_at IS NOT NULL',
  `ALTER TABLE venues ADD COLUMN review_status text NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'approved', 'rejected')),
     ADD COLUMN reviewed_by uuid REFERENCES users (id),
     ADD COLUMN reviewed_at timestamptz,
     ADD COLUMN review_reason text`,
  'ALTER TABLE alerts ADD COLUMN officials_only boolean NOT NULL DEFAULT false',
  'ALTER TABLE access_log DROP CONSTRAINT IF EXISTS access_log_action_check',
  `ALTER TABLE access_log ADD CONSTRAINT access_log_action_check CHECK (action IN ('view_person', 'set_status', 'import_status',
     'trace_case', 'trace_contact', 'confirm_trace', 'export_trace', 'view_alert', 'companion_link', 'companion_status', 'assisted_entry'))`,

  'DROP FUNCTION csm_check_in(uuid, text, text, int, uuid[], int)',
  'DROP FUNCTION csm_log_entries(uuid, text, text, uuid[], text[], uuid, int)',
  `CREATE FUNCTION csm_log_entries(p_account uuid, p_venue text, p_checkpoint text, p_persons uuid[],
     p_methods text[], p_inspector uuid, p_window_minutes int, p_hidden text)
   RETURNS TABLE (person_id uuid, entry_id uuid, checked_in_at timestamptz, checkpoint_id text, checkpoint_name text,
     repeated boolean, method text, name_enc text, status text, entry_status text, status_hidden text)
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
       SELECT e.id, e.checked_in_at, e.checkpoint_id, e.method, e.health_status, e.status_hidden INTO r
       FROM entries e
       WHERE e.person_id = p_persons[i] AND e.venue_id = p_venue AND e.withdrawn_at IS NULL
         AND e.checked_in_at > now() - make_interval(mins => p_window_minutes)
         -- A scan whose colour is hidden folds only into this account's own entries: another's
         -- entry would tell it when the person was here.
         AND (p_hidden IS NULL OR e.account_id = p_account)
       ORDER BY e.checked_in_at DESC LIMIT 1;
       repeated := FOUND;
       IF NOT FOUND THEN
         INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, method, inspector_id, scan_id, health_status, status_hidden)
         VALUES (p_persons[i], p_account, p_venue, p_checkpoint, p_methods[i],
                 CASE WHEN p_methods[i] = 'assisted' THEN p_inspector END, v_scan, v_status, p_hidden)
         RETURNING entries.id, entries.checked_in_at, entries.checkpoint_id, entries.method, entries.health_status,
                   entries.status_hidden INTO r;
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
       -- What this caller may see now: a scan folded into an entry made before verifying shows the colour.
       status_hidden := p_hidden;
       RETURN NEXT;
     END LOOP;
   END $$`,

  // As in 006, plus: only companion links in force, and the entries of an unverified account
  // recorded (and answered) with the colour hidden.
  `CREATE FUNCTION csm_check_in(p_account uuid, p_venue text, p_checkpoint text, p_code_version int,
     p_chosen uuid[], p_window_minutes int)
   RETURNS TABLE (outcome text, o_venue_name text, o_venue_type text, o_address text,
     o_province_code text, o_province_name text, o_city_code text, o_city_name text,
     o_county_code text, o_county_name text, o_town_code text, o_town_name text, o_checkpoint_name text,
     o_person_id uuid, o_entry_id uuid, o_checked_in_at timestamptz, o_entry_checkpoint_id text,
     o_entry_checkpoint_name text, o_repeated boolean, o_method text, o_name_enc text, o_status text,
     o_entry_status text, o_relation text, o_last_chosen boolean, o_status_hidden text)
   LANGUAGE plpgsql AS $$
   DECLARE
     t record;
     v_holder uuid;
     v_companions uuid[];
     v_persons uuid[];
     v_verified boolean;
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
     -- Only links in force: a person who holds their own verified account comes along only after
     -- accepting the link on their own phone.
     SELECT u.person_id, u.verified_at IS NOT NULL,
            ARRAY(SELECT c.person_id FROM companions c WHERE c.account_id = p_account AND ${LINK_IN_FORCE('c')}
                  ORDER BY c.created_at, c.person_id)
       INTO v_holder, v_verified, v_companions
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
         o_method, o_name_enc, o_status, o_entry_status, o_relation, o_status_hidden IN
       SELECT l.person_id, l.entry_id, l.checked_in_at, l.checkpoint_id, l.checkpoint_name, l.repeated,
              l.method, l.name_enc, l.status, l.entry_status, c.relation, l.status_hidden
       FROM csm_log_entries(p_account, p_venue, p_checkpoint, v_persons,
              'self'::text || array_fill('companion'::text, ARRAY[cardinality(v_persons) - 1]), NULL, p_window_minutes,
              CASE WHEN v_verified THEN NULL ELSE 'identity_unverified' END) l
       LEFT JOIN companions c ON c.account_id = p_account AND c.person_id = l.person_id AND l.person_id <> v_holder
       ORDER BY array_position(v_persons, l.person_id)
     LOOP
       RETURN NEXT;
     END LOOP;
   END $$`
]
