/**
 * The audit chains (issue 20, migration 012): checking them, and publishing their heads outside
 * the database so that a chain rewritten from some row to its end, or cut short, is found too.
 *
 * The hash of a row is recomputed here, in TypeScript, from the row's columns, never by the
 * database's own functions: whoever could edit the rows could also replace a function stored in
 * the database. Migration 012's trigger computes the same text in SQL when a row is written; a
 * test compares the two on varied rows.
 */
import { createHash } from 'crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'fs'
import { dirname } from 'path'

import type { Db, Queryable } from '../db'
import { logEvent } from '../log'
import { ACCESS_LOG_DAYS } from './access-log'
import type { Deps } from './deps'

export type AuditChain = 'access' | 'status'

/** What a broken link is: see BREAK_TEXT for what each means to the person reading the report. */
export type AuditBreakKind = 'edited' | 'inserted' | 'deleted' | 'reordered' | 'head mismatch'

export interface AuditBreak {
  kind: AuditBreakKind
  table: 'access_log' | 'status_changes'
  chain: AuditChain
  personId: string | null
  /** The row the break shows at: the edited or inserted row, the row after a gap; null when no row is left to name. */
  rowId: string | null
  seq: number | null
  /** One line in English for the operator's report; BREAK_TEXT has the Chinese. */
  detail: string
}

