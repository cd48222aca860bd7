/**
 * 异常提醒与流调: officials appointed to a region, the history of every status change, abnormal
 * alerts with their recipients and an outbox for notifications, stays (离场) for contact
 * tracing, confirmed traces and the 风险提示 they leave, and the access log a citizen reads.
 *
 * Officials are not a stored role any more: like venue roles (004) the role follows from the
 * appointment itself, so revoking one can never leave a stale role behind.
 */
export const version = 5
export const name = 'alerts_and_tracing'

const STATUS = `('green', 'yellow', 'red')`

export const statements = [
  // GB/T 2260 prefixes: province (2), city (4), county (6) or township (9 digits).
  `CREATE TABLE officials (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    region_code text NOT NULL CHECK (region_code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$'),
    office text NOT NULL CHECK (length(office) BETWEEN 2 AND 40),
    appointed_by text NOT NULL CHECK (appointed_by IN ('config', 'command', 'demo')),
    appointed_at timestamptz NOT NULL DEFAULT now()
  )`,
  `UPDATE users SET roles = array_remove(roles, 'official')`,
  // The county of registration (first six digits of the ID number, GB 11643): officials of that
  // region may act on the person even before they have entries there. Filled when a person is
  // written; NULL for people recorded before this migration until they are written again.
  'ALTER TABLE persons ADD COLUMN id_region text CHECK (id_region ~ \'^[0-9]{6}$\')',
  'CREATE INDEX persons_id_region_idx ON persons (id_region)',
  `CREATE TABLE status_changes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    old_status text CHECK (old_status IN ${STATUS}),
    new_status text NOT NULL CHECK (new_status IN ${STATUS}),
    reason_enc text NOT NULL,
    changed_by uuid REFERENCES users (id),
    office text,
    source text NOT NULL CHECK (source IN ('manual', 'import')),
    changed_at timestamptz NOT NULL DEFAULT now()
  )`,
  'CREATE INDEX status_changes_person_time_idx ON status_changes (person_id, changed_at DESC)',
  // 离场: the end of a stay, when the person says so.
  'ALTER TABLE entries ADD COLUMN checked_out_at timestamptz',
  'ALTER TABLE entries ADD CONSTRAINT entries_checked_out_after_in CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at)',
  // Tracing and retention read entries by time alone.
  'CREATE INDEX entries_time_idx ON entries (checked_in_at)',
  `CREATE TABLE traces (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    official_id uuid NOT NULL REFERENCES users (id),
    region_code text NOT NULL,
    from_at timestamptz NOT NULL,
    to_at timestamptz NOT NULL CHECK (to_at > from_at),
    created_at timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz,
    confirmed_by uuid REFERENCES users (id)
  )`,
  'CREATE INDEX traces_case_idx ON traces (case_person_id)',
  // A contact is told once per trace and venue visit; never who the case was.
  `CREATE TABLE risk_notices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    trace_id uuid NOT NULL REFERENCES traces (id) ON DELETE CASCADE,
    person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    venue_id text NOT NULL REFERENCES venues (id),
    entered_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (trace_id, person_id, venue_id, entered_at)
  )`,
  'CREATE INDEX risk_notices_person_idx ON risk_notices (person_id, created_at DESC)',
  `CREATE TABLE alerts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('status', 'temperature', 'exposure')),
    venue_id text NOT NULL REFERENCES venues (id),
    checkpoint_id text REFERENCES checkpoints (id),
    entry_id uuid REFERENCES entries (id) ON DELETE SET NULL,
    person_id uuid REFERENCES persons (id) ON DELETE SET NULL,
    health_status text CHECK (health_status IN ${STATUS}),
    temperature_celsius numeric(3,1),
    trace_id uuid REFERENCES traces (id) ON DELETE CASCADE,
    exposure_from timestamptz,
    exposure_to timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    closed_by uuid REFERENCES users (id),
    CHECK ((kind = 'exposure') = (trace_id IS NOT NULL))
  )`,
  // One alert per entry and kind (a repeated scan or a second measurement is the same alert),
  // one host alert per trace and venue.
  'CREATE UNIQUE INDEX alerts_entry_kind_key ON alerts (entry_id, kind) WHERE entry_id IS NOT NULL',
  'CREATE UNIQUE INDEX alerts_trace_venue_key ON alerts (trace_id, venue_id) WHERE trace_id IS NOT NULL',
  'CREATE INDEX alerts_venue_time_idx ON alerts (venue_id, created_at DESC)',
  'CREATE INDEX alerts_time_idx ON alerts (created_at)',
  `CREATE TABLE alert_recipients (
    alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('admin', 'inspector', 'official')),
    created_at timestamptz NOT NULL DEFAULT now(),
    acknowledged_at timestamptz,
    PRIMARY KEY (alert_id, user_id)
  )`,
  'CREATE INDEX alert_recipients_user_idx ON alert_recipients (user_id, created_at DESC)',
  // At most once per recipient and channel (DESIGN §6): a row is claimed (sending) before the
  // send and marked after; a claim whose sender died is never sent again (uncertain).
  `CREATE TABLE notification_outbox (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    recipient uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel text NOT NULL CHECK (channel IN ('wechat', 'log')),
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'uncertain')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_at timestamptz,
    sent_at timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (alert_id, recipient, channel)
  )`,
  `CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE state = 'pending'`,
  `CREATE INDEX notification_outbox_claimed_idx ON notification_outbox (claimed_at) WHERE state = 'sending'`,
  // WeChat subscription messages: one accepted request is one message.
  `CREATE TABLE subscription_grants (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    template_id text NOT NULL,
    remaining integer NOT NULL CHECK (remaining >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, template_id)
  )`,
  // Every official access to a person's data; the person reads it (谁查看了我的信息).
  `CREATE TABLE access_log (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    official_id uuid NOT NULL REFERENCES users (id),
    office text NOT NULL,
    action text NOT NULL CHECK (action IN ('view_person', 'set_status', 'import_status', 'trace_case', 'trace_contact',
      'confirm_trace', 'export_trace', 'view_alert')),
    reason_enc text,
    trace_id uuid REFERENCES traces (id) ON DELETE SET NULL,
    accessed_at timestamptz NOT NULL DEFAULT now()
  )`,
  'CREATE INDEX access_log_person_time_idx ON access_log (person_id, accessed_at DESC)',
  'CREATE INDEX access_log_official_time_idx ON access_log (official_id, accessed_at DESC)'
]
