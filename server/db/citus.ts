import { LATE_SCAN_HOURS } from '../../src/shared/api'
import { migrate } from './migrate'
import type { Db, Queryable } from './types'

/**
 * Turns a Citus coordinator into a working deployment of this schema (issue 18, docs/scale.md §3):
 * the migrations, then every table into its role in a valid order, the check-in function
 * delegated to the worker that holds the person, and venue_log as a table distributed by venue.
 * Idempotent: each step asks the catalog first, so running it again (or after a new migration)
 * only does what is missing. `npm run citus:setup` runs it on DATABASE_URL.
 */

export type CitusRole = 'person' | 'id-card' | 'venue' | 'reference' | 'coordinator'

/** Every table of the schema, its role and why: the table of docs/scale.md §3, and the order of set-up. */
export const CITUS_TABLES: ReadonlyArray<{ table: string; role: CitusRole; column?: string; colocateWith?: string; why: string }> = [
  { table: 'venues', role: 'reference', why: 'every check-in reads its venue; 3 million rows, read everywhere, written rarely' },
  { table: 'checkpoints', role: 'reference', why: 'every check-in reads its checkpoint and code version' },
  { table: 'persons', role: 'person', column: 'id', why: 'the person, beside their entries and status' },
  { table: 'health_status', role: 'person', column: 'person_id', colocateWith: 'persons', why: 'read with every entry of the person' },
  { table: 'entries', role: 'person', column: 'person_id', colocateWith: 'persons', why: 'the check-in, 我的扫码记录 and a case\'s stays read one person; partitioned by China day' },
  { table: 'audit_heads', role: 'person', column: 'person_id', colocateWith: 'persons', why: 'a person\'s audit chains\' heads, locked by the trigger that chains each access and status record, on the records\' shard' },
  { table: 'status_changes', role: 'person', column: 'person_id', colocateWith: 'persons', why: 'a person\'s history, written with their status' },
  { table: 'access_log', role: 'person', column: 'person_id', colocateWith: 'persons', why: '谁查看了我的信息 reads one person' },
  { table: 'status_notification_outbox', role: 'person', column: 'person_id', colocateWith: 'persons', why: 'messages of a change of status, written with the change, in its transaction' },
  { table: 'risk_notices', role: 'person', column: 'person_id', colocateWith: 'persons', why: 'the home page reads the holder\'s and companions\' notices' },
  { table: 'person_keys', role: 'id-card', column: 'id_card_hash', why: 'a person by ID number (officials, imports, 实名信息) on one shard' },
  { table: 'venue_log', role: 'venue', column: 'venue_id', why: '检测统计 and the gate read one venue; fed by the roll-up job' },
  { table: 'alerts', role: 'venue', column: 'venue_id', colocateWith: 'venue_log', why: 'a venue\'s alerts beside its log (the gate shows them together)' },
  { table: 'alert_recipients', role: 'venue', column: 'venue_id', colocateWith: 'venue_log', why: 'written with the alert, in its transaction' },
  { table: 'notification_outbox', role: 'venue', column: 'venue_id', colocateWith: 'venue_log', why: 'written with the alert, in its transaction' },
  ...[
    ['users', 'the accounts: every call\'s session look-up joins them, locally'],
    ['sessions', 'one look-up per call, joined with its account'],
    ['companions', 'read with the account in the session look-up, and passed to the check-in'],
    ['account_people', 'which people\'s shards an account\'s 我的扫码记录 reads'],
    ['rate_limits', 'counted beside the session look-up'],
    ['identity_checks', 'an account\'s verifications'],
    ['officials', 'few rows; every scope check joins them with accounts'],
    ['traces', 'officials\' work: few rows, read with officials'],
    ['status_proposals', 'officials\' work: proposals waiting for a second official, read by region'],
    ['status_proposal_lines', 'the people of a status proposal; one pending change per person'],
    ['appeals', '申诉: the region\'s queue, read by officials and by the holder with their notices'],
    ['venue_inspectors', 'roles of accounts, checked with the account'],
    ['venue_changes', 'a venue\'s record of changes, read by its admin'],
    ['venue_handovers', 'at most one per venue, between two accounts'],
    ['subscription_grants', 'WeChat message grants of an account'],
    ['venue_log_watermark', 'where the roll-up job has got to'],
    ['system_state', 'one row: 停用\'s phase and deletion receipt, read by every call (cached for seconds)'],
    ['audit_publications', 'the audit heads published outside the database: one row per publication'],
    ['schema_migrations', 'the migrations applied']
  ].map(([table, why]) => ({ table, role: 'coordinator' as const, why }))
]

/**
 * The functions the workers need: the check-in delegated by the person, what it calls alongside
 * (their signatures of migration 010; 010 dropped those of 009, and with them their Citus
 * metadata, so a cluster set up before it gets these delegated on the next run).
 */
