import { randomBytes } from 'crypto'
import type { CheckInResponse, GenerateCodeResponse, PersonEntry, Result } from '../../src/shared/api'
import { ERRORS } from '../../src/shared/errors'
import { signVenueCode } from '../../server/crypto/code-signing'
import { rollUpVenueLog, VENUE_LOG_TABLE } from '../../server/db/citus'
import { deliverDue, type Notification } from '../../server/domain/outbox'
import { subscribeMessageData } from '../../server/platform/wechat-subscribe'
import { formatShanghai } from '../../src/shared/time'
import { venueCodeUrl } from '../../src/shared/venue-code'
import { createTestStack, TEST_BASE_URL, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, makePhone, unwrap, venueInput } from './fixtures'

/**
 * Issue 19, the device keeps the scan: a scan kept on the phone is uploaded later with the id the
 * phone made for it (scanId) and the phone's scan time (scannedAt). The server logs it at that
 * time, received now, within 24 hours and never in the future, judges the code as for a live
 * scan, and logs a scan id at most once, however often and however concurrently it is tried.
 */
describe.each(testDatabases())('late scans and scan ids on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let admin: string
  let venue: GenerateCodeResponse

  const HOUR = 3600_000
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
  let serial = 0
  /** A scan id as a phone makes one: fresh for every scan. */
  const newScanId = () => `scan_${Date.now().toString(36)}_${(serial++).toString(36)}_${randomBytes(6).toString('hex')}`

  const people = (res: Result<CheckInResponse>): PersonEntry[] => {
    const data = unwrap(res)
    if (data.kind !== 'entered') throw new Error(`expected entries, got ${data.kind}`)
    return data.people
  }
  const entryRows = (where = 'true', params: unknown[] = []) => stack.db.query<{
    id: string; person_id: string; checked_in_at: Date; received_at: Date | null; device_scan_ids: string[] | null
  }>(`SELECT id, person_id, checked_in_at, received_at, device_scan_ids FROM entries WHERE ${where} ORDER BY checked_in_at, id`, params)

  /** A new verified account with its own person (so no test meets another's entries), and its person id. */
  async function citizen(status: 'green' | 'yellow' | 'red' = 'green', name = '林清'): Promise<{ token: string; personId: string }> {
    const token = await stack.verifiedAccount({ name, idCard: makeIdCard('19850505'), phone: makePhone() })
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(token)])
    if (status !== 'green') await stack.setPersonStatus(u.person_id, status)
    return { token, personId: u.person_id }
  }

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl, config: { localStack: true } })
    admin = await stack.login('venue_admin')
    venue = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '趵突泉公园', address: '趵突泉南路1号', type: 'scenic' }), admin))
  })
  afterAll(async () => { await stack.close() })
  beforeEach(async () => { await stack.db.query('DELETE FROM entries') })

  it('logs a scan kept for hours at the phone\'s scan time, received now', async () => {
    const { token, personId } = await citizen()
    const scannedAt = ago(3 * HOUR)
    const before = Date.now()
    const [p] = people(await stack.call('checkIn', { code: venue.code.url, scanId: newScanId(), scannedAt }, token))
    expect(p).toMatchObject({ personId, repeated: false, checkedInAt: scannedAt, healthStatus: 'green' })
    expect(Math.abs(Date.parse(p.receivedAt) - before)).toBeLessThan(60_000)
    const [row] = await entryRows()
    expect(row.id).toBe(p.entryId)
    expect(row.checked_in_at.toISOString()).toBe(scannedAt)
    expect(row.received_at?.toISOString()).toBe(p.receivedAt)
    // 我的扫码记录 shows it at the visit time, with the receipt time beside it, and it can still
    // be withdrawn: it was made just now.
    const [listed] = unwrap(await stack.act('entries', 'list', {}, token)).entries
    expect(listed).toMatchObject({ entryId: p.entryId, checkedInAt: scannedAt, receivedAt: p.receivedAt, withdrawable: true })
  })

  it('gives a live scan one time for the visit and the receipt, and stores no receipt time', async () => {
    const { token } = await citizen()
    const [p] = people(await stack.call('checkIn', { code: venue.code.url, scanId: newScanId() }, token))
    expect(p.receivedAt).toBe(p.checkedInAt)
    expect((await entryRows())[0].received_at).toBeNull()
  })

  it('answers a scan kept more than 24 hours SCAN_EXPIRED and writes nothing', async () => {
    const { token } = await citizen()
    for (const scanId of [newScanId(), undefined]) {
      expect(await stack.call('checkIn', { code: venue.code.url, scanId, scannedAt: ago(24 * HOUR + 60_000) }, token))
        .toEqual({ ok: false, code: 'SCAN_EXPIRED', message: ERRORS.SCAN_EXPIRED })
    }
    expect(await count(stack.db, 'entries')).toBe(0)
    // Just inside the 24 hours is still accepted.
    const [p] = people(await stack.call('checkIn', { code: venue.code.url, scanId: newScanId(), scannedAt: ago(24 * HOUR - 60_000) }, token))
    expect(p.repeated).toBe(false)
  })

  it('refuses a scan time in the future beyond a little clock skew, and takes a little as now', async () => {
    const { token } = await citizen()
    const ahead = new Date(Date.now() + 10 * 60_000).toISOString()
    const res = await stack.call('checkIn', { code: venue.code.url, scanId: newScanId(), scannedAt: ahead }, token)
    expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { scannedAt: expect.stringMatching(/晚于当前时间/) } })
    expect(await count(stack.db, 'entries')).toBe(0)

    const before = Date.now()
    const slightly = new Date(Date.now() + 30_000).toISOString()
    const [p] = people(await stack.call('checkIn', { code: venue.code.url, scanId: newScanId(), scannedAt: slightly }, token))
    // Logged now, not in the future.
    expect(Date.parse(p.checkedInAt)).toBeLessThan(Date.parse(slightly))
    expect(Math.abs(Date.parse(p.checkedInAt) - before)).toBeLessThan(20_000)
    expect(p.receivedAt).toBe(p.checkedInAt)
  })

  it('refuses a malformed scan id or scan time with a field error in Chinese, writing nothing', async () => {
    const { token } = await citizen()
    for (const scanId of ['short', 'x'.repeat(65), 'has space in it 1234', '扫码编号扫码编号扫码编号扫码编号', 42]) {
      const res = await stack.call('checkIn', { code: venue.code.url, scanId }, token)
      expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { scanId: expect.stringMatching(/[\u4e00-\u9fff]/) } })
    }
    for (const scannedAt of ['yesterday', '2026-13-01T00:00:00Z', '2026-12-07 06:00:00', '', 1765000000000]) {
      const res = await stack.call('checkIn', { code: venue.code.url, scanId: newScanId(), scannedAt }, token)
      expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { scannedAt: expect.stringMatching(/[\u4e00-\u9fff]/) } })
    }
    expect(await count(stack.db, 'entries')).toBe(0)
  })

  it('logs a scan id once: a retry answers the same entry, even with a scan time outside the idempotency window', async () => {
    const { token } = await citizen()
    const scanId = newScanId()
    // The live try reached the server but its answer was lost …
    const [first] = people(await stack.call('checkIn', { code: venue.code.url, scanId }, token))
    // … so the phone uploads its kept copy, with its own clock 10 minutes behind the server's:
    // the 5-minute window alone would take it for another visit.
    const [again] = people(await stack.call('checkIn', { code: venue.code.url, scanId, scannedAt: ago(10 * 60_000) }, token))
    expect(again).toEqual({ ...first, repeated: true })
    // A third try, later, the same.
    expect(people(await stack.call('checkIn', { code: venue.code.url, scanId, scannedAt: ago(10 * 60_000) }, token))[0])
      .toEqual({ ...first, repeated: true })
    expect(await count(stack.db, 'entries')).toBe(1)
    // Another scan at the same venue an hour before is another visit.
    const [other] = people(await stack.call('checkIn', { code: venue.code.url, scanId: newScanId(), scannedAt: ago(HOUR) }, token))
    expect(other.repeated).toBe(false)
    expect(await count(stack.db, 'entries')).toBe(2)
  })

  it('logs one row for forty tries of one scan id at the same instant (without the lock on the person PostgreSQL makes several)', async () => {
    const { token } = await citizen('yellow', '韩冬')
    const scanId = newScanId()
    // Tries of one scan racing: live ones (no scan time) and kept copies whose phone clock is
    // 10 minutes behind, so the idempotency window alone would make two entries of them.
    const scannedAt = ago(10 * 60_000)
    const answers = (await Promise.all(Array.from({ length: 40 },
      (_, i) => stack.call('checkIn', { code: venue.code.url, scanId, ...(i % 2 ? { scannedAt } : {}) }, token)))).map((r) => people(r)[0])
    expect(await count(stack.db, 'entries')).toBe(1)
    expect(new Set(answers.map((a) => a.entryId)).size).toBe(1)
    expect(answers.filter((a) => !a.repeated)).toHaveLength(1)
    expect(new Set(answers.map((a) => `${a.checkedInAt} ${a.receivedAt}`)).size).toBe(1)
    // And one alert, however many tries.
    expect(await count(stack.db, `alerts WHERE entry_id = '${answers[0].entryId}'`)).toBe(1)
  })

  it('remembers a scan id folded into another entry by the idempotency window', async () => {
    const { token } = await citizen()
    const [a] = people(await stack.call('checkIn', { code: venue.code.url, scanId: newScanId(), scannedAt: ago(HOUR) }, token))
    // A second scan two minutes later is the same visit (the window, now around the visit time) …
    const scanId = newScanId()
    const [b] = people(await stack.call('checkIn', { code: venue.code.url, scanId, scannedAt: ago(HOUR - 2 * 60_000) }, token))
    expect(b).toEqual({ ...a, repeated: true })
    // … and a retry of it from a phone whose clock has since been corrected still finds that entry.
    expect(people(await stack.call('checkIn', { code: venue.code.url, scanId, scannedAt: ago(HOUR - 20 * 60_000) }, token))[0])
      .toEqual({ ...a, repeated: true })
    expect(await count(stack.db, 'entries')).toBe(1)
    // The window applies around the late visit time: a live scan now is a new visit.
    expect(people(await stack.call('checkIn', { code: venue.code.url }, token))[0].repeated).toBe(false)
  })

  it('logs a group under one scan id once, everyone at the scan time, and answers the retry with the same entries', async () => {
    const { token, personId } = await citizen('green', '宋远')
    const kid = unwrap(await stack.act('people', 'addCompanion', { name: '宋小远', idCard: makeIdCard('20170707'), relation: 'child' }, token)).companion
    const scanId = newScanId()
    const scannedAt = ago(5 * HOUR)
    const request = { code: venue.code.url, companionIds: [kid.personId], scanId, scannedAt }
    const first = people(await stack.call('checkIn', request, token))
    expect(first.map((p) => [p.personId, p.checkedInAt, p.repeated])).toEqual([[personId, scannedAt, false], [kid.personId, scannedAt, false]])
    expect(first[0].receivedAt).toBe(first[1].receivedAt)
    // Retried twice at once, once with the phone's clock since corrected by 20 minutes (outside
    // the idempotency window): the same entries.
    const corrected = { ...request, scannedAt: new Date(Date.parse(scannedAt) + 20 * 60_000).toISOString() }
    const [again, racing] = await Promise.all([stack.call('checkIn', request, token), stack.call('checkIn', corrected, token)])
    for (const res of [again, racing]) expect(people(res)).toEqual(first.map((p) => ({ ...p, repeated: true })))
    const rows = await entryRows()
    expect(rows.map((r) => r.id).sort()).toEqual(first.map((p) => p.entryId).sort())
    expect(rows.every((r) => r.device_scan_ids?.includes(scanId))).toBe(true)
  })

  it('refuses a group\'s scan kept too long, or of a regenerated code, as the holder\'s alone, writing nothing', async () => {
    const { token } = await citizen('green', '马群')
    const kid = unwrap(await stack.act('people', 'addCompanion', { name: '马小群', idCard: makeIdCard('20180303'), relation: 'child' }, token)).companion
    expect(await stack.call('checkIn', { code: venue.code.url, companionIds: [kid.personId], scanId: newScanId(), scannedAt: ago(25 * HOUR) }, token))
      .toEqual({ ok: false, code: 'SCAN_EXPIRED', message: ERRORS.SCAN_EXPIRED })
    // Not asked who came either: the scan cannot be logged whoever came.
    expect(await stack.call('checkIn', { code: venue.code.url, scanId: newScanId(), scannedAt: ago(25 * HOUR) }, token))
      .toMatchObject({ ok: false, code: 'SCAN_EXPIRED' })
    const fresh = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '千佛山' }), admin))
    unwrap(await stack.call('regenerateCode', { venueId: fresh.venue.id }, admin))
    expect(await stack.call('checkIn', { code: fresh.code.url, companionIds: [kid.personId], scanId: newScanId(), scannedAt: ago(HOUR) }, token))
      .toMatchObject({ ok: false, code: 'VENUE_CODE_REVOKED' })
    expect(await count(stack.db, 'entries')).toBe(0)
  })

  it('refuses a forged, foreign or revoked code kept offline exactly as a live one, writing nothing', async () => {
    const { token } = await citizen()
    const forged = signVenueCode({ keys: { k1: randomBytes(32) }, currentKid: 'k1' },
      { venueId: venue.venue.id, checkpointId: venue.code.checkpointId, codeVersion: 1 })
    const ghost = signVenueCode({ keys: stack.config.codeSigningKeys, currentKid: stack.config.codeSigningKid },
      { venueId: 'ghostvenue', checkpointId: 'ghostpoint', codeVersion: 1 })
    const scannedAt = ago(2 * HOUR)
    for (const [code, expected] of [
      [venueCodeUrl(TEST_BASE_URL, forged), 'VENUE_CODE_FORGED'],
      [venueCodeUrl(TEST_BASE_URL, ghost), 'VENUE_CODE_FORGED'],
      ['https://phishing.example.com/c?t=abc', 'VENUE_CODE_FOREIGN']
    ] as const) {
      expect(await stack.call('checkIn', { code, scanId: newScanId(), scannedAt }, token))
        .toEqual({ ok: false, code: expected, message: ERRORS[expected] })
    }
    // A poster regenerated between the scan and its upload: refused, as the live scan would be now.
    const fresh = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '黑虎泉' }), admin))
    unwrap(await stack.call('regenerateCode', { venueId: fresh.venue.id }, admin))
    expect(await stack.call('checkIn', { code: fresh.code.url, scanId: newScanId(), scannedAt }, token))
      .toEqual({ ok: false, code: 'VENUE_CODE_REVOKED', message: ERRORS.VENUE_CODE_REVOKED })
    expect(await count(stack.db, 'entries')).toBe(0)
  })

  it('answers a retry of a logged scan with its entry even after the code was regenerated or 24 hours passed', async () => {
    const { token } = await citizen()
    const fresh = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '五龙潭' }), admin))
    const scanId = newScanId()
    const scannedAt = ago(20 * HOUR)
    const [first] = people(await stack.call('checkIn', { code: fresh.code.url, scanId, scannedAt }, token))
    unwrap(await stack.call('regenerateCode', { venueId: fresh.venue.id }, admin))
    expect(people(await stack.call('checkIn', { code: fresh.code.url, scanId, scannedAt }, token))[0]).toEqual({ ...first, repeated: true })
    // Five hours pass (the entry's times move back): the scan time is now 25 hours old.
    await stack.db.query(
      `UPDATE entries SET checked_in_at = checked_in_at - interval '5 hours', received_at = received_at - interval '5 hours' WHERE id = $1`,
      [first.entryId])
    const older = new Date(Date.parse(scannedAt) - 5 * HOUR).toISOString()
    const [late] = people(await stack.call('checkIn', { code: fresh.code.url, scanId, scannedAt: older }, token))
    expect(late).toMatchObject({ entryId: first.entryId, repeated: true, checkedInAt: older })
    // A scan id never logged gets the refusals.
    expect(await stack.call('checkIn', { code: fresh.code.url, scanId: newScanId(), scannedAt }, token)).toMatchObject({ code: 'VENUE_CODE_REVOKED' })
    expect(await count(stack.db, 'entries')).toBe(1)
  })

  it('answers a group\'s retry with the same entries after the code was regenerated, logging no one new', async () => {
    const { token } = await citizen('green', '唐远')
    const kid = unwrap(await stack.act('people', 'addCompanion', { name: '唐小远', idCard: makeIdCard('20190909'), relation: 'child' }, token)).companion
    const fresh = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '泉城公园' }), admin))
    const request = { code: fresh.code.url, companionIds: [kid.personId], scanId: newScanId(), scannedAt: ago(3 * HOUR) }
    const first = people(await stack.call('checkIn', request, token))
    expect(first).toHaveLength(2)
    unwrap(await stack.call('regenerateCode', { venueId: fresh.venue.id }, admin))
    expect(people(await stack.call('checkIn', request, token))).toEqual(first.map((p) => ({ ...p, repeated: true })))
    expect(await count(stack.db, 'entries')).toBe(2)
  })

  it('raises the alert for a yellow citizen\'s late scan, saying when they were there', async () => {
    const { token, personId } = await citizen('yellow', '钱多')
    const scannedAt = ago(6 * HOUR)
    const [p] = people(await stack.call('checkIn', { code: venue.code.url, scanId: newScanId(), scannedAt }, token))
    expect(p.healthStatus).toBe('yellow')
    const alerts = await stack.db.query<{ id: string; entered_at: Date; created_at: Date; person_id: string }>(
      'SELECT id, entered_at, created_at, person_id FROM alerts WHERE entry_id = $1', [p.entryId])
    expect(alerts).toHaveLength(1)
    expect(alerts[0].person_id).toBe(personId)
    expect(alerts[0].entered_at.toISOString()).toBe(scannedAt)
    const view = unwrap(await stack.act('alert', 'list', {}, admin)).alerts.find((a) => a.alertId === alerts[0].id)
    expect(view).toMatchObject({ kind: 'status', healthStatus: 'yellow', enteredAt: scannedAt })
    // Raised on arrival, so it is at the top of the list, not six hours down.
    expect(Date.parse(view!.createdAt) - Date.parse(scannedAt)).toBeGreaterThan(5 * HOUR)
    // The notification an official reads (the log line, WeChat's 时间 field) gives the visit time too.
    const sent: Notification[] = []
    await deliverDue({ db: stack.db, config: stack.config }, { log: async (n) => { sent.push(n); return { kind: 'sent' } } })
    const mine = sent.filter((n) => n.alertId === alerts[0].id)
    expect(mine.length).toBeGreaterThan(0)
    for (const n of mine) expect(n.enteredAt).toBe(scannedAt)
    expect(subscribeMessageData(mine[0]).time3.value).toBe(formatShanghai(scannedAt, 'YYYY-MM-DD HH:mm'))
  })
})

