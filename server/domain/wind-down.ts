/**
 * 停用 (issue 20): a designed end. `npm run wind-down -- start` puts the deployment into wind-down:
 * from then on new registrations (scans, 辅助登记, 场所申领, new 实名信息 or companions) are refused
 * with the date, while people can still read what is kept about them. When the grace period is
 * over every personal value and every entry is destroyed (tables emptied, entry partitions
 * dropped, data keys and the look-up hash key destroyed, log files emptied), the counts are
 * recorded, and a deletion receipt is published (a file outside the database, the log, and
 * system_state); from then on every function answers SYSTEM_ENDED with the receipt.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'fs'
import { randomBytes } from 'crypto'
import { dirname, join, resolve } from 'path'
import type { DeletionReceipt } from '../../src/shared/api'
import type { Db, Queryable } from '../db'
import { logEvent, logUnexpected } from '../log'
import { latestAuditHead, publishAuditHeads } from './audit-chain'
import type { Deps } from './deps'
import { DomainError } from './errors'

export type SystemPhase = 'running' | 'stopping' | 'ended'

export interface SystemState {
  phase: SystemPhase
  /** UTC ISO; null while running. */
  stoppedAt: string | null
  /** China date (YYYY-MM-DD) from which registrations are refused. */
  stoppedOn: string | null
  destroyAfter: string | null
  receipt: DeletionReceipt | null
  /**
   * The destruction has begun (phase still 'stopping', destroyed_at set): every call is refused
   * as after the end, so nothing is written into tables being emptied.
   */
  destroying: boolean
}

/** The grace period between 停用 and destruction when the command is not told otherwise (WIND_DOWN_GRACE_DAYS). */
export const DEFAULT_GRACE_DAYS = 30
/** How long a process trusts the phase it read: a scan pays one look-up in this time, not one each. */
export const PHASE_CACHE_MS = 5_000

/**
 * What may no longer be started once 停用 is ordered: every function or action that records a new
 * entry or new personal data. '*' is every action of the function. Reading (我的扫码记录,
 * 谁查看了我的信息, 首页) and withdrawing stay open until the end, so people can see what goes.
 */
export const REGISTRATIONS: Readonly<Record<string, '*' | readonly string[]>> = {
  checkIn: '*',
  assist: ['register'],
  generateCode: ['apply'],
  people: ['saveProfile', 'addCompanion', 'startVerification', 'confirmVerification']
}

export function isRegistration(fn: string, input: unknown): boolean {
  const rule = REGISTRATIONS[fn]
  if (!rule) return false
  if (rule === '*') return true
  const action = typeof input === 'object' && input !== null ? (input as { action?: unknown }).action : undefined
  return typeof action === 'string' && rule.includes(action)
}

/**
 * Every table of the schema and what 停用 does to it. `kept` tables hold no personal value; every
 * other table is emptied. A table of the catalog in neither list stops the destruction before
 * anything is destroyed when it holds rows (a new table must be classified here, and the
 * integration test compares this list with the catalog).
 */
export const KEPT_TABLES: Readonly<Record<string, string>> = {
  schema_migrations: 'which migrations ran: no person',
  system_state: 'the phase and this receipt',
  venue_log_watermark: 'a time the roll-up job reached: no person',
  audit_publications: 'digests of the audit heads as published, the last one named by the receipt: no person'
}

export const DESTROYED_TABLES: readonly string[] = [
  // People and what they are known by.
  'persons', 'person_keys', 'health_status', 'status_changes', 'access_log', 'risk_notices',
  // Accounts, their sessions, companions, verifications, message grants and rate-limit keys (which name accounts and addresses).
  'users', 'sessions', 'companions', 'account_people', 'identity_checks', 'subscription_grants', 'rate_limits',
  // Entries: the day partitions are dropped first, the default partition is emptied with the rest.
  'entries', 'venue_log',
  // Venues carry their administrator's name, mobile and credit code; their changes, inspectors and handovers name accounts.
  'venues', 'checkpoints', 'venue_changes', 'venue_inspectors', 'venue_handovers',
  // Alerts, their recipients and messages; officials and their traces.
  'alerts', 'alert_recipients', 'notification_outbox', 'officials', 'traces',
  // Issue 20: proposals and appeals (two officials, the person heard) and the audit chains' published heads.
  'status_proposals', 'status_proposal_lines', 'appeals', 'audit_heads',
  // Messages telling people and their families of a change of status.
  'status_notification_outbox'
]