/** The Chinese of each kind, for the report and for 谁查看了我的信息. */
export const BREAK_TEXT: Record<AuditBreakKind, string> = {
  edited: '记录内容在写入后被修改',
  inserted: '链中出现了不是按顺序写入的记录',
  deleted: '链中有记录被删除',
  reordered: '记录的顺序被调换',
  'head mismatch': '链的末端与记录的链头（或已公布的链头）不一致'
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

// ---- the link text (migration 012 computes the same in SQL) ----

/** One field of a body: '-' for NULL, else its length in bytes, ':' and the value. */
export function auditField(v: string | null | undefined): string {
  return v == null ? '-' : `${Buffer.byteLength(v, 'utf8')}:${v}`
}

/** The columns hashed, version 1, in order. A change needs a version 2, never an edit of this list. */
export const AUDIT_COLUMNS = {
  access: { table: 'access_log', at: 'accessed_at', columns: ['id', 'person_id', 'official_id', 'office', 'action', 'reason_mac', 'trace_id'] },
  status: {
    table: 'status_changes', at: 'changed_at',
    columns: ['id', 'person_id', 'old_status', 'new_status', 'reason_mac', 'changed_by', 'office', 'source', 'proposal_id',
      'approved_by', 'approver_office', 'emergency']
  }
} as const

export type AuditRowContent = Record<string, string | boolean | null>

export function auditBody(chain: AuditChain, row: AuditRowContent): string {
  const { table, columns } = AUDIT_COLUMNS[chain]
  return `${table}|v1|` + columns.map((c) => {
    const v = row[c]
    return auditField(typeof v === 'boolean' ? (v ? 't' : 'f') : v)
  }).join('|')
}

/** row_hash from the body's digest: an anchor keeps only the digest of the row it stands for. */
export function auditLinkFromDigest(chain: AuditChain, seq: number | string, prev: string | null, atMicros: string, bodyDigest: string): string {
  return sha256(`csm-audit-v1|${chain}|${seq}|${prev ?? '-'}|${atMicros}|${bodyDigest}`)
}

export function auditLink(chain: AuditChain, seq: number | string, prev: string | null, atMicros: string, body: string): string {
  return auditLinkFromDigest(chain, seq, prev, atMicros, sha256(body))
}

/** The SQL that reads a time as epoch microseconds: the one rendering that is the same in every time zone. */
const micros = (col: string) => `((extract(epoch FROM ${col}) * 1000000)::bigint)::text`

// ---- checking ----

interface HeadRow {
  person_id: string
  chain: AuditChain
  seq: string
  head: string | null
  anchor_seq: string
  anchor_hash: string | null
  anchor_prev: string | null
  anchor_at_us: string | null
  anchor_digest: string | null
}

interface ChainRow extends AuditRowContent {
  id: string
  person_id: string
  at_us: string
  chain_seq: string | null
  prev_hash: string | null
  row_hash: string | null
}

/** A head as published outside the database (the heads file): per chain key, the newest. */
export interface PublishedHead { seq: number; head: string; time: string }

export interface VerifyOptions {
  /** Published heads by chainKey (readPublishedHeads): a chain that no longer reaches them was rewritten or cut. */
  published?: Map<string, PublishedHead>
  /** Stop after this many breaks (default 100). */
  limit?: number
  /** The moment the check runs (default now): retention's anchors must be older than ACCESS_LOG_DAYS before it. */
  now?: Date
}

export interface ChainReport {
  ok: boolean
  /** Chains and rows checked. */
  chains: number
  rows: number
  /** Published heads compared with their chains. */
  publishedChecked: number
  /** The first break found (chains in person, then chain order; rows in chain order), or null. */
  first: AuditBreak | null
  breaks: AuditBreak[]
}

/** The key a chain is published under: a digest of the person's id, so the file names nobody. */
export function chainKey(personId: string, chain: AuditChain): string {
  return sha256(`csm-audit-chain|${personId}|${chain}`).slice(0, 32)
}

async function headsOf(db: Queryable, personIds: string[]): Promise<HeadRow[]> {
  return db.query<HeadRow>(
    `SELECT person_id, chain, seq::text AS seq, head, anchor_seq::text AS anchor_seq, anchor_hash, anchor_prev,
            CASE WHEN anchor_at IS NULL THEN NULL ELSE ${micros('anchor_at')} END AS anchor_at_us, anchor_digest
     FROM audit_heads WHERE person_id = ANY($1::uuid[]) ORDER BY person_id, chain`, [personIds])
}

async function rowsOf(db: Queryable, chain: AuditChain, personIds: string[]): Promise<ChainRow[]> {
  const { table, at, columns } = AUDIT_COLUMNS[chain]
  return db.query<ChainRow>(
    `SELECT ${columns.map((c) => (c === 'emergency' ? c : `${c}::text AS ${c}`)).join(', ')}, ${micros(at)} AS at_us,
            chain_seq::text AS chain_seq, prev_hash, row_hash
     FROM ${table} t WHERE t.person_id = ANY($1::uuid[]) ORDER BY t.person_id, t.chain_seq NULLS LAST, t.id`, [personIds])
}

/**
 * Walks one chain from its anchor to its head. Every break is reported once, at the row it shows
 * at, and the walk goes on from there, so one tampered row does not hide a second.
 */
export function checkChain(chain: AuditChain, personId: string, head: HeadRow | null, rows: ChainRow[],
  opts: { published?: PublishedHead; now?: Date } = {}): AuditBreak[] {
  const table = AUDIT_COLUMNS[chain].table
  const out: AuditBreak[] = []
  const report = (kind: AuditBreakKind, row: ChainRow | null, detail: string, seq?: number | null) =>
    out.push({ kind, table, chain, personId, rowId: row?.id ?? null, seq: seq !== undefined ? seq : row?.chain_seq != null ? Number(row.chain_seq) : null, detail })
  if (!head) {
    for (const r of rows.slice(0, 1)) report('inserted', r, `rows with no chain head (${rows.length})`)
    return out
  }
  const anchorSeq = Number(head.anchor_seq)
  if (anchorSeq > 0) {
    const anchorOk = head.anchor_hash !== null && head.anchor_at_us !== null && head.anchor_digest !== null &&
      auditLinkFromDigest(chain, anchorSeq, head.anchor_prev, head.anchor_at_us, head.anchor_digest) === head.anchor_hash
    const now = (opts.now ?? new Date()).getTime()
    // Only retention prunes, only access records, and only those older than ACCESS_LOG_DAYS.
    const oldEnough = chain === 'access' && head.anchor_at_us !== null &&
      Number(head.anchor_at_us) / 1000 < now - ACCESS_LOG_DAYS * 86_400_000
    if (!anchorOk) report('deleted', rows[0] ?? null, `the anchor (rows pruned up to seq ${anchorSeq}) does not hash to its recorded value`, anchorSeq)
    else if (!oldEnough) report('deleted', rows[0] ?? null, `rows up to seq ${anchorSeq} were removed before retention allows`, anchorSeq)
  }
  let expectSeq = anchorSeq + 1
  let expectPrev: string | null = anchorSeq > 0 ? head.anchor_hash : null
  let lastOk: ChainRow | null = null
  const chained = rows.filter((r) => r.chain_seq !== null)
  for (const r of rows) if (r.chain_seq === null) report('inserted', r, 'a row the chain never linked (written with the trigger off)')
  for (let i = 0; i < chained.length; i++) {
    const r = chained[i]
    const seq = Number(r.chain_seq)
    // Two rows claiming one place: the one the next row (or the head) links to is the original.
    if (i + 1 < chained.length && Number(chained[i + 1].chain_seq) === seq) {
      let j = i
      while (j + 1 < chained.length && Number(chained[j + 1].chain_seq) === seq) j++
      const same = chained.slice(i, j + 1)
      const nextPrev = j + 1 < chained.length ? chained[j + 1].prev_hash : head.head
      const original = same.find((x) => x.row_hash === nextPrev) ?? same[0]
      for (const x of same) if (x !== original) report('inserted', x, `a second row at seq ${seq}`)
      chained.splice(i, same.length, original)
      i--
      continue
    }
    if (seq < expectSeq) {
      report('reordered', r, `seq ${seq} after seq ${expectSeq - 1}`)
      continue
    }
    if (seq > expectSeq) {
      report('deleted', r, seq - expectSeq === 1 ? `the row at seq ${expectSeq} is missing` : `rows at seq ${expectSeq}–${seq - 1} are missing`)
    } else {
      const computed = r.row_hash === null ? null : auditLink(chain, seq, r.prev_hash, r.at_us, auditBody(chain, r))
      if (computed !== r.row_hash) {
        report('edited', r, 'the row no longer hashes to its row_hash')
      } else if (r.prev_hash !== expectPrev) {
        // The row is intact but does not link to the one before it: that one was rewritten with a
        // fresh hash, or rows were swapped.
        const elsewhere = chained.find((x) => x !== r && x.row_hash === r.prev_hash)
        if (elsewhere) report('reordered', r, `links to the row at seq ${elsewhere.chain_seq}, not to seq ${seq - 1}`)
        else if (lastOk && Number(lastOk.chain_seq) === seq - 1) report('edited', lastOk, `rewritten after the row at seq ${seq} linked to it`)
        else report('deleted', r, `does not link to the anchor at seq ${anchorSeq}`)
      }
    }
    lastOk = r
    expectSeq = seq + 1
    expectPrev = r.row_hash
  }
  const lastSeq = expectSeq - 1
  const headSeq = Number(head.seq)
  if (headSeq > lastSeq) report('deleted', lastOk, headSeq - lastSeq === 1 ? `the newest row (seq ${headSeq}) is missing` : `the newest rows (seq ${lastSeq + 1}–${headSeq}) are missing`, headSeq)
  else if (headSeq < lastSeq) report('inserted', lastOk, `rows after the head (seq ${headSeq})`)
  else if (head.head !== expectPrev) report('head mismatch', lastOk, 'the chain does not end at its recorded head')
  const pub = opts.published
  if (pub) {
    if (pub.seq > lastSeq && pub.seq > headSeq) {
      report('deleted', lastOk, `published at ${pub.time} with ${pub.seq} rows, now ${lastSeq}: the newest rows were removed`, pub.seq)
    } else if (pub.seq > anchorSeq) {
      const at = chained.find((x) => Number(x.chain_seq) === pub.seq)
      if (!at || at.row_hash !== pub.head) report('head mismatch', at ?? null, `the row at seq ${pub.seq} is not the one published at ${pub.time}: the chain was rewritten`, pub.seq)
    } else if (pub.seq === anchorSeq && head.anchor_hash !== pub.head) {
      report('head mismatch', null, `the anchor at seq ${anchorSeq} is not the row published at ${pub.time}`, pub.seq)
    }
  }
  return out
}

/** Persons per batch: each batch reads their heads and both tables' rows once. */
const VERIFY_BATCH = 500

/**
 * Checks every chain: each row against its content and its predecessor, each chain against its
 * head, and (when given) each head against its last publication. Reads in batches of persons.
 */
export async function verifyChains(db: Queryable, opts: VerifyOptions = {}): Promise<ChainReport> {
  const limit = opts.limit ?? 100
  const report: ChainReport = { ok: true, chains: 0, rows: 0, publishedChecked: 0, first: null, breaks: [] }
  const seenKeys = new Set<string>()
  const add = (b: AuditBreak[]) => {
    for (const x of b) if (report.breaks.length < limit) report.breaks.push(x)
  }
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const persons = (await db.query<{ person_id: string }>(
      `SELECT DISTINCT person_id FROM audit_heads WHERE person_id > $1::uuid ORDER BY person_id LIMIT ${VERIFY_BATCH}`, [after])).map((r) => r.person_id)
    if (!persons.length) break
    after = persons[persons.length - 1]
    const heads = await headsOf(db, persons)
    for (const chain of ['access', 'status'] as const) {
      const rows = await rowsOf(db, chain, persons)
      const byPerson = new Map<string, ChainRow[]>()
      for (const r of rows) {
        const list = byPerson.get(r.person_id)
        if (list) list.push(r)
        else byPerson.set(r.person_id, [r])
      }
      for (const h of heads.filter((x) => x.chain === chain)) {
        const key = chainKey(h.person_id, chain)
        seenKeys.add(key)
        const published = opts.published?.get(key)
        if (published) report.publishedChecked++
        const list = byPerson.get(h.person_id) ?? []
        byPerson.delete(h.person_id)
        report.chains++
        report.rows += list.length
        add(checkChain(chain, h.person_id, h, list, { published, now: opts.now }))
      }
      // Rows of these persons with no head of their chain.
      for (const [personId, list] of byPerson) {
        report.rows += list.length
        add(checkChain(chain, personId, null, list))
      }
    }
    if (report.breaks.length >= limit) break
  }
  // Rows of persons with no head at all.
  for (const chain of ['access', 'status'] as const) {
    const { table } = AUDIT_COLUMNS[chain]
    const orphans = await db.query<{ person_id: string }>(
      `SELECT DISTINCT t.person_id FROM ${table} t
       WHERE NOT EXISTS (SELECT 1 FROM audit_heads h WHERE h.person_id = t.person_id AND h.chain = $1) LIMIT ${VERIFY_BATCH}`, [chain])
    if (orphans.length) {
      const rows = await rowsOf(db, chain, orphans.map((o) => o.person_id))
      report.rows += rows.length
      for (const o of orphans) add(checkChain(chain, o.person_id, null, rows.filter((r) => r.person_id === o.person_id)))
    }
  }
  // Chains published but gone from the database altogether.
  if (opts.published) {
    for (const [key, pub] of opts.published) {
      if (seenKeys.has(key)) continue
      add([{
        kind: 'deleted', table: 'access_log', chain: 'access', personId: null, rowId: null, seq: pub.seq,
        detail: `the chain published as ${key} at ${pub.time} (${pub.seq} rows) is gone`
      }])
    }
  }
  report.ok = report.breaks.length === 0
  report.first = report.breaks[0] ?? null
  return report
}

