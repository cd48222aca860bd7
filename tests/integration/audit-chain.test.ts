/**
 * The audit chains (issue 20, migration 012): records written by the real functions verify; an
 * edited, inserted or deleted record is found at the row it shows at, by verifyChains and by the
 * person's own 谁查看了我的信息; a chain cut short or rewritten whole (consistent inside the
 * database) is found against the heads published outside it; retention and a data-key rotation
 * leave every chain whole; concurrent records of one person form one chain. `npm run audit:verify`
 * is run as the operator runs it, on a PGlite directory and on a PostgreSQL schema.
 */
import { execFile } from 'child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join, resolve } from 'path'
import { randomBytes } from 'crypto'
import { promisify } from 'util'

import { encrypt, reasonMac } from '../../server/crypto/personal-data'
import { migrate, openDb, type Db } from '../../server/db'
import { MIGRATIONS } from '../../server/db/migrations'
import { openPglite } from '../../server/db/pglite'
import { ACCESS_LOG_DAYS, recordAccess } from '../../server/domain/access-log'
import {
  auditBody, auditLink, chainKey, publishAuditHeads, readPublishedHeads, verifyChains, verifyPersonChain, type AuditBreak, type PublishedHead
} from '../../server/domain/audit-chain'
import type { Deps } from '../../server/domain/deps'
import { rotateDataKey } from '../../server/domain/key-rotation'
import { officialOf } from '../../server/domain/officials'
import { purgeExpired } from '../../server/domain/retention'
import { getDeps } from '../../server/runtime'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { setStatusApproved } from '../support/two-officials'
import { makeIdCard, unwrap } from './fixtures'

const run = promisify(execFile)
const root = resolve(__dirname, '../..')

interface Row { id: string; chain_seq: string; prev_hash: string | null; row_hash: string; office: string; at_us: string; reason_mac: string | null }