/** China today, as the database's clock has it (the day scans are stamped with). */
const CHINA_DATE = `((now() AT TIME ZONE 'UTC') + interval '8 hours')::date`

interface StateRow {
  phase: SystemPhase
  destroyed_at: string | null
  stopped_at: string | null
  stopped_on: string | null
  destroy_after: string | null
  receipt: DeletionReceipt | string | null
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString())
const day = (v: string | Date | null) => (v === null ? null : typeof v === 'string' ? v.slice(0, 10) : localDay(v))
/** A date column arrives as a Date at local midnight (pg) or as text (PGlite): the same day either way. */
const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

export async function readSystemState(db: Queryable): Promise<SystemState> {
  const rows = await db.query<StateRow>(
    `SELECT phase, stopped_at, to_char(stopped_on, 'YYYY-MM-DD') AS stopped_on, destroy_after, destroyed_at, receipt FROM system_state`)
  const row = rows[0]
  if (!row) return { phase: 'running', stoppedAt: null, stoppedOn: null, destroyAfter: null, receipt: null, destroying: false }
  const receipt = typeof row.receipt === 'string' ? JSON.parse(row.receipt) as DeletionReceipt : row.receipt
  return { phase: row.phase, stoppedAt: iso(row.stopped_at), stoppedOn: day(row.stopped_on), destroyAfter: iso(row.destroy_after), receipt,
    destroying: row.phase === 'stopping' && row.destroyed_at !== null }
}

// ---- the phase every call looks at, cached -------------------------------------------------------

/**
 * Per process, on globalThis: each bundled function carries its own copy of this module while the
 * local stack loads them all into one process. Keyed by the database handle, so a test's new
 * stack never sees the previous one's phase.
 */
const CACHE_KEY = Symbol.for('changsuoma.systemPhase')
type PhaseCache = WeakMap<object, { at: number; state: Promise<SystemState> }>

function phaseCache(): PhaseCache {
  const g = globalThis as unknown as Record<symbol, PhaseCache | undefined>
  return (g[CACHE_KEY] ??= new WeakMap())
}

/** The deployment's state, read at most once per PHASE_CACHE_MS in this process. */
export function systemState(deps: Deps): Promise<SystemState> {
  const cache = phaseCache()
  const hit = cache.get(deps.db)
  const now = Date.now()
  if (hit && now - hit.at < PHASE_CACHE_MS) return hit.state
  const state = readSystemState(deps.db)
  cache.set(deps.db, { at: now, state })
  // A failed read is not kept: the next call asks again (and meets the same database error itself).
  state.catch(() => { if (cache.get(deps.db)?.state === state) cache.delete(deps.db) })
  return state
}

/**
 * Reads the state now and keeps it for the next PHASE_CACHE_MS: for a measurement of a call's own
 * round trips (tests, the bench), so the once-in-5-seconds read does not fall inside it.
 */
export async function refreshSystemState(deps: Deps): Promise<SystemState> {
  const state = readSystemState(deps.db)
  phaseCache().set(deps.db, { at: Date.now(), state })
  return state
}

/** After this process changed the phase: the next call reads it, not the cached one. */
export function forgetSystemState(db: Db | Queryable): void {
  phaseCache().delete(db)
}

/** 本系统已于2026年12月7日停止登记 */
export function stoppedMessage(stoppedOn: string | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(stoppedOn ?? '')
  return m ? `本系统已于${m[1]}年${Number(m[2])}月${Number(m[3])}日停止登记` : '本系统已停止登记'
}