/**
 * One person's chain (谁查看了我的信息): the breaks found, with the rows they show at. A record is
 * verified when no break names it; a chain cut at its end names its newest row.
 */
export async function verifyPersonChain(db: Queryable, personId: string, chain: AuditChain = 'access'): Promise<AuditBreak[]> {
  const [head] = (await headsOf(db, [personId])).filter((h) => h.chain === chain)
  const rows = await rowsOf(db, chain, [personId])
  if (!head && !rows.length) return []
  return checkChain(chain, personId, head ?? null, rows)
}

// ---- publishing ----

/** One line of the heads file. */
export interface AuditPublication {
  v: 1
  seq: number
  time: string
  /** The previous publication's digest; null for the first. */
  prev: string | null
  digest: string
  count: number
  /** [chain key, seq, head] of every chain whose head moved since the last publication. */
  heads: Array<[string, number, string]>
}

/** The digest of a publication: its predecessor, its time and its heads, in the order written. */
export function publicationDigest(prev: string | null, time: string, heads: Array<[string, number, string]>): string {
  return sha256(`csm-audit-heads-v1\n${prev ?? '-'}\n${time}\n${heads.map(([k, s, h]) => `${k}|${s}|${h}\n`).join('')}`)
}

/**
 * Publishes the heads that moved since the last publication: one JSON line appended to the heads
 * file (AUDIT_HEADS_FILE; the operator keeps it, off the database's machine) and one log line with
 * the digest, which the platform's log keeps; with no file, the log line carries the heads too and
 * the log is what `audit:verify --heads` reads. Each publication's digest covers the one before, so
 * a line taken out of the file is seen. Publishes even when nothing moved: the line shows the job ran.
 * Returns the publication (without its heads) for the caller's own report.
 */
