/**
 * The audit chains (issue 20): every access and change record hashed into its person's chain, so
 * that whoever runs the server cannot edit, insert or delete one quietly (server/domain/audit-chain.ts
 * verifies; `npm run audit:verify` reports the first broken link).
 *
 * - Two chains per person: 'access' (access_log) and 'status' (status_changes). Retention deletes
 *   old access records but never status history; with one chain across both tables a pruned
 *   access record would leave a hole in the middle of it. Each chain is pruned only from its start.
 * - Each row holds chain_seq (1, 2, … per chain), prev_hash (the previous row's row_hash, NULL for
 *   the first) and row_hash = sha256 of the link text below. A BEFORE INSERT trigger fills them,
 *   so every writer (the TypeScript domain code and the check-in's SQL functions of migrations
 *   009/010) is chained alike, and whatever the writer put in those columns is overwritten.
 * - audit_heads holds each chain's head (seq, head) and its anchor: the last row retention pruned
 *   (anchor_seq, anchor_hash, with the pruned row's time and content digest so that the anchor's
 *   age can be proven from its hash). The trigger takes the head row's lock (INSERT … ON CONFLICT
 *   DO UPDATE), so concurrent records of one person queue there and form one unbroken chain. It
 *   lives beside the person's rows (distributed by person_id, co-located with persons), like the
 *   per-person row locks of migration 009, not an advisory lock (those are per node).
 * - The hashed content is an explicit, versioned list of columns, not the whole row: a later
 *   column with a default must not change old hashes. Times enter as epoch microseconds (the same
 *   in every session time zone). reason_enc is left out (a data-key rotation re-encrypts it);
 *   reason_mac, its keyed fingerprint, stands for it. The chain columns are left out (they are
 *   the chain).
 *
 * The link text, which server/domain/audit-chain.ts recomputes independently of these functions
 * (the verifier must not trust code stored in the database it checks):
 *   row_hash = hex(sha256('csm-audit-v1|' chain '|' seq '|' (prev_hash or '-') '|' time_us '|' hex(sha256(body))))
 *   body     = table '|v1' then '|' field for each column of the list, field = '-' for NULL, else
 *              octet_length(value) ':' value (uuids lowercase, booleans t/f).
 * Rows written before this migration are chained in (time, id) order per person.
 */
export const version = 12
export const name = 'audit_chain'

const LINK = `CREATE FUNCTION csm_audit_link(p_chain text, p_seq bigint, p_prev text, p_at timestamptz, p_body text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to('csm-audit-v1|' || p_chain || '|' || p_seq::text || '|' || coalesce(p_prev, '-') || '|'
      || ((extract(epoch FROM p_at) * 1000000)::bigint)::text || '|' || encode(sha256(convert_to(p_body, 'UTF8')), 'hex'), 'UTF8')), 'hex')
  $$`

const FIELD = `CREATE FUNCTION csm_audit_field(v text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END
  $$`

/** The access_log columns hashed, version 1. Changing this list needs a new version, never an edit. */
const ACCESS_BODY = `CREATE FUNCTION csm_audit_access_body(a access_log) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT 'access_log|v1|' || concat_ws('|', csm_audit_field(a.id::text), csm_audit_field(a.person_id::text),
      csm_audit_field(a.official_id::text), csm_audit_field(a.office), csm_audit_field(a.action),
      csm_audit_field(a.reason_mac), csm_audit_field(a.trace_id::text))
  $$`

/** The status_changes columns hashed, version 1. */
const STATUS_BODY = `CREATE FUNCTION csm_audit_status_body(c status_changes) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT 'status_changes|v1|' || concat_ws('|', csm_audit_field(c.id::text), csm_audit_field(c.person_id::text),
      csm_audit_field(c.old_status), csm_audit_field(c.new_status), csm_audit_field(c.reason_mac),
      csm_audit_field(c.changed_by::text), csm_audit_field(c.office), csm_audit_field(c.source),
      csm_audit_field(c.proposal_id::text), csm_audit_field(c.approved_by::text), csm_audit_field(c.approver_office),
      csm_audit_field(CASE WHEN c.emergency THEN 't' ELSE 'f' END))
  $$`

