/**
 * Late scans and scan ids (issue 19, "the device keeps the scan"): a phone that got no answer
 * keeps the scan and uploads it later, with the id it made for the scan and the time it scanned.
 *
 * - entries.received_at: when the server received a late scan. checked_in_at stays the visit time
 *   (the device's scan time for a late upload, the server's clock otherwise), because tracing,
 *   statistics and the day partitions are about when the person was there. NULL means received
 *   at the visit time: every old row, and every live scan (nearly all of them). So the receipt
 *   time of any entry is coalesce(received_at, checked_in_at), and a value marks exactly the
 *   late ones (CHECK received_at > checked_in_at). Why not NOT NULL filled with checked_in_at:
 *   the fill would rewrite every row of the partitioned table (billions at a province's scale)
 *   inside the migration's transaction, every live scan would store the same instant twice,
 *   and rows written with an explicit visit time (imports, the bench's data set, tests) would
 *   need to name their receipt time or be taken for late uploads.
 * - entries.device_scan_ids: the scan ids (CheckInRequest.scanId) logged into this entry: the one
 *   that made it, and those of scans folded into it by the idempotency window. A try of a scan id
 *   already logged for the person returns that entry and writes nothing.
 *
 *   Why a column on the entry and not a unique key (person_id, scan_id, checked_in_at): that key
 *   holds only if every try of a scan carries the same time, and it does not. A try that reached
 *   the server live is logged at the server's clock, while the answer was lost; the device then
 *   uploads the kept scan with its own clock's scan time, a few seconds (or, with a wrong
 *   clock, minutes) apart. A key with checked_in_at would let both in. Why not a table keyed
 *   (person_id, scan_id) either: it would be one more insert on every check-in (the path issue 19
 *   wants at the database's own speed), and a table retention must purge row by row, where
 *   this column goes with its day partition. At most once is kept the way the idempotency
 *   window already is: every writer of a person's entries first locks the person's row
 *   (FOR NO KEY UPDATE, on the person's shard on Citus), and looks the scan id up under that
 *   lock with a fresh snapshot, so of two tries racing the second finds the first's entry.
 *   The look-up reads the person's entries at the scanned venue of the last 48 hours
 *   (SCAN_ID_LOOKBACK): a try is accepted at most 24 hours after its scan, and the entry an
 *   earlier try made was logged at most 24 hours before that; it is the idempotency look-up's
 *   index (person_id, venue_id, checked_in_at) and two or three day partitions.
 * - entries_late_idx: the late entries by receipt time, for the Citus roll-up into venue_log,
 *   which now follows receipt time (an entry received now with a visit time hours back is still
 *   copied). A partial index: live scans, nearly all of them, are not in it.
 * - alerts.entered_at: the visit time of the entry a status or temperature alert is about, so
 *   an alert raised by a late upload says when the person was there, not when it was uploaded.
 * - The check-in functions of migration 009 again, with the scan id, the device's scan time and
 *   the receipt time, and the same guarantees: one entry per person and venue within the
 *   idempotency window (now measured around the visit time), the person's row locked, the
 *   holder alone delegated to the person's worker on Citus. The rules for a late scan:
 *   - the visit time is the device's scan time, or the server's now() if none is given or it is
 *     later than now() (the function layer refuses more than a small clock skew ahead);
 *   - more than p_late_hours (24) before now() → 'expired' (SCAN_EXPIRED), nothing written;
 *   - the code is judged as for a live scan, against the code version now: a poster regenerated
 *     or a checkpoint removed between the scan and its upload is refused as revoked. Accepting
 *     the version valid at the scan time would mean trusting the device's clock to reopen a
 *     revoked poster (anyone with a photo of it could backdate a scan by a day), and the
 *     schema keeps no history of when each version was replaced;
 *   - except for a try of a scan id already logged: it answers with the entries it made, even
 *     when the code has been regenerated or the scan time has passed 24 hours since (at most
 *     once, with the same answer, whatever happened in between), and logs nobody new.
 */