export async function publishAuditHeads(deps: Deps, opts: { file?: string } = {}): Promise<Omit<AuditPublication, 'heads'> & { file: string | null }> {
  const file = opts.file ?? deps.config.auditHeadsFile ?? null
  const publication = await deps.db.transaction(async (tx) => {
    // One publisher at a time: two would both chain to the same predecessor.
    await tx.query('LOCK TABLE audit_publications IN EXCLUSIVE MODE')
    const [last] = await tx.query<{ seq: string; digest: string }>('SELECT seq::text AS seq, digest FROM audit_publications ORDER BY seq DESC LIMIT 1')
    const moved = await tx.query<{ person_id: string; chain: AuditChain; seq: string; head: string | null }>(
      `SELECT person_id, chain, seq::text AS seq, head FROM audit_heads WHERE published_seq IS DISTINCT FROM seq AND head IS NOT NULL
       ORDER BY person_id, chain`)
    const heads = moved.map((m): [string, number, string] => [chainKey(m.person_id, m.chain), Number(m.seq), m.head!])
    const time = new Date().toISOString()
    const prev = last?.digest ?? null
    const p: AuditPublication = { v: 1, seq: last ? Number(last.seq) + 1 : 1, time, prev, digest: publicationDigest(prev, time, heads), count: heads.length, heads }
    await tx.query('INSERT INTO audit_publications (seq, digest, prev_digest, chains, published_at) VALUES ($1, $2, $3, $4, $5)',
      [p.seq, p.digest, p.prev, p.count, p.time])
    if (moved.length) {
      // The seq read above, not the head's seq now: a record written meanwhile is in the next publication.
      await tx.query(
        `UPDATE audit_heads h SET published_seq = m.seq FROM unnest($1::uuid[], $2::text[], $3::bigint[]) AS m(person_id, chain, seq)
         WHERE h.person_id = m.person_id AND h.chain = m.chain`,
        [moved.map((m) => m.person_id), moved.map((m) => m.chain), moved.map((m) => m.seq)])
    }
    // Written before the commit: a failed commit leaves a line whose heads were real all the
    // same, while a line lost after a commit would look like a publication taken out.
    if (file) {
      mkdirSync(dirname(file), { recursive: true })
      appendFileSync(file, JSON.stringify(p) + '\n')
    }
    return p
  })
  // With a file, the log line is the second copy of the digest; without one (a cloud function's
  // disk does not last), the log is the place of publication and carries the heads themselves.
  if (file) logEvent(AUDIT_LOG_EVENT, { seq: publication.seq, digest: publication.digest, prev: publication.prev, chains: publication.count })
  else logEvent(AUDIT_LOG_EVENT, { ...publication })
  const { heads: _heads, ...rest } = publication
  return { ...rest, file }
}