/** The trigger of one chain: lock and advance the head, link the row to it. */
function chainTrigger(fn: string, chain: string, bodyFn: string, at: string): string {
  return `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE h record;
    BEGIN
      INSERT INTO audit_heads AS x (person_id, chain, seq, head, updated_at) VALUES (NEW.person_id, '${chain}', 1, NULL, now())
        ON CONFLICT (person_id, chain) DO UPDATE SET seq = x.seq + 1
        RETURNING x.seq, x.head INTO h;
      NEW.chain_seq := h.seq;
      NEW.prev_hash := h.head;
      NEW.row_hash := csm_audit_link('${chain}', h.seq, h.head, NEW.${at}, ${bodyFn}(NEW));
      UPDATE audit_heads SET head = NEW.row_hash, updated_at = now() WHERE person_id = NEW.person_id AND chain = '${chain}';
      RETURN NEW;
    END
  $$`
}

/** Chains the rows already there, per person in (time, id) order, and sets their heads. */
function backfill(table: string, chain: string, bodyFn: string, at: string): string[] {
  return [
    `DO $$
     DECLARE r record; prev text; who uuid; n bigint; h text;
     BEGIN
       FOR r IN SELECT t.*, ${bodyFn}(t) AS body FROM ${table} t ORDER BY t.person_id, t.${at}, t.id LOOP
         IF who IS DISTINCT FROM r.person_id THEN who := r.person_id; n := 0; prev := NULL; END IF;
         n := n + 1;
         h := csm_audit_link('${chain}', n, prev, r.${at}, r.body);
         UPDATE ${table} SET chain_seq = n, prev_hash = prev, row_hash = h WHERE person_id = r.person_id AND id = r.id;
         prev := h;
       END LOOP;
     END $$`,
    `INSERT INTO audit_heads (person_id, chain, seq, head, updated_at)
     SELECT DISTINCT ON (person_id) person_id, '${chain}', chain_seq, row_hash, now() FROM ${table}
     ORDER BY person_id, chain_seq DESC`
  ]
}

export const statements = [
  ...['access_log', 'status_changes'].flatMap((t) => [
    `ALTER TABLE ${t} ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash text, ADD COLUMN row_hash text`,
    `CREATE INDEX ${t}_chain_idx ON ${t} (person_id, chain_seq)`
  ]),
  `CREATE TABLE audit_heads (
    person_id uuid NOT NULL,
    chain text NOT NULL CHECK (chain IN ('access', 'status')),
    seq bigint NOT NULL,
    head text,
    anchor_seq bigint NOT NULL DEFAULT 0,
    anchor_hash text,
    anchor_prev text,
    anchor_at timestamptz,
    anchor_digest text,
    published_seq bigint,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, chain),
    CHECK (anchor_seq <= seq)
  )`,
  // The chains a publication has to carry: those whose head moved since the last one.
  'CREATE INDEX audit_heads_unpublished_idx ON audit_heads (person_id) WHERE published_seq IS DISTINCT FROM seq',
  // What was published outside the database (the heads file, the log): the digest chain, so the
  // next publication and a deletion receipt name the last one.
  `CREATE TABLE audit_publications (
    seq bigint PRIMARY KEY,
    digest text NOT NULL,
    prev_digest text,
    chains integer NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
  )`,
  FIELD,
  LINK,
  ACCESS_BODY,
  STATUS_BODY,
  ...backfill('access_log', 'access', 'csm_audit_access_body', 'accessed_at'),
  ...backfill('status_changes', 'status', 'csm_audit_status_body', 'changed_at'),
  chainTrigger('csm_audit_chain_access', 'access', 'csm_audit_access_body', 'accessed_at'),
  chainTrigger('csm_audit_chain_status', 'status', 'csm_audit_status_body', 'changed_at'),
  // A reason is hashed through its fingerprint: one without it would be outside the chain. NOT
  // VALID: reasons written before migration 011 have none (they are chained without their text).
  'ALTER TABLE access_log ADD CONSTRAINT access_log_reason_mac CHECK (reason_enc IS NULL OR reason_mac IS NOT NULL) NOT VALID',
  'ALTER TABLE status_changes ADD CONSTRAINT status_changes_reason_mac CHECK (reason_enc IS NULL OR reason_mac IS NOT NULL) NOT VALID',
  'CREATE TRIGGER access_log_audit_chain BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION csm_audit_chain_access()',
  'CREATE TRIGGER status_changes_audit_chain BEFORE INSERT ON status_changes FOR EACH ROW EXECUTE FUNCTION csm_audit_chain_status()'
]