export const version = 10
export const name = 'late_scans'

/** How far back a scan id is looked for: see the comment above. */
const SCAN_ID_LOOKBACK = `make_interval(hours => 48)`

const OUTCOME_COLUMNS = `outcome text, o_venue_name text, o_venue_type text, o_address text,
     o_province_code text, o_province_name text, o_city_code text, o_city_name text,
     o_county_code text, o_county_name text, o_town_code text, o_town_name text, o_checkpoint_name text,
     o_person_id uuid, o_entry_id uuid, o_checked_in_at timestamptz, o_entry_checkpoint_id text,
     o_entry_checkpoint_name text, o_repeated boolean, o_method text, o_name_enc text, o_id_card_enc text, o_status text,
     o_entry_status text, o_relation text, o_last_chosen boolean, o_status_hidden text, o_received_at timestamptz`

const LOGGED_COLUMNS = `person_id uuid, entry_id uuid, checked_in_at timestamptz, checkpoint_id text, checkpoint_name text,
     repeated boolean, method text, name_enc text, id_card_enc text, status text, entry_status text, status_hidden text,
     received_at timestamptz`

/**
 * The person's entries in a time range, read first and only then filtered by venue (the
 * subquery's OFFSET 0 keeps the planner from merging the two). Why: the check-in's look-ups ask
 * for the latest matching entry (ORDER BY checked_in_at DESC LIMIT 1, or EXISTS), and on a day
 * partition without statistics (every new day, until autovacuum has analysed it) the planner
 * costed the (venue_id, checked_in_at) index as good as the person's: it walked every entry of
 * the venue in the window and filtered by person. At a metro gate in the morning rush that was
 * 14,658 rows and 10 ms a scan, slower the busier the venue (docs/scale.md §5.4). A person has
 * a handful of entries a day, so reading theirs first costs the same with or without statistics.
 */
const personEntries = (person: string, from: string, to?: string) => `(SELECT * FROM entries pe
       WHERE pe.person_id = ${person} AND pe.checked_in_at > ${from}${to ? ` AND pe.checked_in_at < ${to}` : ''} OFFSET 0) e`

/**
 * An entry of the person at the venue that a try of scan id p_device_scan already made (or was
 * folded into): FROM … WHERE. A scan whose colour is hidden looks only at this account's entries,
 * as the idempotency window does. The same condition decides in csm_log_entry and, for the
 * group's holder, in csm_check_in.
 */
const SCAN_LOGGED = (person: string, hidden: string) => `${personEntries(person, `v_now - ${SCAN_ID_LOOKBACK}`)}
       WHERE e.venue_id = p_venue AND p_device_scan = ANY (e.device_scan_ids)
       AND (${hidden} IS NULL OR e.account_id = p_account)`

/**
 * The checkpoint and venue, into `t` and the venue's outcome columns: unknown, or a version not
 * issued yet, is forged. An older version or a removed checkpoint is revoked (v_revoked): refused
 * here unless the call names a scan id, whose earlier try may have been logged before the code
 * changed (the caller decides under the lock). No 实名信息 → profile_required. Then the visit
 * time, and whether it is too old (v_expired).
 */
const VERDICT = `
     SELECT c.code_version, c.removed_at IS NOT NULL AS removed, c.name AS cp_name, v.name, v.type, v.address,
            v.province_code, v.province_name, v.city_code, v.city_name, v.county_code, v.county_name,
            v.town_code, v.town_name
       INTO t
       FROM checkpoints c JOIN venues v ON v.id = c.venue_id
      WHERE c.id = p_checkpoint AND c.venue_id = p_venue;
     IF NOT FOUND OR p_code_version > t.code_version THEN
       outcome := 'forged'; RETURN NEXT; RETURN;
     END IF;
     v_revoked := p_code_version < t.code_version OR t.removed;
     IF v_revoked AND (p_device_scan IS NULL OR p_person IS NULL) THEN
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
     o_checkpoint_name := t.cp_name;
     -- IF, not coalesce or least: Citus refuses now() inside those.
     IF p_scanned_at IS NULL OR p_scanned_at > v_now THEN
       v_visit := v_now;
     ELSE
       v_visit := p_scanned_at;
     END IF;
     v_expired := v_visit < v_now - make_interval(hours => p_late_hours);
     IF v_expired AND p_device_scan IS NULL THEN
       outcome := 'expired'; RETURN NEXT; RETURN;
     END IF;`