describe.each(testDatabases())('audit chains on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let deps: Deps
  let official: string
  let dir: string
  let headsFile: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'csm-audit-'))
    headsFile = join(dir, 'audit-heads.jsonl')
    stack = await createTestStack({ databaseUrl, config: { auditHeadsFile: headsFile } })
    deps = await getDeps()
    official = await stack.login('official')
  })
  afterAll(async () => {
    await stack.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** A verified person whom the demo official looks up `looks` times (one access record each, through the official function). */
  async function lookedAt(looks: number): Promise<{ personId: string; token: string }> {
    const idCard = makeIdCard('19850101')
    const token = await stack.verifiedAccount({ name: '孙审计', idCard, phone: '13912340000' })
    for (let i = 0; i < looks; i++) unwrap(await stack.act('official', 'person', { idCard }, official))
    const [{ person_id: personId }] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(token)])
    return { personId, token }
  }

  const rowsOf = (personId: string) => stack.db.query<Row>(
    `SELECT id, chain_seq::text AS chain_seq, prev_hash, row_hash, office, reason_mac,
            ((extract(epoch FROM accessed_at) * 1000000)::bigint)::text AS at_us
     FROM access_log a WHERE person_id = $1 ORDER BY a.chain_seq`, [personId])

  /** The breaks verifyChains finds in this person's chains (other tests tamper with other people). */
  async function breaksOf(personId: string, published?: Map<string, PublishedHead>): Promise<AuditBreak[]> {
    const report = await verifyChains(stack.db, { published, limit: 10_000 })
    return report.breaks.filter((b) => b.personId === personId)
  }

  const verifiedFlags = async (token: string) =>
    unwrap(await stack.act('people', 'accessLog', {}, token)).records.map((r) => r.verified)

  it('links every record written by the functions, the check and the trigger agree, and nothing is broken', async () => {
    const { personId, token } = await lookedAt(3)
    // A companion link (people), a reasoned record (recordAccess with a reason, fingerprinted) and a status change.
    const child = unwrap(await stack.act('people', 'addCompanion', { name: '孙小审', idCard: makeIdCard('20160101'), relation: 'child' }, token))
    // The check-in's own SQL function (migration 010) records the child's colour shown at the scan: chained alike.
    const code = unwrap(await stack.call('myVenues', {}, await stack.login('venue_admin'))).venues[0].code.url
    unwrap(await stack.call('checkIn', { code, companionIds: [child.companion.personId] }, token))
    const [{ seq }] = await stack.db.query<{ seq: string }>(
      `SELECT chain_seq::text AS seq FROM access_log WHERE person_id = $1 AND action = 'companion_status'`, [child.companion.personId])
    expect(seq).toBe('2')
    const o = await officialOf(stack.db, await stack.userIdOf(official))
    await recordAccess(deps, stack.db, o, [personId], 'set_status', { reason: '同一航班密接（第12排）' })
    await stack.db.query(
      `INSERT INTO status_changes (person_id, old_status, new_status, reason_enc, reason_mac, changed_by, office, source)
       VALUES ($1, 'green', 'yellow', $2, $3, $4, $5, 'manual')`,
      [personId, encrypt(deps.config.dataKeys, '同一航班密接'), reasonMac(deps.config.lookupHashKey, '同一航班密接'), o.userId, o.office])

    const rows = await rowsOf(personId)
    expect(rows.map((r) => r.chain_seq)).toEqual(['1', '2', '3', '4'])
    expect(rows[0].prev_hash).toBeNull()
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].row_hash)
    expect(rows[3].reason_mac).toBe(reasonMac(deps.config.lookupHashKey, '同一航班密接（第12排）'))
    // The hash the trigger stored is the one the TypeScript check computes from the columns.
    const [full] = await stack.db.query<Record<string, string | null>>(
      `SELECT id::text, person_id::text, official_id::text, office, action, reason_mac, trace_id::text FROM access_log WHERE id = $1`, [rows[3].id])
    expect(auditLink('access', 4, rows[2].row_hash, rows[3].at_us, auditBody('access', full))).toBe(rows[3].row_hash)
    const [head] = await stack.db.query<{ seq: string; head: string }>(
      `SELECT seq::text AS seq, head FROM audit_heads WHERE person_id = $1 AND chain = 'access'`, [personId])
    expect(head).toEqual({ seq: '4', head: rows[3].row_hash })

    const report = await verifyChains(stack.db)
    expect(report).toMatchObject({ ok: true, first: null, breaks: [] })
    expect(report.rows).toBeGreaterThanOrEqual(5)
    // Four records of the holder, the companion link and the scan on the child's chain.
    expect(await verifiedFlags(token)).toEqual([true, true, true, true, true, true])
  })

  it.each([
    ['office', `office = '某街道办事处'`],
    ['action', `action = 'view_alert'`],
    ['time', `accessed_at = accessed_at - interval '3 hours'`],
    ['reason', `reason_mac = 'ffff'`]
  ])('finds a record whose %s was edited, at that record, and the person sees it unverified', async (_what, set) => {
    const { personId, token } = await lookedAt(4)
    const rows = await rowsOf(personId)
    await stack.db.query(`UPDATE access_log SET ${set} WHERE id = $1`, [rows[1].id])
    expect(await breaksOf(personId)).toEqual([expect.objectContaining({ kind: 'edited', table: 'access_log', rowId: rows[1].id, seq: 2 })])
    // Only that record fails, wherever its (possibly edited) time puts it in the list.
    const view = unwrap(await stack.act('people', 'accessLog', {}, token)).records
    expect(view.filter((r) => !r.verified)).toHaveLength(1)
    if (_what === 'office') expect(view.filter((r) => !r.verified).map((r) => r.office)).toEqual(['某街道办事处'])
  })

  it('finds a record put into the middle of a chain, even one linked to its predecessor with a correct hash', async () => {
    const { personId, token } = await lookedAt(4)
    const rows = await rowsOf(personId)
    const forgedId = await stack.db.transaction(async (tx) => {
      // The trigger off, as someone with the database in hand can do, to place the row at seq 3.
      await tx.query('SET LOCAL session_replication_role = replica')
      const [o] = await tx.query<{ official_id: string; office: string }>('SELECT official_id::text, office FROM access_log WHERE id = $1', [rows[2].id])
      const id = (await tx.query<{ id: string }>('SELECT gen_random_uuid()::text AS id'))[0].id
      const atUs = rows[1].at_us
      const hash = auditLink('access', 3, rows[1].row_hash, atUs, auditBody('access',
        { id, person_id: personId, official_id: o.official_id, office: '某街道办事处', action: 'view_person', reason_mac: null, trace_id: null }))
      await tx.query(
        `INSERT INTO access_log (id, person_id, official_id, office, action, accessed_at, chain_seq, prev_hash, row_hash)
         VALUES ($1, $2, $3, '某街道办事处', 'view_person', timestamptz 'epoch' + $4::bigint * interval '1 microsecond', 3, $5, $6)`,
        [id, personId, o.official_id, atUs, rows[1].row_hash, hash])
      return id
    })
    expect(await breaksOf(personId)).toEqual([expect.objectContaining({ kind: 'inserted', rowId: forgedId, seq: 3 })])
    const view = unwrap(await stack.act('people', 'accessLog', {}, token)).records
    expect(view.filter((r) => !r.verified).map((r) => r.office)).toEqual(['某街道办事处'])

    // A row slipped in without any chain columns is found too.
    const [{ id: bare }] = await stack.db.transaction((tx) => tx.query('SET LOCAL session_replication_role = replica').then(() => tx.query<{ id: string }>(
      `INSERT INTO access_log (person_id, official_id, office, action) VALUES ($1, gen_random_uuid(), '某街道办事处', 'view_person') RETURNING id`, [personId])))
    expect(await breaksOf(personId)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'inserted', rowId: bare, seq: null })]))
  })

  it('finds a deleted record in the middle of a chain, at the record after the gap', async () => {
    const { personId, token } = await lookedAt(5)
    const rows = await rowsOf(personId)
    await stack.db.query('DELETE FROM access_log WHERE id = $1', [rows[2].id])
    expect(await breaksOf(personId)).toEqual([expect.objectContaining({ kind: 'deleted', rowId: rows[3].id, seq: 4 })])
    expect(await verifiedFlags(token)).toEqual([true, false, true, true])
  })

  it('finds the newest records deleted: by the head, and against the published heads even when the head was moved back too', async () => {
    const { personId } = await lookedAt(5)
    const published = await publishAuditHeads(deps)
    expect(published.file).toBe(headsFile)
    const rows = await rowsOf(personId)
    await stack.db.query('DELETE FROM access_log WHERE id = ANY($1::uuid[])', [[rows[3].id, rows[4].id]])
    expect(await breaksOf(personId)).toEqual([expect.objectContaining({ kind: 'deleted', rowId: rows[2].id, seq: 5 })])
    // The head moved back to the last row left: consistent inside the database...
    await stack.db.query(`UPDATE audit_heads SET seq = 3, head = $2 WHERE person_id = $1 AND chain = 'access'`, [personId, rows[2].row_hash])
    expect(await breaksOf(personId)).toEqual([])
    // ...but not with what was published before.
    const heads = readPublishedHeads(headsFile)
    expect(heads.problems).toEqual([])
    expect(heads.heads.get(chainKey(personId, 'access'))).toMatchObject({ seq: 5, head: rows[4].row_hash })
    expect(await breaksOf(personId, heads.heads)).toEqual([expect.objectContaining({ kind: 'deleted', seq: 5 })])
  })

  it('finds a chain rewritten from a forged row to its end, consistent inside the database, against the published heads', async () => {
    const { personId } = await lookedAt(4)
    await publishAuditHeads(deps)
    const rows = await rowsOf(personId)
    // Someone who knows the format edits the second record and recomputes every hash after it, and the head.
    await stack.db.query(`UPDATE access_log SET office = '某街道办事处' WHERE id = $1`, [rows[1].id])
    let prev = rows[0].row_hash
    for (const r of rows.slice(1)) {
      const [full] = await stack.db.query<Record<string, string | null>>(
        `SELECT id::text, person_id::text, official_id::text, office, action, reason_mac, trace_id::text FROM access_log WHERE id = $1`, [r.id])
      const hash = auditLink('access', r.chain_seq, prev, r.at_us, auditBody('access', full))
      await stack.db.query('UPDATE access_log SET prev_hash = $2, row_hash = $3 WHERE id = $1', [r.id, prev, hash])
      prev = hash
    }
    await stack.db.query(`UPDATE audit_heads SET head = $2 WHERE person_id = $1 AND chain = 'access'`, [personId, prev])
    expect(await breaksOf(personId)).toEqual([])
    expect(await breaksOf(personId, readPublishedHeads(headsFile).heads)).toEqual([expect.objectContaining({ kind: 'head mismatch', seq: 4 })])
  })

  it('finds a whole chain deleted, and a publication taken out of the heads file', async () => {
    const { personId } = await lookedAt(2)
    await publishAuditHeads(deps)
    await publishAuditHeads(deps)
    await stack.db.query('DELETE FROM access_log WHERE person_id = $1', [personId])
    await stack.db.query('DELETE FROM audit_heads WHERE person_id = $1', [personId])
    const heads = readPublishedHeads(headsFile)
    const report = await verifyChains(stack.db, { published: heads.heads, limit: 10_000 })
    expect(report.breaks).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'deleted', rowId: null, detail: expect.stringContaining(chainKey(personId, 'access')) })]))

    const lines = readFileSync(headsFile, 'utf8').trim().split('\n')
    const copy = join(dir, 'copy.jsonl')
    writeFileSync(copy, [...lines.slice(0, -2), lines[lines.length - 1]].join('\n') + '\n')
    expect(readPublishedHeads(copy).problems).toEqual([expect.stringMatching(/is not in the file/)])
    const edited = JSON.parse(lines[0])
    edited.heads = edited.heads.slice(1)
    writeFileSync(copy, [JSON.stringify(edited), ...lines.slice(1)].join('\n') + '\n')
    expect(readPublishedHeads(copy).problems).toEqual([expect.stringMatching(/line 1: its digest/)])
  })

  it('publishes to the log alone when no heads file is configured: the log is read like the file', async () => {
    const { personId } = await lookedAt(3)
    const lines: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    // The log as the platform keeps it: standard output, with other lines around the publication.
    process.stdout.write = ((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true }) as typeof process.stdout.write
    let published
    try {
      console.log('某个无关的日志行')
      published = await publishAuditHeads({ ...deps, config: { ...deps.config, auditHeadsFile: undefined } })
    } finally {
      process.stdout.write = write
    }
    expect(published.file).toBeNull()
    const log = join(dir, 'functions.log')
    writeFileSync(log, readFileSync(headsFile, 'utf8') + lines.join(''))
    const heads = readPublishedHeads(log)
    expect(heads.problems).toEqual([])
    expect(heads.last).toBe(published.digest)
    const rows = await rowsOf(personId)
    expect(heads.heads.get(chainKey(personId, 'access'))).toMatchObject({ seq: 3, head: rows[2].row_hash })
    await stack.db.query('DELETE FROM access_log WHERE id = $1', [rows[2].id])
    await stack.db.query(`UPDATE audit_heads SET seq = 2, head = $2 WHERE person_id = $1 AND chain = 'access'`, [personId, rows[1].row_hash])
    expect(await breaksOf(personId, heads.heads)).toEqual([expect.objectContaining({ kind: 'deleted', seq: 3 })])
  })

  it('stays whole through retention, which moves the anchor; rows cut from a chain before their time are found', async () => {
    const { personId, token } = await lookedAt(0)
    const o = await officialOf(stack.db, await stack.userIdOf(official))
    // Three records from before the access log's period, then two of today.
    for (const days of [ACCESS_LOG_DAYS + 30, ACCESS_LOG_DAYS + 20, ACCESS_LOG_DAYS + 10]) {
      await stack.db.query(
        `INSERT INTO access_log (person_id, official_id, office, action, accessed_at) VALUES ($1, $2, $3, 'view_person', now() - make_interval(days => $4))`,
        [personId, o.userId, o.office, days])
    }
    await recordAccess(deps, stack.db, o, [personId], 'view_person')
    await recordAccess(deps, stack.db, o, [personId], 'view_person')
    await publishAuditHeads(deps)
    const before = await rowsOf(personId)
    await purgeExpired(deps)
    const after = await rowsOf(personId)
    expect(after.map((r) => r.chain_seq)).toEqual(['4', '5'])
    const [head] = await stack.db.query<{ anchor_seq: string; anchor_hash: string }>(
      `SELECT anchor_seq::text AS anchor_seq, anchor_hash FROM audit_heads WHERE person_id = $1 AND chain = 'access'`, [personId])
    expect(head).toEqual({ anchor_seq: '3', anchor_hash: before[2].row_hash })
    expect(await breaksOf(personId, readPublishedHeads(headsFile).heads)).toEqual([])
    expect(await verifiedFlags(token)).toEqual([true, true])

    // Someone removes a recent person's oldest records and moves the anchor as retention would:
    // the anchor's own hash proves those records were not old enough.
    const other = await lookedAt(3)
    const rows = await rowsOf(other.personId)
    const [full] = await stack.db.query<Record<string, string | null>>(
      `SELECT id::text, person_id::text, official_id::text, office, action, reason_mac, trace_id::text FROM access_log WHERE id = $1`, [rows[0].id])
    const digest = (await import('crypto')).createHash('sha256').update(auditBody('access', full), 'utf8').digest('hex')
    await stack.db.query('DELETE FROM access_log WHERE id = $1', [rows[0].id])
    await stack.db.query(
      `UPDATE audit_heads SET anchor_seq = 1, anchor_hash = $2, anchor_prev = NULL, anchor_digest = $3,
              anchor_at = timestamptz 'epoch' + $4::bigint * interval '1 microsecond' WHERE person_id = $1 AND chain = 'access'`,
      [other.personId, rows[0].row_hash, digest, rows[0].at_us])
    expect(await breaksOf(other.personId)).toEqual([expect.objectContaining({ kind: 'deleted', seq: 1, detail: expect.stringMatching(/before retention allows/) })])
    // Claiming an older time for the anchor breaks its hash instead.
    await stack.db.query(`UPDATE audit_heads SET anchor_at = now() - interval '400 days' WHERE person_id = $1 AND chain = 'access'`, [other.personId])
    expect(await breaksOf(other.personId)).toEqual([expect.objectContaining({ kind: 'deleted', seq: 1, detail: expect.stringMatching(/does not hash/) })])
    // The person sees the record after the cut unverified.
    expect(await verifiedFlags(other.token)).toEqual([true, false])
  })

  it('chains status changes made by two officials, and finds one whose colour or approver was edited', async () => {
    const idCard = makeIdCard('19870101')
    await stack.verifiedAccount({ name: '吴状态', idCard, phone: '13912340002' })
    const reviewer = await stack.login('official_reviewer')
    await setStatusApproved(stack, official, reviewer, { idCard, name: '吴状态', status: 'yellow', reason: '密接（第一次）' })
    await setStatusApproved(stack, official, reviewer, { idCard, name: '吴状态', status: 'red', reason: '核酸阳性' })
    await setStatusApproved(stack, official, reviewer, { idCard, name: '吴状态', status: 'green', reason: '解除隔离' })
    const [{ person_id: personId }] = await stack.db.query<{ person_id: string }>(
      `SELECT person_id FROM status_changes WHERE reason_mac = $1`, [reasonMac(deps.config.lookupHashKey, '核酸阳性')])
    const rows = await stack.db.query<{ id: string; chain_seq: string; approved_by: string | null }>(
      `SELECT id, chain_seq::text AS chain_seq, approved_by::text AS approved_by FROM status_changes s WHERE person_id = $1 ORDER BY s.chain_seq`, [personId])
    expect(rows.map((r) => r.chain_seq)).toEqual(['1', '2', '3'])
    expect(rows.every((r) => r.approved_by !== null)).toBe(true)
    expect(await breaksOf(personId)).toEqual([])

    // The red made to look as if nobody had to approve it, then its colour softened.
    await stack.db.query('UPDATE status_changes SET approved_by = NULL, approver_office = NULL WHERE id = $1', [rows[1].id])
    await stack.db.query(`UPDATE status_changes SET new_status = 'yellow' WHERE id = $1`, [rows[2].id])
    expect(await breaksOf(personId)).toEqual([
      expect.objectContaining({ kind: 'edited', table: 'status_changes', chain: 'status', rowId: rows[1].id, seq: 2 }),
      expect.objectContaining({ kind: 'edited', table: 'status_changes', chain: 'status', rowId: rows[2].id, seq: 3 })
    ])
    expect(await verifyPersonChain(stack.db, personId, 'status')).toHaveLength(2)
  })

  it('makes one unbroken chain of 20 records of one person written at the same time', async () => {
    const { personId } = await lookedAt(0)
    const o = await officialOf(stack.db, await stack.userIdOf(official))
    await Promise.all(Array.from({ length: 20 }, () => stack.db.transaction((tx) => recordAccess(deps, tx, o, [personId], 'view_person'))))
    const rows = await rowsOf(personId)
    expect(rows.map((r) => Number(r.chain_seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(await verifyPersonChain(stack.db, personId)).toEqual([])
  })

  it('stays whole through a data-key rotation, which re-encrypts every reason', async () => {
    const { personId } = await lookedAt(1)
    const o = await officialOf(stack.db, await stack.userIdOf(official))
    await recordAccess(deps, stack.db, o, [personId], 'set_status', { reason: '轮换前写入的原因' })
    const [before] = await stack.db.query<{ reason_enc: string }>(`SELECT reason_enc FROM access_log WHERE person_id = $1 AND action = 'set_status'`, [personId])
    // The new key joins the running configuration's keys, so what the other tests read stays readable.
    Object.assign(deps.config.dataKeys.keys, { k9: randomBytes(32) })
    const dataKeys = { keys: deps.config.dataKeys.keys, currentKid: 'k9' }
    const done = await rotateDataKey(stack.db, dataKeys)
    expect(done.access_log).toBeGreaterThan(0)
    const [afterRow] = await stack.db.query<{ reason_enc: string }>(`SELECT reason_enc FROM access_log WHERE person_id = $1 AND action = 'set_status'`, [personId])
    expect(afterRow.reason_enc).not.toBe(before.reason_enc)
    expect(afterRow.reason_enc.startsWith('k9:')).toBe(true)
    expect(await breaksOf(personId)).toEqual([])
    expect(await verifyPersonChain(stack.db, personId)).toEqual([])
  })
})

/**
 * Migration 012 on a database with records from before it: each person's records are chained in
 * (time, id) order, heads set, reasons without a fingerprint (from before migration 011) chained
 * without their text; the chains verify, and new records continue them.
 */
describe.each(testDatabases())('migration 012 on records already there, on $label', ({ databaseUrl }) => {
  const schema = databaseUrl ? `mig_${randomBytes(6).toString('hex')}` : undefined
  let db: Db
  beforeAll(async () => { db = await openDb({ databaseUrl, databaseSchema: schema, dataDir: ':memory:' }) })
  afterAll(async () => {
    if (schema) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await db.close()
  })

  it('chains every person\'s records in time order, and later records follow them', async () => {
    await migrate(db, MIGRATIONS.filter((m) => m.version <= 11))
    const person = async () => (await db.query<{ id: string }>(
      `INSERT INTO persons (id_card_hash, id_card_enc, name_enc) VALUES (md5(random()::text), 'k1:x', 'k1:x') RETURNING id`))[0].id
    const [a, b] = [await person(), await person()]
    // Written out of time order, two at one instant, one with a reason and no fingerprint.
    for (const [p, hoursAgo, reason] of [[a, 3, null], [a, 5, 'k1:old-reason'], [b, 1, null], [a, 1, null], [a, 1, null]] as const) {
      await db.query(
        `INSERT INTO access_log (person_id, official_id, office, action, reason_enc, accessed_at)
         VALUES ($1, gen_random_uuid(), '济南市疫情防控指挥部', 'view_person', $2, date_trunc('second', now()) - make_interval(hours => $3))`, [p, reason, hoursAgo])
    }
    await db.query(`INSERT INTO status_changes (person_id, old_status, new_status, reason_enc, source) VALUES ($1, 'green', 'red', 'k1:r', 'manual')`, [a])
    expect(await migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version >= 12).map((m) => m.version))

    const rows = await db.query<{ person_id: string; seq: string; at: Date; id: string }>(
      `SELECT person_id, chain_seq::text AS seq, accessed_at AS at, id::text AS id FROM access_log a ORDER BY person_id, a.chain_seq`)
    const ofA = rows.filter((r) => r.person_id === a)
    expect(ofA.map((r) => r.seq)).toEqual(['1', '2', '3', '4'])
    const order = [...ofA].sort((x, y) => x.at.getTime() - y.at.getTime() || (x.id < y.id ? -1 : 1))
    expect(ofA.map((r) => r.id)).toEqual(order.map((r) => r.id))
    const heads = await db.query<{ person_id: string; chain: string; seq: string }>(
      `SELECT person_id, chain, seq::text AS seq FROM audit_heads ORDER BY chain, seq`)
    expect(heads).toEqual(expect.arrayContaining([
      { person_id: a, chain: 'access', seq: '4' }, { person_id: b, chain: 'access', seq: '1' }, { person_id: a, chain: 'status', seq: '1' }
    ]))
    expect(await verifyChains(db)).toMatchObject({ ok: true, chains: 3, rows: 6 })

    // From now on a reason needs its fingerprint; records continue the backfilled chains.
    await expect(db.query(`INSERT INTO access_log (person_id, official_id, office, action, reason_enc) VALUES ($1, gen_random_uuid(), 'x', 'set_status', 'k1:new')`, [a]))
      .rejects.toThrow(/access_log_reason_mac/)
    await db.query(`INSERT INTO access_log (person_id, official_id, office, action) VALUES ($1, gen_random_uuid(), 'x', 'view_person')`, [a])
    expect(await verifyChains(db)).toMatchObject({ ok: true, chains: 3, rows: 7 })
  })
})

