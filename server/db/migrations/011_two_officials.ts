/**
 * Two officials for every change (issue 20). A change of status (one by one, by file, or the
 * correction an appeal asks for) and a trace confirmation become proposals that take effect only
 * when a second official of the same region or the region above approves them; the person is
 * told on the home page and may appeal (申诉).
 *
 * status_changes says who proposed (changed_by, office) and who approved (approved_by,
 * approver_office), or that the deployment's emergency path applied it at once (emergency).
 * No foreign key from these person-distributed rows to accounts: Citus keeps only the links of
 * migration 009.
 */
export const version = 11
export const name = 'two_officials'

export const statements = [
  `ALTER TABLE status_changes
     ADD COLUMN proposal_id uuid,
     ADD COLUMN approved_by uuid,
     ADD COLUMN approver_office text,
     ADD COLUMN emergency boolean NOT NULL DEFAULT false`,
  // The audit chains (migration 012) hash this keyed fingerprint of the reason instead of its
  // ciphertext, which a data-key rotation rewrites (server/crypto/personal-data.ts reasonMac).
  'ALTER TABLE status_changes ADD COLUMN reason_mac text',
  'ALTER TABLE access_log ADD COLUMN reason_mac text',
  'ALTER TABLE status_changes DROP CONSTRAINT IF EXISTS status_changes_source_check',
  `ALTER TABLE status_changes ADD CONSTRAINT status_changes_source_check CHECK (source IN ('manual', 'import', 'appeal'))`,
  'ALTER TABLE access_log DROP CONSTRAINT IF EXISTS access_log_action_check',
  `ALTER TABLE access_log ADD CONSTRAINT access_log_action_check CHECK (action IN ('view_person', 'set_status', 'import_status',
     'trace_case', 'trace_contact', 'confirm_trace', 'export_trace', 'view_alert', 'companion_link', 'companion_status', 'assisted_entry',
     'propose_status', 'approve_status', 'reject_status', 'expire_status', 'propose_trace', 'approve_trace', 'reject_trace', 'expire_trace',
     'view_contact', 'view_appeal', 'answer_appeal'))`,
  // A proposal: a change of status (one person, a file, an appeal's correction) or a trace
  // confirmation, waiting for a second official of region_code or a region above it. Officials'
  // work, local to a Citus coordinator like traces; reasons encrypted, with their keyed
  // fingerprints (reason_mac) for the audit chains.
  `CREATE TABLE status_proposals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('status', 'trace')),
    source text NOT NULL CHECK (source IN ('manual', 'import', 'appeal')),
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected', 'expired')),
    proposed_by uuid NOT NULL,
    proposer_office text NOT NULL,
    region_code text NOT NULL,
    reason_enc text NOT NULL,
    reason_mac text NOT NULL,
    trace_id uuid,
    appeal_id uuid,
    line_count integer NOT NULL DEFAULT 0,
    emergency boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    decided_by uuid,
    decider_office text,
    decided_at timestamptz,
    decision_reason_enc text,
    decision_reason_mac text,
    CHECK ((kind = 'trace') = (trace_id IS NOT NULL)),
    CHECK (state = 'pending' OR decided_at IS NOT NULL)
  )`,
  'CREATE INDEX status_proposals_pending_idx ON status_proposals (state, expires_at)',
  'CREATE INDEX status_proposals_region_idx ON status_proposals (region_code, created_at DESC)',
  // One pending confirmation per trace: a second confirmTrace finds the first.
  `CREATE UNIQUE INDEX status_proposals_one_per_trace ON status_proposals (trace_id) WHERE state = 'pending'`,
  // The people of a status proposal, one row each; pending while the proposal is, so a person has
  // at most one pending change at a time (the unique index settles a race between two officials).
  `CREATE TABLE status_proposal_lines (
    proposal_id uuid NOT NULL,
    line integer NOT NULL,
    person_id uuid NOT NULL,
    from_status text CHECK (from_status IN ('green', 'yellow', 'red')),
    to_status text NOT NULL CHECK (to_status IN ('green', 'yellow', 'red')),
    reason_enc text NOT NULL,
    reason_mac text NOT NULL,
    pending boolean NOT NULL DEFAULT true,
    PRIMARY KEY (proposal_id, line)
  )`,
  'CREATE UNIQUE INDEX status_proposal_lines_one_pending ON status_proposal_lines (person_id) WHERE pending',
  // 申诉: one per change (status_changes is keyed by person and id), by the verified holder of the
  // person or of their companion; answered by an official of the change's region or above.
  `CREATE TABLE appeals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    change_id uuid NOT NULL UNIQUE,
    person_id uuid NOT NULL,
    account_id uuid NOT NULL,
    region_code text NOT NULL,
    text_enc text NOT NULL,
    text_mac text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered')),
    decision text CHECK (decision IN ('upheld', 'corrected')),
    answer_enc text,
    answer_mac text,
    answered_by uuid,
    answerer_office text,
    answered_at timestamptz,
    correction_proposal_id uuid,
    CHECK ((state = 'answered') = (decision IS NOT NULL AND answered_at IS NOT NULL))
  )`,
  'CREATE INDEX appeals_region_idx ON appeals (region_code, state, created_at)',
  'CREATE INDEX appeals_person_idx ON appeals (person_id)'
]
