import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import type { DeletionReceipt, FunctionName, GenerateCodeResponse } from '../../src/shared/api'
import { latestAuditHead } from '../../server/domain/audit-chain'
import { errorLogLine } from '../../server/log'
import { DESTROYED_TABLES, KEPT_TABLES, destroyPersonalData, readSystemState, startWindDown, windDownTick } from '../../server/domain/wind-down'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, makePhone, unwrap, venueInput } from './fixtures'

/** The audit chains' link hashes (migration 012): published outside the database on purpose, and kept there. */
const AUDIT_LINKS = ['prev_hash', 'row_hash', 'anchor_hash']

/** Every function, each called with nothing: after the end all of them answer with the receipt. */
const FUNCTIONS: FunctionName[] = ['alert', 'alipayLogin', 'assist', 'checkIn', 'codeInfo', 'demoLogin', 'entries', 'generateCode',
  'getVenueCode', 'inspector', 'listDemoAccounts', 'listRegions', 'myVenues', 'official', 'people', 'purge', 'regenerateCode',
  'signOut', 'venue', 'whoAmI']

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : []
  })
}

/** Which of `values` occur (as UTF-8 bytes) in which file: binary-safe, every byte of every file. */
function findInFiles(files: string[], values: string[]): Array<{ file: string; value: string }> {
  const found: Array<{ file: string; value: string }> = []
  const needles = values.map((v) => ({ v, b: Buffer.from(v, 'utf8') }))
  for (const file of files) {
    const bytes = readFileSync(file)
    for (const { v, b } of needles) if (bytes.includes(b)) found.push({ file, value: v })
  }
  return found
}

/**
 * 停用 (issue 20), the whole of it on one stack: filled through the real functions, wound down,
 * registrations refused with the date while people still read theirs, destruction refused before
 * the grace period, then done; afterwards every table of the catalog and every file of the data
 * and log directories are read for every personal value the stack was given or stored.
 */
