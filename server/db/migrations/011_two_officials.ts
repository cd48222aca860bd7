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
     'view_contact', 'view_appeal', 'answer_appeal'))`
]
