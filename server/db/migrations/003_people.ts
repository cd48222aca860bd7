/**
 * People, not accounts (DESIGN §4). A person is a real individual known by an ID number; an
 * account (WeChat OPENID, Alipay user id, demo) may name its holder once and list companions.
 * Health status and entries move from the account to the person, and every entry records how
 * it was made (self, companion, assisted by an inspector), the account that made it and, when
 * assisted, the inspector.
 *
 * Existing data moves forward without decrypting anything: the ID-number hash is already a
 * keyed hash, so holders with the same ID become one person, and ciphertexts are copied as they
 * are. Every ciphertext is then labelled with the key id it was written with (`k1`, the id the
 * single DATA_ENCRYPTION_KEY stands for), so keys can rotate.
 *
 * An account that checked in before real names were required has no person: its old entries
 * keep person_id NULL (method self) and are attached when the account records its 实名信息.
 */
export const version = 3
export const name = 'people'

/** Relations a companion may have to the account holder; the form offers them in this order. */
const RELATIONS = `'parent', 'child', 'spouse', 'relative', 'friend', 'other'`

export const statements: string[] = [
  `CREATE TABLE persons (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    id_card_hash text NOT NULL UNIQUE,
    id_card_enc text NOT NULL,
    name_enc text NOT NULL,
    phone_enc text,
    phone_hash text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `INSERT INTO persons (id_card_hash, id_card_enc, name_enc, phone_enc, phone_hash, created_at)
   SELECT DISTINCT ON (id_card_hash) id_card_hash, 'k1:' || id_card_enc, 'k1:' || name_enc,
          'k1:' || phone_enc, phone_hash, created_at
   FROM users
   WHERE id_card_hash IS NOT NULL AND id_card_enc IS NOT NULL AND name_enc IS NOT NULL
   ORDER BY id_card_hash, created_at`,
  'ALTER TABLE users ADD COLUMN person_id uuid REFERENCES persons (id)',
  'UPDATE users u SET person_id = p.id FROM persons p WHERE p.id_card_hash = u.id_card_hash',
  'CREATE INDEX users_person_idx ON users (person_id)',
  'ALTER TABLE users DROP COLUMN name_enc, DROP COLUMN id_card_enc, DROP COLUMN id_card_hash, DROP COLUMN phone_enc, DROP COLUMN phone_hash',

  // Status belongs to the person; of two accounts of one person the latest change wins.
  `CREATE TABLE person_health (
    person_id uuid PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN ('green', 'yellow', 'red')),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `INSERT INTO person_health (person_id, status, updated_at)
   SELECT DISTINCT ON (u.person_id) u.person_id, h.status, h.updated_at
   FROM health_status h JOIN users u ON u.id = h.user_id
   WHERE u.person_id IS NOT NULL
   ORDER BY u.person_id, h.updated_at DESC`,
  'DROP TABLE health_status',
  'ALTER TABLE person_health RENAME TO health_status',

  `CREATE TABLE companions (
    account_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    person_id uuid NOT NULL REFERENCES persons (id),
    relation text NOT NULL CHECK (relation IN (${RELATIONS})),
    phone_enc text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, person_id)
  )`,
  'CREATE INDEX companions_person_idx ON companions (person_id)',

  // Binding by 场所申报码 comes with venue management; the table exists so roles can be checked now.
  `CREATE TABLE venue_inspectors (
    venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    bound_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (venue_id, user_id)
  )`,
  'CREATE INDEX venue_inspectors_user_idx ON venue_inspectors (user_id)',

  'ALTER TABLE entries RENAME COLUMN user_id TO account_id',
  'ALTER TABLE entries ADD COLUMN person_id uuid REFERENCES persons (id)',
  'UPDATE entries e SET person_id = u.person_id FROM users u WHERE u.id = e.account_id',
  `ALTER TABLE entries ADD COLUMN method text NOT NULL DEFAULT 'self' CHECK (method IN ('self', 'companion', 'assisted'))`,
  'ALTER TABLE entries ALTER COLUMN method DROP DEFAULT',
  'ALTER TABLE entries ADD COLUMN inspector_id uuid REFERENCES users (id)',
  // One scan of a group writes several entries with one scan id: "last time I brought…".
  'ALTER TABLE entries ADD COLUMN scan_id uuid',
  'UPDATE entries SET scan_id = id',
  'ALTER TABLE entries ALTER COLUMN scan_id SET NOT NULL',
  `ALTER TABLE entries ADD CONSTRAINT entries_inspector_iff_assisted CHECK ((method = 'assisted') = (inspector_id IS NOT NULL))`,
  `ALTER TABLE entries ADD CONSTRAINT entries_person_known CHECK (person_id IS NOT NULL OR method = 'self')`,
  'DROP INDEX entries_user_venue_time_idx',
  'CREATE INDEX entries_person_venue_time_idx ON entries (person_id, venue_id, checked_in_at DESC)',
  'CREATE INDEX entries_account_time_idx ON entries (account_id, checked_in_at DESC)',
  'CREATE INDEX entries_inspector_time_idx ON entries (inspector_id, checked_in_at DESC) WHERE inspector_id IS NOT NULL',

  `UPDATE venues SET credit_code_enc = 'k1:' || credit_code_enc, admin_name_enc = 'k1:' || admin_name_enc,
     admin_mobile_enc = 'k1:' || admin_mobile_enc`,

  /*
   * Logs one entry per person of a scan in a single round trip, whatever the group's size.
   * Each (person, venue) is locked in a fixed order (so two phones scanning for one child at
   * once cannot deadlock, and the second waits for the first); a person already in within the
   * window gets their existing entry back instead of a second row. Callers have checked who may
   * be logged; this only keeps the guarantees that need the database.
   */
  `CREATE FUNCTION csm_log_entries(p_account uuid, p_venue text, p_checkpoint text, p_persons uuid[],
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
       INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, method, inspector_id, scan_id)
       SELECT w.pid, p_account, p_venue, p_checkpoint, w.how, CASE WHEN w.how = 'assisted' THEN p_inspector END, v_scan
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