describe.each(testDatabases())('停用 on $label', ({ label, databaseUrl }) => {
  const onDisk = !databaseUrl
  let stack: TestStack
  let root: string
  let dataDir: string
  let logDir: string
  let keysFile: string
  let receiptFile: string
  /** Plaintext personal values typed in, and what the database stored for them. */
  const plain: string[] = []
  const stored: string[] = []
  const written: Record<string, number> = {}
  let venue: GenerateCodeResponse
  let citizen: string

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'csm-wind-down-'))
    dataDir = join(root, 'pglite')
    logDir = join(root, 'logs')
    keysFile = join(root, 'keys.json')
    receiptFile = join(root, 'deletion-receipt.json')
    stack = await createTestStack({
      databaseUrl,
      config: { ...(onDisk ? { dataDir } : {}), notificationLogFile: join(logDir, 'notifications.log'), auditHeadsFile: join(root, 'audit-heads.jsonl') }
    })
    // The local stack's key file, as scripts/local-keys.mjs writes it, holding this stack's keys.
    writeFileSync(keysFile, JSON.stringify({
      codeSigningKid: stack.config.codeSigningKid,
      codeSigningKeys: Object.fromEntries(Object.entries(stack.config.codeSigningKeys).map(([k, v]) => [k, v.toString('base64')])),
      dataEncryptionKid: stack.config.dataKeys.currentKid,
      dataEncryptionKeys: Object.fromEntries(Object.entries(stack.config.dataKeys.keys).map(([k, v]) => [k, v.toString('base64')])),
      lookupHashKey: stack.config.lookupHashKey.toString('base64')
    }, null, 2))
  })
  afterAll(async () => {
    await stack.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('is filled through the real functions: people with companions, scans, an assisted entry, a status change, the access log, alerts', async () => {
    const admin = await stack.login('venue_admin')
    const official = await stack.login('official')
    const inspector = await stack.login('inspector')
    const adminName = '欧阳明远'
    const adminMobile = makePhone()
    venue = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '停用测试馆', adminName, adminMobile }), admin))
    unwrap(await stack.act('official', 'reviewVenue', { venueId: venue.venue.id, approve: true, reason: '核实无误' }, official))
    plain.push(adminName, adminMobile)

    const holder = { name: '司马青云', idCard: makeIdCard('19800101'), phone: makePhone() }
    const child = { name: '司马小雨', idCard: makeIdCard('20160101') }
    citizen = await stack.verifiedAccount(holder)
    const kid = unwrap(await stack.act('people', 'addCompanion', { ...child, relation: 'child' }, citizen)).companion
    unwrap(await stack.call('checkIn', { code: venue.code.url, companionIds: [kid.personId] }, citizen))
    const assisted = { name: '诸葛秋菊', idCard: makeIdCard('19400101'), phone: makePhone() }
    const demoVenue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    unwrap(await stack.act('assist', 'register', { venueId: demoVenue.venue.id, checkpointId: demoVenue.code.checkpointId, ...assisted }, inspector))
    plain.push(holder.name, holder.idCard, holder.phone, child.name, child.idCard, assisted.name, assisted.idCard, assisted.phone)
    // Masked forms, as answers and pages show them.
    plain.push(`${holder.idCard.slice(0, 4)}**********${holder.idCard.slice(-4)}`, `${holder.phone.slice(0, 3)}****${holder.phone.slice(-4)}`)

    // An official looks the holder up (access log) and changes their colour (a proposal, or a change).
    unwrap(await stack.act('official', 'person', { idCard: holder.idCard }, official))
    await stack.act('official', 'setStatus', { idCard: holder.idCard, name: holder.name, status: 'yellow', reason: '密接排查中' }, official)
    // A red person scans: the venue's staff are alerted, and the local stack's channel writes the notification to its log file.
    const red = await stack.login('citizen_red')
    unwrap(await stack.call('checkIn', { code: venue.code.url }, red))

    // What the database stored for them: every ciphertext and every keyed hash.
    const cols = await stack.db.query<{ t: string; c: string }>(
      `SELECT c.relname AS t, a.attname AS c FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
         AND a.attnum > 0 AND NOT a.attisdropped AND (a.attname LIKE '%\\_enc' OR a.attname LIKE '%\\_hash' OR a.attname LIKE '%\\_mac')`)
    for (const { t, c } of cols) {
      // A session token's hash names no person; the audit chains' link hashes are the commitments
      // published outside the database on purpose (a digest of a record that no longer exists).
      if (t === 'sessions' || AUDIT_LINKS.includes(c)) continue
      const rows = await stack.db.query<{ v: string | null }>(`SELECT ${c}::text AS v FROM ${t} WHERE ${c} IS NOT NULL`)
      stored.push(...rows.map((r) => r.v!))
    }
    expect(stored.length).toBeGreaterThan(20)
    // The planner's samples hold column values: gathered now, so the check after 停用 can fail.
    for (const t of ['persons', 'person_keys', 'identity_checks', 'venues', 'companions']) await stack.db.query(`ANALYZE ${t}`)
    const sampled = await stack.db.query<{ r: string }>(`SELECT s::text AS r FROM pg_stats s WHERE schemaname = current_schema()`)
    expect(sampled.some((r) => stored.some((v) => r.r.includes(v)))).toBe(true)
    // The file search below can find them: before 停用 the data directory holds what was stored.
    if (onDisk) {
      await stack.db.query('CHECKPOINT')
      expect(findInFiles(filesUnder(dataDir), stored).length).toBeGreaterThan(0)
    }
    // A log line as the local stack writes one for an unexpected error, whose database error
    // quoted a stored value (a unique key's "Key (id_card_hash)=(…) already exists").
    mkdirSync(logDir, { recursive: true })
    appendFileSync(join(logDir, 'errors.log'), errorLogLine('people', new Error(`duplicate key value violates unique constraint "person_keys_pkey": Key (id_card_hash)=(${stored[0]}) already exists`)))
    for (const t of [...DESTROYED_TABLES.filter((x) => x !== 'venue_log'), 'venue_log']) {
      const [exists] = await stack.db.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [t])
      if (exists.r) written[t] = await count(stack.db, t)
    }
    expect(written.entries).toBeGreaterThanOrEqual(3)
    expect(written.access_log).toBeGreaterThan(0)
    expect(written.alerts).toBeGreaterThan(0)
  })

  it('start: scans and other registrations answer 本系统已于…停止登记 with the date; people still read their own records', async () => {
    const before = await count(stack.db, 'entries')
    const state = await startWindDown({ db: stack.db, config: stack.config }, { graceDays: 30 })
    expect(state.phase).toBe('stopping')
    const [{ today }] = await stack.db.query<{ today: string }>(`SELECT to_char((now() AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') AS today`)
    expect(state.stoppedOn).toBe(today)
    const [y, m, d] = today.split('-').map(Number)
    const message = `本系统已于${y}年${m}月${d}日停止登记`

    const scan = await stack.call('checkIn', { code: venue.code.url }, citizen)
    expect(scan).toEqual({ ok: false, code: 'SYSTEM_STOPPED', message })
    // A kept scan uploaded later gets the same final answer (the device drops it and tells the person).
    expect(await stack.call('checkIn', { code: venue.code.url, scanId: 'kept-scan-0000000001', scannedAt: new Date().toISOString() }, citizen))
      .toMatchObject({ ok: false, code: 'SYSTEM_STOPPED', message })
    expect(await stack.act('people', 'addCompanion', { name: '司马小风', idCard: makeIdCard('20170101'), relation: 'child' }, citizen))
      .toMatchObject({ ok: false, code: 'SYSTEM_STOPPED', message })
    expect(await stack.act('generateCode', 'apply', venueInput(), await stack.login('venue_admin'))).toMatchObject({ ok: false, code: 'SYSTEM_STOPPED' })
    expect(await count(stack.db, 'entries')).toBe(before)

    // Reading stays open during the grace period, so people can see what will be destroyed.
    expect(unwrap(await stack.act('entries', 'list', {}, citizen)).entries.length).toBeGreaterThanOrEqual(2)
    expect(unwrap(await stack.act('people', 'accessLog', {}, citizen)).records.length).toBeGreaterThan(0)
    // Starting again moves nothing.
    expect((await startWindDown({ db: stack.db, config: stack.config }, { graceDays: 1 })).destroyAfter).toBe(state.destroyAfter)
  })

  it('refuses to destroy before the grace period; the scheduled step does nothing yet', async () => {
    const deps = { db: stack.db, config: stack.config }
    await expect(destroyPersonalData(deps, { receiptFile, logDirs: [logDir], keysFile })).rejects.toThrow(/宽限期未满/)
    expect(await windDownTick(deps, { receiptFile, logDirs: [logDir], keysFile })).toBeNull()
    expect(await count(stack.db, 'persons')).toBe(written.persons)
    expect(existsSync(receiptFile)).toBe(false)
  })

  let receipt: DeletionReceipt
  it('destroys everything once the grace period has passed, and records the counts', async () => {
    // 30 days pass.
    await stack.db.query(`UPDATE system_state SET stopped_at = stopped_at - interval '30 days 1 minute', destroy_after = destroy_after - interval '30 days 1 minute'`)
    const deps = { db: stack.db, config: stack.config }
    // No entry was made after 停用; the sessions of the sign-ins since then are destroyed too.
    expect(await count(stack.db, 'entries')).toBe(written.entries)
    for (const t of Object.keys(written)) written[t] = await count(stack.db, t)
    // A table nobody classified, holding a row: nothing is destroyed, and the table is named.
    await stack.db.query('CREATE TABLE wind_down_unclassified (v text)')
    await stack.db.query(`INSERT INTO wind_down_unclassified VALUES ('x')`)
    await expect(windDownTick(deps, { receiptFile, logDirs: [logDir], keysFile })).rejects.toThrow(/wind_down_unclassified/)
    expect(await count(stack.db, 'persons')).toBe(written.persons)
    await stack.db.query('DROP TABLE wind_down_unclassified')
    const destroying = windDownTick(deps, { receiptFile, logDirs: [logDir], keysFile })
    // Once it has begun, every call is refused as after the end (no receipt yet), reading too:
    // nothing may write into tables about to be emptied, and every process's cached phase has the
    // wait to see it before they are.
    while (!(await readSystemState(stack.db)).destroying) await new Promise((r) => setTimeout(r, 20))
    expect(await stack.act('entries', 'list', {}, citizen)).toEqual({ ok: false, code: 'SYSTEM_ENDED', message: '本系统已停用，个人信息和扫码记录已全部销毁' })
    expect(await count(stack.db, 'persons')).toBe(written.persons)
    receipt = (await destroying)!
    expect(receipt).not.toBeNull()
    const counted = Object.fromEntries(Object.keys(written).filter((t) => t !== 'venue_log' || stack.db.distributed).map((t) => [t, receipt.counts[t]]))
    expect(counted).toEqual(Object.fromEntries(Object.keys(counted).map((t) => [t, written[t]])))
    expect(receipt.counts.entry_partitions).toBeGreaterThan(0)
    expect(receipt.counts.statistics_rows).toBeGreaterThan(0)
    expect(receipt.counts.log_files).toBeGreaterThanOrEqual(1)
    expect(receipt.lastAuditHead).toMatch(/^[0-9a-f]{64}$/)
    expect(receipt.lastAuditHead).toBe(await latestAuditHead(stack.db))
    const published = readFileSync(join(root, 'audit-heads.jsonl'), 'utf8').trim().split('\n')
    expect(JSON.parse(published[published.length - 1]).digest).toBe(receipt.lastAuditHead)
    expect(receipt.keysDestroyed).toEqual([...Object.keys(stack.config.dataKeys.keys), 'lookup-hash'])
    expect(JSON.parse(readFileSync(receiptFile, 'utf8'))).toEqual(receipt)
    expect((await readSystemState(stack.db)).receipt).toEqual(receipt)
  })

  it('classifies every table of the schema as destroyed or kept', async () => {
    const rows = await stack.db.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition`)
    const classified = new Set([...DESTROYED_TABLES, ...Object.keys(KEPT_TABLES)])
    expect(rows.map((r) => r.name).filter((t) => !classified.has(t))).toEqual([])
  })

  it('leaves no personal value in any table of the catalog', async () => {
    const tables = await stack.db.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
         AND (n.oid = current_schema()::regnamespace OR n.nspname LIKE '%boss')`)
    expect(tables.length).toBeGreaterThan(20)
    const leftovers: string[] = []
    for (const t of tables) {
      const rows = await stack.db.query<{ r: string }>(`SELECT t::text AS r FROM "${t.schema}"."${t.name}" t`)
      if (t.name in KEPT_TABLES || t.schema.endsWith('boss')) {
        for (const r of rows) for (const v of [...plain, ...stored]) if (r.r.includes(v)) leftovers.push(`${t.name}: ${v}`)
      } else if (rows.length) leftovers.push(`${t.name}: ${rows.length} rows`)
    }
    // The planner's samples are copies of column values too.
    const stats = await stack.db.query<{ r: string }>(`SELECT s::text AS r FROM pg_stats s WHERE schemaname = current_schema()`)
    for (const r of stats) for (const v of [...plain, ...stored]) if (r.r.includes(v)) leftovers.push(`pg_stats: ${v}`)
    expect(leftovers).toEqual([])
  })

  it('leaves no personal value in any file of the data directory or the logs, and no data key in the key file', async () => {
    if (onDisk) await stack.db.query('CHECKPOINT')
    const files = [...(onDisk ? filesUnder(dataDir) : []), ...filesUnder(logDir), keysFile, receiptFile, join(root, 'audit-heads.jsonl')]
    if (onDisk) expect(files.length).toBeGreaterThan(100)
    expect(findInFiles(files, [...plain, ...stored])).toEqual([])
    const keys = readFileSync(keysFile, 'utf8')
    for (const k of [...Object.values(stack.config.dataKeys.keys), stack.config.lookupHashKey]) expect(keys).not.toContain(k.toString('base64'))
    for (const f of filesUnder(logDir)) expect(statSync(f).size).toBe(0)
    // On PostgreSQL the server's own files are out of a client's reach: the tables are what is read.
    if (!onDisk) expect(label).toBe('PostgreSQL')
  })

  it('answers every function, signed in or not, with SYSTEM_ENDED and the receipt', async () => {
    for (const name of FUNCTIONS) {
      const res = await stack.call(name, {}, citizen)
      expect({ name, res }).toEqual({ name, res: { ok: false, code: 'SYSTEM_ENDED', message: '本系统已停用，个人信息和扫码记录已全部销毁', receipt } })
      expect(await stack.call(name, { anything: 1 })).toMatchObject({ ok: false, code: 'SYSTEM_ENDED', receipt })
    }
  })
})