/**
 * On Citus venue_log is a table fed by rollUpVenueLog with a watermark (server/db/citus.ts). The
 * same statements on one machine, with the table made as the Citus set-up makes it: an entry
 * received now with a visit time hours behind the watermark is still copied.
 */
describe.each(testDatabases())('the venue_log roll-up and late scans on $label', ({ databaseUrl }) => {
  let stack: TestStack
  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    await stack.db.transaction(async (tx) => {
      await tx.query('DROP VIEW venue_log')
      for (const sql of VENUE_LOG_TABLE) await tx.query(sql)
      await tx.query(`INSERT INTO venue_log_watermark (upto) VALUES (now())`)
    })
  })
  afterAll(async () => { await stack.close() })

  it('copies a late scan received after the watermark, and nothing twice', async () => {
    const admin = await stack.login('venue_admin')
    const venue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    const token = await stack.login('citizen')
    const live = unwrap(await stack.call('checkIn', { code: venue.code.url, scanId: 'live-scan-0000000001' }, token))
    // Visit times far behind the watermark: three hours, and just inside the 24 hours.
    const late = unwrap(await stack.call('checkIn', { code: venue.code.url, scanId: 'late-scan-0000000001', scannedAt: new Date(Date.now() - 3 * 3600_000).toISOString() }, token))
    const later = unwrap(await stack.call('checkIn', { code: venue.code.url, scanId: 'late-scan-0000000002', scannedAt: new Date(Date.now() - 23.9 * 3600_000).toISOString() }, token))
    const ids = [live, late, later].map((r) => (r.kind === 'entered' ? r.people[0].entryId : ''))
    expect(new Set(ids).size).toBe(3)
    expect(await rollUpVenueLog(stack.db, { lagSeconds: 0 })).toBe(3)
    const copied = await stack.db.query<{ entry_id: string }>('SELECT entry_id FROM venue_log ORDER BY checked_in_at')
    expect(copied.map((r) => r.entry_id).sort()).toEqual([...ids].sort())
    expect(await rollUpVenueLog(stack.db, { lagSeconds: 0 })).toBe(0)
  })
})