/**
 * What a call meets before its handler: after the end SYSTEM_ENDED with the receipt (any call,
 * signed in or not); in wind-down SYSTEM_STOPPED with the date for a registration. Null: go on.
 */
export async function windDownRefusal(deps: Deps, fn: string, input: unknown): Promise<DomainError | null> {
  const state = await systemState(deps)
  if (state.phase === 'ended' || state.destroying) return new DomainError('SYSTEM_ENDED', undefined, undefined, state.receipt ?? undefined)
  if (state.phase === 'stopping' && isRegistration(fn, input)) return new DomainError('SYSTEM_STOPPED', undefined, stoppedMessage(state.stoppedOn))
  return null
}

// ---- ordering the end ----------------------------------------------------------------------------

export interface StartOptions {
  /** Days from now until personal data is destroyed. */
  graceDays: number
}

/**
 * Starts the wind-down: from today (China date) registrations are refused. Running it again
 * changes nothing (the first date and grace period stand), so a repeated command cannot move
 * the destruction later or earlier by accident.
 */
export async function startWindDown(deps: Deps, opts: StartOptions): Promise<SystemState> {
  if (!Number.isInteger(opts.graceDays) || opts.graceDays < 0 || opts.graceDays > 3650) {
    throw new Error(`宽限期应为 0–3650 之间的整数天 / grace days must be a whole number from 0 to 3650, got ${opts.graceDays}`)
  }
  await deps.db.query(
    `UPDATE system_state SET phase = 'stopping', stopped_at = now(), stopped_on = ${CHINA_DATE},
       destroy_after = now() + make_interval(days => $1)
     WHERE phase = 'running'`, [opts.graceDays])
  forgetSystemState(deps.db)
  const state = await readSystemState(deps.db)
  logEvent('wind-down-started', { stoppedAt: state.stoppedAt, stoppedOn: state.stoppedOn, destroyAfter: state.destroyAfter })
  return state
}

// ---- the destruction -----------------------------------------------------------------------------

export interface DestroyOptions {
  /** Destroy now even if the grace period has not passed (the operator's --now --yes, tests). */
  ignoreGrace?: boolean
  /**
   * Where the receipt is written (null: the log line and the database only). Default
   * WIND_DOWN_RECEIPT_FILE; else, on the local stack, deletion-receipt.json beside the data
   * directory; else none (a cloud function's disk is read-only and does not last: its log is the
   * publication, and the operator's `npm run wind-down -- status` writes nothing but shows it).
   */
  receiptFile?: string | null
  /**
   * How long to wait between refusing every call and emptying the tables: every process's cached
   * phase (PHASE_CACHE_MS) has then seen it. Default PHASE_CACHE_MS and a half second.
   */
  settleMs?: number
  /** Directories whose log files are emptied; default LOG_DIR and the notification log's directory. */
  logDirs?: string[]
  /** The local stack's key file (KEYS_FILE): its data and look-up keys are destroyed. */
  keysFile?: string
}

export class WindDownError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WindDownError'
  }
}

/** Where the receipt goes when not configured: beside the PGlite directory, else the working directory. */
export function defaultReceiptFile(deps: Deps, env: Record<string, string | undefined> = process.env): string {
  if (env.WIND_DOWN_RECEIPT_FILE) return resolve(env.WIND_DOWN_RECEIPT_FILE)
  const dir = deps.config.databaseUrl || deps.config.dataDir === ':memory:' ? '.' : dirname(resolve(deps.config.dataDir))
  return resolve(dir, 'deletion-receipt.json')
}

export function defaultLogDirs(deps: Deps, env: Record<string, string | undefined> = process.env): string[] {
  const dirs = [env.LOG_DIR, deps.config.notificationLogFile ? dirname(deps.config.notificationLogFile) : undefined]
  return [...new Set(dirs.filter((d): d is string => !!d).map((d) => resolve(d)))]
}

interface CatalogTable { schema: string; name: string; kind: string }