/** The command an operator runs, as a child process: exit 0 and 审计链完整, then 1 and the first broken link. */
describe.each(testDatabases())('npm run audit:verify on $label', ({ databaseUrl }) => {
  const verify = async (env: Record<string, string>): Promise<{ code: number; out: string }> => {
    try {
      const { stdout } = await run(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'server/tools/audit-verify.ts'], {
        cwd: root, env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', AUDIT_HEADS_FILE: '', ...env }, timeout: 120_000
      })
      return { code: 0, out: stdout }
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string }
      return { code: e.code, out: e.stdout + e.stderr }
    }
  }

  it('reports a whole history, then the first broken link of an edited record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csm-audit-cli-'))
    const dataDir = join(dir, 'pglite')
    const headsFile = join(dir, 'audit-heads.jsonl')
    const stack = await createTestStack({ databaseUrl, config: { auditHeadsFile: headsFile, ...(databaseUrl ? {} : { dataDir }) } })
    try {
      const official = await stack.login('official')
      const idCard = makeIdCard('19860101')
      await stack.verifiedAccount({ name: '周核对', idCard, phone: '13912340001' })
      for (let i = 0; i < 3; i++) unwrap(await stack.act('official', 'person', { idCard }, official))
      await publishAuditHeads(await getDeps())
      const env: Record<string, string> = databaseUrl
        ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: stack.config.databaseSchema!, AUDIT_HEADS_FILE: headsFile }
        : { DATA_DIR: dataDir, AUDIT_HEADS_FILE: headsFile }
      const [target] = await stack.db.query<{ id: string }>(`SELECT id FROM access_log WHERE action = 'view_person' AND chain_seq = 2`)
      // PGlite has one writer: the stack lets go of the directory while the command reads it.
      if (!databaseUrl) await stack.close()

      const whole = await verify(env)
      expect(whole.out).toMatch(/审计链完整 \/ audit chains intact: \d+ 条链 chains，\d+ 条记录 rows，\d+ 个已公布链头已核对/)
      expect(whole.code).toBe(0)

      if (databaseUrl) {
        await stack.db.query(`UPDATE access_log SET office = '某街道办事处' WHERE id = $1`, [target.id])
      } else {
        const db = await openPglite(dataDir)
        await db.query(`UPDATE access_log SET office = '某街道办事处' WHERE id = $1`, [target.id])
        await db.close()
      }
      const broken = await verify(env)
      expect(broken.code).toBe(1)
      expect(broken.out).toContain('审计链断裂 / audit chain broken. 第一处 / first broken link:')
      expect(broken.out).toContain('表 table: access_log')
      expect(broken.out).toContain(`记录 row: ${target.id}`)
      expect(broken.out).toContain('序号 seq: 2')
      expect(broken.out).toContain('问题 what: 记录内容在写入后被修改 / edited')
      expect(broken.out).not.toContain('审计链完整')
    } finally {
      if (databaseUrl) await stack.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 240_000)
})