/** The log line of a publication: readPublishedHeads reads a log of them as it reads the heads file. */
export const AUDIT_LOG_EVENT = 'audit_heads_published'

/** The digest of the last publication (hex), or null when none was made: what a deletion receipt names. */
export async function latestAuditHead(db: Queryable): Promise<string | null> {
  const [last] = await db.query<{ digest: string }>('SELECT digest FROM audit_publications ORDER BY seq DESC LIMIT 1')
  return last?.digest ?? null
}

export interface PublishedHeads {
  heads: Map<string, PublishedHead>
  publications: number
  /** The last publication's digest. */
  last: string | null
  /** Lines of the file that are not what they claim: an edited or removed publication. */
  problems: string[]
}

/**
 * Reads the heads file (or a log holding the publications' lines): for each chain its newest
 * published head, and whether the file itself is whole (each line's digest recomputes, and its
 * predecessor is an earlier line of the file).
 */
export function readPublishedHeads(file: string): PublishedHeads {
  const out: PublishedHeads = { heads: new Map(), publications: 0, last: null, problems: [] }
  if (!existsSync(file)) return out
  const seen = new Set<string>()
  const lines = readFileSync(file, 'utf8').split('\n')
  lines.forEach((line, i) => {
    // A log holds other lines too: only JSON objects are read, and of events only publications.
    if (!line.trim().startsWith('{')) return
    let p: AuditPublication & { event?: string }
    try {
      p = JSON.parse(line) as AuditPublication & { event?: string }
    } catch {
      out.problems.push(`line ${i + 1}: not JSON`)
      return
    }
    if (p.event !== undefined && p.event !== AUDIT_LOG_EVENT) return
    // A log line written beside a heads file names the digest only: it links, its heads are in the file.
    if (!Array.isArray(p.heads)) {
      if (p.prev !== null && !seen.has(p.prev)) out.problems.push(`line ${i + 1}: the publication before it (${String(p.prev).slice(0, 12)}…) is not in the file`)
      seen.add(p.digest)
      out.publications++
      out.last = p.digest
      return
    }
    if (publicationDigest(p.prev, p.time, p.heads) !== p.digest) out.problems.push(`line ${i + 1}: its digest does not match its heads (edited)`)
    else if (p.prev !== null && !seen.has(p.prev)) out.problems.push(`line ${i + 1}: the publication before it (${p.prev.slice(0, 12)}…) is not in the file`)
    else if (p.prev === null && seen.size) out.problems.push(`line ${i + 1}: starts a second chain of publications`)
    seen.add(p.digest)
    out.publications++
    out.last = p.digest
    for (const [key, seq, head] of p.heads) {
      const had = out.heads.get(key)
      if (!had || seq >= had.seq) out.heads.set(key, { seq, head, time: p.time })
    }
  })
  return out
}