/** Tables of our schema (partitions apart: they go with entries) and of pg-boss's, from the catalog. */
async function catalogTables(db: Queryable): Promise<CatalogTable[]> {
  return db.query<CatalogTable>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND (n.oid = current_schema()::regnamespace OR n.nspname = current_schema() || '_boss' OR (current_schema() = 'public' AND n.nspname = 'pgboss'))
     ORDER BY 1, 2`)
}

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`

/**
 * Destroys every personal value and every entry, once the grace period has passed (or with
 * ignoreGrace). In order: the last audit head is published and read; every table's rows counted;
 * the entry day partitions dropped; every other table emptied in one TRUNCATE (files replaced,
 * not rows marked dead); pg-boss's queued and archived jobs emptied; the planner's samples of the
 * emptied columns removed; a CHECKPOINT; the keys destroyed; the log files emptied; the receipt
 * stored, written to a file and logged. Refused (nothing destroyed) when a table of the schema is
 * not classified and holds rows.
 */
export async function destroyPersonalData(deps: Deps, opts: DestroyOptions = {}): Promise<DeletionReceipt> {
  const { db } = deps
  const state = await readSystemState(db)
  if (state.phase === 'ended' && state.receipt) return state.receipt
  if (state.phase === 'running') throw new WindDownError('尚未开始停用，请先运行 start / wind-down has not been started')
  const [{ due }] = await db.query<{ due: boolean }>(`SELECT destroy_after <= now() AS due FROM system_state`)
  // A destruction begun earlier (and interrupted) is finished, whatever the clock says now.
  if (!due && !opts.ignoreGrace && !state.destroying) {
    throw new WindDownError(`宽限期未满，将于 ${state.destroyAfter} 后销毁 / the grace period runs until ${state.destroyAfter}`)
  }

  const tables = await catalogTables(db)
  const ours = tables.filter((t) => !t.schema.endsWith('boss'))
  const boss = tables.filter((t) => t.schema.endsWith('boss') && (t.name === 'job' || t.name === 'archive'))
  const known = new Set([...DESTROYED_TABLES, ...Object.keys(KEPT_TABLES)])
  for (const t of ours.filter((x) => !known.has(x.name))) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(t.name)}`)
    if (n > 0) throw new WindDownError(`表 ${t.name} 未分类，含 ${n} 行，未销毁任何数据 / table ${t.name} is not classified in server/domain/wind-down.ts and holds ${n} rows: nothing was destroyed`)
  }
  // From here every call is refused, in every process once its cached phase is older than the
  // wait: no request writes into a table being emptied (an in-flight one has the wait to finish).
  if (!state.destroying) {
    await db.query(`UPDATE system_state SET destroyed_at = now() WHERE phase = 'stopping'`)
    forgetSystemState(db)
    const settle = opts.settleMs ?? PHASE_CACHE_MS + 500
    if (settle > 0) await new Promise((r) => setTimeout(r, settle))
  }
  // The audit chains' heads published one last time, so the receipt names the state they ended in.
  await publishAuditHeads(deps)
  const auditHead = await latestAuditHead(db)

  const counts: Record<string, number> = {}
  // venue_log is a view of entries on one machine: counted with entries, nothing of its own.
  const emptied = ours.filter((t) => !(t.name in KEPT_TABLES))
  await db.transaction(async (tx) => {
    for (const t of emptied) {
      const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(t.name)}`)
      counts[t.name] = n
    }
    const [{ partitions }] = await tx.query<{ partitions: number }>(
      `SELECT count(*)::int AS partitions FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = to_regclass('entries') AND c.relname ~ '^entries_[0-9]{8}$'`)
    counts.entry_partitions = partitions
    // Every day partition, however far ahead: dropped whole, as retention does.
    await tx.query(`SELECT * FROM csm_drop_entry_partitions('infinity'::timestamptz)`)
    if (emptied.length) await tx.query(`TRUNCATE ${emptied.map((t) => quote(t.name)).join(', ')} CASCADE`)
    for (const t of boss) {
      const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(t.schema)}.${quote(t.name)}`)
      counts[`pgboss.${t.name}`] = n
      await tx.query(`TRUNCATE ${quote(t.schema)}.${quote(t.name)}`)
    }
  })
  // The planner's samples (most common values, histograms) are copies of column values: gone with the rows.
  counts.statistics_rows = await clearStatistics(db, emptied.map((t) => t.name))
  counts.wal_segments_removed = await forgetWal(deps)

  const keysDestroyed = Object.keys(deps.config.dataKeys.keys).sort()
  const keysFile = opts.keysFile
  if (keysFile && existsSync(keysFile)) destroyLocalKeys(keysFile)
  const logs = emptyLogFiles(opts.logDirs ?? defaultLogDirs(deps))
  counts.log_files = logs.files
  counts.log_bytes = logs.bytes

  const [{ destroyed_at: destroyedAt }] = await db.query<{ destroyed_at: string }>(`SELECT now() AS destroyed_at`)
  const receipt: DeletionReceipt = {
    stoppedAt: state.stoppedAt!,
    stoppedOn: state.stoppedOn!,
    destroyedAt: new Date(destroyedAt).toISOString(),
    counts,
    lastAuditHead: auditHead,
    keysDestroyed: [...keysDestroyed, 'lookup-hash']
  }
  await db.query(`UPDATE system_state SET phase = 'ended', destroyed_at = $1, receipt = $2::jsonb`, [receipt.destroyedAt, JSON.stringify(receipt)])
  forgetSystemState(db)
  // The update left the old row version behind; nothing personal in it, but the table is kept tidy.
  await checkpoint(db)
  const receiptFile = opts.receiptFile !== undefined ? opts.receiptFile
    : process.env.WIND_DOWN_RECEIPT_FILE || deps.config.localStack ? defaultReceiptFile(deps) : null
  publishReceipt(receipt, receiptFile)
  return receipt
}

/**
 * Deletes the planner's statistics of the emptied tables (and rewrites pg_statistic's file without
 * them). pg_statistic is writable only by a superuser (PGlite, a self-run server); elsewhere ANALYZE of the now empty tables is what is
 * possible, and the operator is told. Returns the rows deleted (-1: could not).
 */
async function clearStatistics(db: Db, tables: string[]): Promise<number> {
  if (!tables.length) return 0
  const names = tables.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ')
  try {
    const [{ n }] = await db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM pg_statistic WHERE starelid IN (
         SELECT c.oid FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
           AND (c.relname IN (${names}) OR c.relname ~ '^entries_')) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`)
    // The deleted rows would stay in the catalog's file as dead tuples: rewritten without them.
    await db.query('VACUUM FULL pg_statistic')
    return n
  } catch {
    for (const t of tables) await db.query(`ANALYZE ${quote(t)}`).catch(() => undefined)
    return -1
  }
}