const DELEGATED = 'csm_check_in_alone(uuid, uuid, text, text, integer, boolean, integer, text, timestamptz, integer)'
const ON_WORKERS = ['csm_log_entry(uuid, uuid, text, text, text, uuid, integer, text, uuid, text, timestamptz, timestamptz, boolean)']
/** Functions whose statements name our tables: they run on workers too, with the schema's search_path. */
const OUR_FUNCTIONS = [DELEGATED, ...ON_WORKERS, 'csm_lock_persons(uuid[])',
  // The audit chains' triggers (migration 012) fire on the shard and lock the co-located head.
  'csm_audit_chain_access()', 'csm_audit_chain_status()',
  'csm_log_entries(uuid, text, text, uuid[], text[], uuid, integer, text, text, timestamptz, boolean)',
  'csm_check_in(uuid, uuid, text, text, integer, boolean, uuid[], text[], uuid[], integer, text, timestamptz, integer)',
  'csm_ensure_entry_partitions(date, date)', 'csm_drop_entry_partitions(timestamptz)']

/**
 * venue_log as a table (it is a view of entries on one machine, migration 009). Exported for the
 * test that runs the roll-up's statements on one machine (tests/integration/late-scans.test.ts).
 */
export const VENUE_LOG_TABLE = [
  `CREATE TABLE venue_log (
    venue_id text NOT NULL,
    entry_id uuid NOT NULL,
    checked_in_at timestamptz NOT NULL,
    person_id uuid NOT NULL,
    account_id uuid NOT NULL,
    checkpoint_id text NOT NULL,
    method text NOT NULL,
    inspector_id uuid,
    health_status text NOT NULL,
    status_hidden text,
    withdrawn_at timestamptz,
    temperature_celsius numeric(3,1),
    temperature_at timestamptz,
    temperature_by uuid,
    PRIMARY KEY (venue_id, entry_id)
  )`,
  'CREATE INDEX venue_log_venue_time_idx ON venue_log (venue_id, checked_in_at)',
  `CREATE TABLE venue_log_watermark (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    upto timestamptz NOT NULL
  )`
]

export interface CitusReport { distributed: string[]; reference: string[]; local: string[]; functions: string[]; workers: number }

export async function hasCitusExtension(db: Queryable): Promise<boolean> {
  const [ext] = await db.query<{ version: string | null }>(`SELECT (SELECT extversion FROM pg_extension WHERE extname = 'citus') AS version`)
  return ext.version !== null
}