export const statements = [
  // ---- receipt time and scan ids ----
  'ALTER TABLE entries ADD COLUMN received_at timestamptz',
  'ALTER TABLE entries ADD CONSTRAINT entries_received_after_visit CHECK (received_at > checked_in_at)',
  'ALTER TABLE entries ADD COLUMN device_scan_ids text[]',
  'CREATE INDEX entries_late_idx ON entries (received_at) WHERE received_at IS NOT NULL',
  'ALTER TABLE alerts ADD COLUMN entered_at timestamptz',

  // ---- the check-in again, with scan ids and visit times ----
  'DROP FUNCTION csm_check_in_alone(uuid, uuid, text, text, int, boolean, int)',
  'DROP FUNCTION csm_check_in(uuid, uuid, text, text, int, boolean, uuid[], text[], uuid[], int)',
  'DROP FUNCTION csm_log_entries(uuid, text, text, uuid[], text[], uuid, int, text)',
  'DROP FUNCTION csm_log_entry(uuid, uuid, text, text, text, uuid, int, text, uuid)',

  // One person's entry at a venue: the scan id's entry if a try of it was logged; else the
  // entry within the idempotency window around the visit time (the scan id is added to it);
  // else a new entry at the visit time, received at p_received (stored only when later than the
  // visit: NULL is on time). The answer's received_at is never NULL. With p_logged_only (the code
  // was revoked or the scan time is too old since), only the first: no row if there is none.
  // The caller has locked the person's row (csm_lock_persons).
  `CREATE FUNCTION csm_log_entry(p_person uuid, p_account uuid, p_venue text, p_checkpoint text, p_method text,
     p_inspector uuid, p_window_minutes int, p_hidden text, p_scan uuid, p_device_scan text, p_visit timestamptz,
     p_received timestamptz, p_logged_only boolean)
   RETURNS TABLE (${LOGGED_COLUMNS})
   LANGUAGE plpgsql AS $$
   #variable_conflict use_column
   DECLARE
     r record;
     v_status text;
     v_found boolean := false;
     v_now timestamptz := p_received;
   BEGIN
     -- Each statement takes a fresh snapshot: a scan that waited on the lock sees the entry
     -- the other one committed.
     SELECT ps.name_enc, ps.id_card_enc, coalesce(h.status, 'green') INTO name_enc, id_card_enc, v_status
     FROM persons ps LEFT JOIN health_status h ON h.person_id = ps.id WHERE ps.id = p_person;
     IF p_device_scan IS NOT NULL THEN
       SELECT e.id, e.checked_in_at, e.received_at, e.checkpoint_id, e.method, e.health_status INTO r
       FROM ${SCAN_LOGGED('p_person', 'p_hidden')}
       ORDER BY e.checked_in_at DESC LIMIT 1;
       v_found := FOUND;
     END IF;
     IF NOT v_found AND p_logged_only THEN
       RETURN;
     END IF;
     IF NOT v_found THEN
       SELECT e.id, e.checked_in_at, e.received_at, e.checkpoint_id, e.method, e.health_status INTO r
       FROM ${personEntries('p_person', 'p_visit - make_interval(mins => p_window_minutes)', 'p_visit + make_interval(mins => p_window_minutes)')}
       WHERE e.venue_id = p_venue AND e.withdrawn_at IS NULL
         -- A scan whose colour is hidden folds only into this account's own entries: another's
         -- entry would tell it when the person was here.
         AND (p_hidden IS NULL OR e.account_id = p_account)
       ORDER BY e.checked_in_at DESC LIMIT 1;
       v_found := FOUND;
       IF v_found AND p_device_scan IS NOT NULL THEN
         -- Remembered on the entry it folded into: a later try of this scan finds it even when
         -- its visit time is outside the window (a live try, then the device's kept copy).
         UPDATE entries SET device_scan_ids = array_append(device_scan_ids, p_device_scan)
         WHERE person_id = p_person AND id = r.id AND checked_in_at = r.checked_in_at;
       END IF;
     END IF;
     repeated := v_found;
     IF NOT v_found THEN
       INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, method, inspector_id, scan_id, health_status,
                            status_hidden, checked_in_at, received_at, device_scan_ids)
       VALUES (p_person, p_account, p_venue, p_checkpoint, p_method,
               CASE WHEN p_method = 'assisted' THEN p_inspector END, p_scan, v_status, p_hidden, p_visit,
               CASE WHEN p_received > p_visit THEN p_received END,
               CASE WHEN p_device_scan IS NOT NULL THEN ARRAY[p_device_scan] END)
       RETURNING entries.id, entries.checked_in_at, entries.received_at, entries.checkpoint_id, entries.method,
                 entries.health_status INTO r;
     END IF;
     SELECT c.name INTO checkpoint_name FROM checkpoints c WHERE c.id = r.checkpoint_id;
     person_id := p_person;
     entry_id := r.id;
     checked_in_at := r.checked_in_at;
     received_at := coalesce(r.received_at, r.checked_in_at);
     checkpoint_id := r.checkpoint_id;
     method := r.method;
     status := v_status;
     entry_status := r.health_status;
     -- What this caller may see now: a scan folded into an entry made before verifying shows the colour.
     status_hidden := p_hidden;
     RETURN NEXT;
   END $$`,

  // Entries for several people of one scan (a group, or an inspector's 辅助登记), in the order
  // given, all at one visit time and one receipt time (the transaction's: on Citus each
  // shard's now() would be its own). p_scanned_at is the device's scan time, or NULL.
  `CREATE FUNCTION csm_log_entries(p_account uuid, p_venue text, p_checkpoint text, p_persons uuid[],
     p_methods text[], p_inspector uuid, p_window_minutes int, p_hidden text, p_device_scan text,
     p_scanned_at timestamptz, p_logged_only boolean)
   RETURNS TABLE (${LOGGED_COLUMNS})
   LANGUAGE plpgsql AS $$
   DECLARE
     v_scan uuid := gen_random_uuid();
     v_now timestamptz := now();
     v_visit timestamptz;
     i int;
   BEGIN
     IF p_scanned_at IS NULL OR p_scanned_at > v_now THEN
       v_visit := v_now;
     ELSE
       v_visit := p_scanned_at;
     END IF;
     PERFORM csm_lock_persons(p_persons);
     FOR i IN 1 .. cardinality(p_persons) LOOP
       RETURN QUERY SELECT * FROM csm_log_entry(p_persons[i], p_account, p_venue, p_checkpoint, p_methods[i], p_inspector,
                                                p_window_minutes, p_hidden, v_scan, p_device_scan, v_visit, v_now, p_logged_only);
     END LOOP;
   END $$`,

  // The holder alone: everything on the holder's shard (reference tables give the checkpoint and
  // venue), so Citus runs the whole call on that worker (create_distributed_function, p_person).
  `CREATE FUNCTION csm_check_in_alone(p_person uuid, p_account uuid, p_venue text, p_checkpoint text,
     p_code_version int, p_verified boolean, p_window_minutes int, p_device_scan text, p_scanned_at timestamptz,
     p_late_hours int)
   RETURNS TABLE (${OUTCOME_COLUMNS})
   LANGUAGE plpgsql AS $$
   DECLARE
     t record;
     l record;
     v_now timestamptz := now();
     v_visit timestamptz;
     v_revoked boolean;
     v_expired boolean;
   BEGIN
     ${VERDICT}
     PERFORM 1 FROM persons WHERE id = p_person FOR NO KEY UPDATE;
     SELECT * INTO l FROM csm_log_entry(p_person, p_account, p_venue, p_checkpoint, 'self', NULL, p_window_minutes,
       CASE WHEN p_verified THEN NULL ELSE 'identity_unverified' END, gen_random_uuid(), p_device_scan, v_visit, v_now,
       v_revoked OR v_expired);
     IF NOT FOUND THEN
       -- Only a scan already logged may pass a revoked code or an old scan time, and this one was not.
       outcome := CASE WHEN v_revoked THEN 'revoked' ELSE 'expired' END; RETURN NEXT; RETURN;
     END IF;
     outcome := 'entered';
     o_person_id := l.person_id; o_entry_id := l.entry_id; o_checked_in_at := l.checked_in_at;
     o_received_at := l.received_at;
     o_entry_checkpoint_id := l.checkpoint_id; o_entry_checkpoint_name := l.checkpoint_name; o_repeated := l.repeated;
     o_method := l.method; o_name_enc := l.name_enc; o_id_card_enc := l.id_card_enc; o_status := l.status;
     o_entry_status := l.entry_status; o_status_hidden := l.status_hidden;
     RETURN NEXT;
   END $$`,

  // The holder with companions (links in force, in the account's order, with their relations):
  // asked who came (choose), or the group. Runs where it is called (the coordinator on Citus);
  // each statement inside reads or writes one person's shard. The companions whose colour is
  // shown are recorded in their access log here. A revoked code or an old scan time passes only
  // for a scan id the holder's entries already carry (the holder is in every scan the account
  // makes for itself), and then only the people that scan logged are answered.
  `CREATE FUNCTION csm_check_in(p_person uuid, p_account uuid, p_venue text, p_checkpoint text, p_code_version int,
     p_verified boolean, p_companions uuid[], p_relations text[], p_chosen uuid[], p_window_minutes int,
     p_device_scan text, p_scanned_at timestamptz, p_late_hours int)
   RETURNS TABLE (${OUTCOME_COLUMNS})
   LANGUAGE plpgsql AS $$
   DECLARE
     t record;
     v_persons uuid[];
     v_last_scan uuid;
     v_rel text;
     v_hidden text := CASE WHEN p_verified THEN NULL ELSE 'identity_unverified' END;
     v_now timestamptz := now();
     v_visit timestamptz;
     v_revoked boolean;
     v_expired boolean;
     i int;
     l record;
   BEGIN
     ${VERDICT}
     IF v_revoked OR v_expired THEN
       IF NOT EXISTS (SELECT 1 FROM ${SCAN_LOGGED('p_person', 'v_hidden')}) THEN
         outcome := CASE WHEN v_revoked THEN 'revoked' ELSE 'expired' END; RETURN NEXT; RETURN;
       END IF;
     END IF;
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
                v_hidden, p_device_scan, v_visit, v_revoked OR v_expired)
     LOOP
       v_rel := NULL;
       IF l.person_id <> p_person THEN
         v_rel := p_relations[array_position(p_companions, l.person_id)];
         IF l.status_hidden IS NULL THEN
           INSERT INTO access_log (person_id, official_id, office, action) VALUES (l.person_id, p_account, '同行人员', 'companion_status');
         END IF;
       END IF;
       o_person_id := l.person_id; o_entry_id := l.entry_id; o_checked_in_at := l.checked_in_at;
       o_received_at := l.received_at;
       o_entry_checkpoint_id := l.checkpoint_id; o_entry_checkpoint_name := l.checkpoint_name; o_repeated := l.repeated;
       o_method := l.method; o_name_enc := l.name_enc; o_id_card_enc := l.id_card_enc; o_status := l.status;
       o_entry_status := l.entry_status; o_relation := v_rel; o_status_hidden := l.status_hidden;
       RETURN NEXT;
     END LOOP;
   END $$`
]