/**
 * The write-ahead log still holds every row ever written (ciphertexts, keyed hashes, entries)
 * until its segment is removed. The current segment is closed (pg_switch_wal) and a CHECKPOINT
 * then removes it; with wal_recycle off it is unlinked rather than renamed for reuse with its
 * old bytes. On PGlite (one process, its directory ours) segments recycled earlier, which wait
 * under future names with old bytes, are overwritten and removed too. On a PostgreSQL server the
 * checkpointer is another process: the switch and checkpoint are asked for (superuser), and the
 * server's WAL, archive, replicas and backups are the operator's to destroy (the command says so).
 * Returns the segments this process removed itself.
 */
async function forgetWal(deps: Deps): Promise<number> {
  const { db } = deps
  const local = db.kind === 'pglite' && deps.config.dataDir !== ':memory:'
  if (db.kind === 'pglite') await db.query('SET wal_recycle = off').catch(() => undefined)
  for (let i = 0; i < 2; i++) {
    await db.query('SELECT pg_switch_wal()').catch(() => undefined)
    await checkpoint(db)
  }
  if (!local) return 0
  const [{ current }] = await db.query<{ current: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS current')
  const walDir = join(resolve(deps.config.dataDir), 'pg_wal')
  let removed = 0
  for (const name of existsSync(walDir) ? readdirSync(walDir) : []) {
    if (!/^[0-9A-F]{24}$/.test(name) || name <= current) continue
    overwriteInPlace(join(walDir, name))
    rmSync(join(walDir, name))
    removed++
  }
  return removed
}

async function checkpoint(db: Db): Promise<void> {
  // CHECKPOINT needs superuser (or pg_checkpoint); without it the server's own checkpoint follows within minutes.
  await db.query('CHECKPOINT').catch(() => undefined)
}

/** Overwrites the file's bytes in place (then syncs), so what was there is not left in the same blocks. */
function overwriteInPlace(file: string): number {
  const size = statSync(file).size
  if (size === 0) return 0
  const fd = openSync(file, 'r+')
  try {
    const zeros = Buffer.alloc(Math.min(size, 1 << 20))
    for (let at = 0; at < size; at += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return size
}

/**
 * The local stack's key file: its data keys and look-up hash key are overwritten, then replaced
 * by fresh ones that never encrypted anything (the stack must still start, to answer with the
 * receipt). The code-signing key stays: it protects no personal value, and posters still on
 * walls are then recognised as this system's, answered with the receipt rather than as forged.
 */
export function destroyLocalKeys(keysFile: string): string[] {
  const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as Record<string, unknown>
  const destroyed = Object.keys((keys.dataEncryptionKeys as Record<string, string> | undefined) ?? {})
  if (keys.dataEncryptionKey) destroyed.push('k1')
  overwriteInPlace(keysFile)
  const fresh = 'ended'
  const { dataEncryptionKey: _single, ...rest } = keys
  const next = {
    ...rest,
    dataEncryptionKid: fresh,
    dataEncryptionKeys: { [fresh]: randomBytes(32).toString('base64') },
    lookupHashKey: randomBytes(32).toString('base64'),
    destroyedKeys: destroyed
  }
  const tmp = `${keysFile}.new`
  writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 })
  renameSync(tmp, keysFile)
  return destroyed
}

/** Every file under the log directories is overwritten and emptied (kept, so open writers go on). */
export function emptyLogFiles(dirs: string[]): { files: number; bytes: number } {
  let files = 0
  let bytes = 0
  const walk = (dir: string) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) {
        bytes += overwriteInPlace(path)
        writeFileSync(path, '')
        files++
      }
    }
  }
  for (const dir of dirs) walk(dir)
  return { files, bytes }
}