// ---- retention ----

/** Persons per pruning transaction: their chain heads are locked while it runs. */
const PRUNE_BATCH = 500

/**
 * Deletes the access records older than `cutoff`, from the start of each person's chain only,
 * and moves the chain's anchor to the last record deleted, in the same transaction: the anchor
 * keeps that record's hash, predecessor, time and content digest, so the check can prove from
 * the hash alone that what was cut was older than ACCESS_LOG_DAYS. A record older than the
 * cutoff that follows a newer one in its chain (transactions that started earlier but wrote
 * later) waits for the next run. Returns the records deleted.
 */
export async function pruneAccessChains(db: Db, cutoff: string): Promise<number> {
  let total = 0
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const persons = (await db.query<{ person_id: string }>(
      `SELECT DISTINCT person_id FROM access_log WHERE accessed_at < $1::timestamptz AND person_id > $2::uuid
       ORDER BY person_id LIMIT ${PRUNE_BATCH}`, [cutoff, after])).map((r) => r.person_id)
    if (!persons.length) return total
    after = persons[persons.length - 1]
    total += await db.transaction(async (tx) => {
      // The heads first, in one order: a record written meanwhile waits, a second purge too.
      await tx.query(`SELECT 1 FROM audit_heads WHERE chain = 'access' AND person_id = ANY($1::uuid[]) ORDER BY person_id FOR UPDATE`, [persons])
      const { columns } = AUDIT_COLUMNS.access
      const last = await tx.query<ChainRow>(
        `WITH keep AS (
           SELECT person_id, min(chain_seq) AS s FROM access_log
           WHERE person_id = ANY($1::uuid[]) AND accessed_at >= $2::timestamptz GROUP BY person_id
         )
         SELECT DISTINCT ON (a.person_id) ${columns.map((c) => `a.${c}::text AS ${c}`).join(', ')}, ${micros('a.accessed_at')} AS at_us,
                a.chain_seq::text AS chain_seq, a.prev_hash, a.row_hash
         FROM access_log a LEFT JOIN keep k ON k.person_id = a.person_id
         WHERE a.person_id = ANY($1::uuid[]) AND a.accessed_at < $2::timestamptz AND a.chain_seq IS NOT NULL
           AND (k.s IS NULL OR a.chain_seq < k.s)
         ORDER BY a.person_id, a.chain_seq DESC`, [persons, cutoff])
      if (!last.length) return 0
      await tx.query(
        `UPDATE audit_heads h SET anchor_seq = x.seq, anchor_hash = x.hash, anchor_prev = x.prev, anchor_digest = x.digest,
             anchor_at = timestamptz 'epoch' + x.at_us * interval '1 microsecond'
         FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[]) AS x(person_id, seq, hash, prev, at_us, digest)
         WHERE h.person_id = x.person_id AND h.chain = 'access' AND h.anchor_seq < x.seq`,
        [last.map((r) => r.person_id), last.map((r) => r.chain_seq), last.map((r) => r.row_hash), last.map((r) => r.prev_hash),
          last.map((r) => r.at_us), last.map((r) => sha256(auditBody('access', r)))])
      const [{ n }] = await tx.query<{ n: number }>(
        `WITH gone AS (
           DELETE FROM access_log a USING unnest($1::uuid[], $2::bigint[]) AS x(person_id, seq)
           WHERE a.person_id = x.person_id AND a.chain_seq <= x.seq RETURNING 1
         ) SELECT count(*)::int AS n FROM gone`, [last.map((r) => r.person_id), last.map((r) => r.chain_seq)])
      return n
    })
  }
}