export async function setUpCitus(db: Db, schema = 'public'): Promise<CitusReport> {
  if (!await hasCitusExtension(db)) {
    throw new Error('这个数据库没有 citus 扩展（CREATE EXTENSION citus），不能按 Citus 部署 / the citus extension is not installed in this database')
  }
  const [{ workers }] = await db.query<{ workers: number }>('SELECT count(*)::int AS workers FROM citus_get_active_worker_nodes()')
  await migrate(db)
  const report: CitusReport = { distributed: [], reference: [], local: [], functions: [], workers }

  /** The table's kind, and its Citus role now: h (distributed), t (reference), s (local to the coordinator), or null. */
  const kind = async (table: string) => {
    const [row] = await db.query<{ relkind: string | null; dist: 'h' | 't' | 's' | null }>(
      `SELECT (SELECT relkind::text FROM pg_class WHERE oid = to_regclass($1)) AS relkind,
              (SELECT CASE WHEN partmethod = 'h' THEN 'h' ELSE repmodel::text END FROM pg_dist_partition
               WHERE logicalrelid = to_regclass($1)) AS dist`, [`${schema}.${table}`])
    return row
  }
  const wanted = { person: 'h', 'id-card': 'h', venue: 'h', reference: 't', coordinator: 's' } as const

  const venueLog = await kind('venue_log')
  if (venueLog.relkind === 'v') {
    await db.transaction(async (tx) => {
      await tx.query('DROP VIEW venue_log')
      for (const sql of VENUE_LOG_TABLE) await tx.query(sql)
      await tx.query(`INSERT INTO venue_log_watermark (upto) VALUES (now())`)
    })
  }

  for (const t of CITUS_TABLES) {
    const now = await kind(t.table)
    // Done, or (for a reference table) made a coordinator table by Citus itself when the table it
    // links to became a reference table (checkpoints → venues): create_reference_table finishes it.
    if (now.dist === wanted[t.role] || (t.role === 'coordinator' && now.dist)) continue
    const name = `${schema}.${t.table}`
    if (t.role === 'coordinator') {
      // A Citus-managed local table: it stays on the coordinator, and a statement may join it
      // with distributed tables (Citus plans the two sides apart). Linked accounts tables join together.
      await db.query('SELECT citus_add_local_table_to_metadata($1, cascade_via_foreign_keys => true)', [name])
      report.local.push(t.table)
    } else if (t.role === 'reference') {
      await db.query('SELECT create_reference_table($1)', [name])
      report.reference.push(t.table)
    } else {
      // access_log and status_changes carry the audit chain's trigger (migration 012): Citus places it
      // on every shard only when told that the trigger's function is its own business (it touches
      // only the co-located audit_heads shard, distributed first for that reason).
      await db.transaction(async (tx) => {
        await tx.query('SET LOCAL citus.enable_unsafe_triggers TO on')
        await tx.query('SELECT create_distributed_table($1, $2, colocate_with => $3)',
          [name, t.column, t.colocateWith ? `${schema}.${t.colocateWith}` : 'none'])
      })
      report.distributed.push(t.table)
    }
  }

  // The roll-up's first fill: everything already logged (a deployment moved onto Citus).
  if (venueLog.relkind === 'v') await rollUpVenueLog(db, { lagSeconds: 0, from: new Date(0) })

  for (const fn of OUR_FUNCTIONS) {
    // Delegated calls and their partners run on a worker whose default search_path does not name this schema.
    if (schema !== 'public') await db.query(`ALTER FUNCTION ${schema}.${fn} SET search_path = ${schema}`)
  }
  for (const fn of [DELEGATED, ...ON_WORKERS]) {
    // ALTER FUNCTION above may already have propagated it (without a distribution argument).
    const [done] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND objid = $1::regprocedure
         AND ($2 OR distribution_argument_index IS NOT NULL)`, [`${schema}.${fn}`, fn !== DELEGATED])
    if (done.n) continue
    if (fn === DELEGATED) {
      await db.query(`SELECT create_distributed_function($1, distribution_arg_name => 'p_person', colocate_with => $2)`,
        [`${schema}.${fn}`, `${schema}.persons`])
    } else {
      await db.query('SELECT create_distributed_function($1)', [`${schema}.${fn}`])
    }
    report.functions.push(fn)
  }
  return report
}

/**
 * The roll-up job (Citus only): copies the entries received since the last run into venue_log, so
 * the statistics and the gate read one venue's shard. Entries up to `lagSeconds` old are left for
 * the next run: a check-in's transaction stamps its entry when it starts, and one still open
 * must not be passed by the watermark (p99 of a check-in is tens of milliseconds; the lag is 10 s).
 * ON CONFLICT keeps it idempotent (a run interrupted after its insert copies the rows again).
 * Returns the rows copied.
 *
 * The watermark is on receipt time, not visit time (migration 010): a scan kept on a phone and
 * uploaded now may have a visit time up to LATE_SCAN_HOURS back, long behind the watermark. Two
 * index ranges: live entries (received_at NULL, received at the visit time) by visit time, as
 * before; late ones by receipt time on their partial index, with the visit time bounded so only
 * the last day's partitions are read.
 */
export async function rollUpVenueLog(db: Db, opts: { lagSeconds?: number; from?: Date } = {}): Promise<number> {
  return db.transaction(async (tx: Queryable) => {
    const [mark] = await tx.query<{ upto: Date; until: Date }>(
      'SELECT upto, now() - make_interval(secs => $1) AS until FROM venue_log_watermark FOR UPDATE', [opts.lagSeconds ?? 10])
    const from = opts.from ?? mark.upto
    if (mark.until <= from) return 0
    const copied = await tx.query(
      `INSERT INTO venue_log (venue_id, entry_id, checked_in_at, person_id, account_id, checkpoint_id, method, inspector_id,
         health_status, status_hidden, withdrawn_at, temperature_celsius, temperature_at, temperature_by)
       SELECT venue_id, id, checked_in_at, person_id, account_id, checkpoint_id, method, inspector_id,
              health_status, status_hidden, withdrawn_at, temperature_celsius, temperature_at, temperature_by
       FROM entries
       WHERE ((received_at IS NULL AND checked_in_at > $1 AND checked_in_at <= $2)
              OR (received_at IS NOT NULL AND received_at > $1 AND received_at <= $2))
         AND checked_in_at > $1::timestamptz - make_interval(hours => $3) AND checked_in_at <= $2
       ON CONFLICT (venue_id, entry_id) DO UPDATE SET withdrawn_at = EXCLUDED.withdrawn_at,
         temperature_celsius = EXCLUDED.temperature_celsius, temperature_at = EXCLUDED.temperature_at,
         temperature_by = EXCLUDED.temperature_by
       RETURNING entry_id`, [from, mark.until, LATE_SCAN_HOURS + 1])
    await tx.query('UPDATE venue_log_watermark SET upto = greatest(upto, $1)', [mark.until])
    return copied.length
  })
}