/**
 * The receipt outside the database: one log line (first: the platform's log keeps it whatever
 * happens next) and a file the operator keeps and publishes. Everything is destroyed by now, so a
 * file that cannot be written is logged, not thrown.
 */
export function publishReceipt(receipt: DeletionReceipt, file: string | null): void {
  logEvent('wind-down-receipt', { receipt, file })
  if (!file) return
  try {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify(receipt, null, 2) + '\n')
  } catch (err) {
    logUnexpected('wind-down:receipt-file', err)
  }
}

/**
 * The scheduled step (the daily job, the purge timer): destroys once the grace period has passed;
 * nothing otherwise. Returns the receipt when it destroyed, else null.
 */
export async function windDownTick(deps: Deps, opts: DestroyOptions = {}): Promise<DeletionReceipt | null> {
  const state = await readSystemState(deps.db)
  if (state.phase !== 'stopping') return null
  const [{ due }] = await deps.db.query<{ due: boolean }>(`SELECT destroy_after <= now() AS due FROM system_state`)
  if (!due && !state.destroying) return null
  // The local stack's key file (scripts/local-stack.mjs: KEYS_FILE, else .data/keys.json); a
  // deployment's keys are environment secrets, which the operator deletes (npm run wind-down says which).
  const keysFile = process.env.KEYS_FILE ? resolve(process.env.KEYS_FILE) : deps.config.localStack ? resolve('.data/keys.json') : undefined
  return destroyPersonalData(deps, { keysFile, ...opts })
}
