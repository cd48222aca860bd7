// WeChat's timer trigger calls main without a user: wx-server-sdk, the edge, is what is faked.
const mockWxContext: { OPENID?: string } = {}
jest.mock('wx-server-sdk', () => ({
  DYNAMIC_CURRENT_ENV: 'dynamic-env',
  init: () => undefined,
  getWXContext: () => mockWxContext
}), { virtual: true })

import type { Deps } from '../../server/domain/deps'
import { ACCESS_LOG_DAYS } from '../../server/domain/access-log'
import { verifyChains } from '../../server/domain/audit-chain'
import { PURGE_BATCH, purgeExpired } from '../../server/domain/retention'
import { getDeps } from '../../server/runtime'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, solo, unwrap, shiftBack } from './fixtures'

/** Retention: what is older than ENTRY_RETENTION_DAYS goes, in batches, once, and nothing newer. */
describe.each(testDatabases())('purge of expired data on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let deps: Deps
  let days: number
  let template: string
  let yellow: string
  let officialId: string
  let venueUrl: string
  const OLD_ENTRIES = PURGE_BATCH + 700

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl, config: { localStack: true } })
    deps = await getDeps()
    days = stack.config.rules.entryRetentionDays
    const admin = await stack.login('venue_admin')
    venueUrl = unwrap(await stack.call('myVenues', {}, admin)).venues[0].code.url
    template = solo(await stack.call('checkIn', { code: venueUrl }, await stack.login('citizen'))).entryId
    yellow = await stack.login('citizen_yellow')
    officialId = await stack.userIdOf(await stack.login('official'))
  })
  afterAll(async () => { await stack.close() })

  /** Old and new rows of every kind purged; returns what must be deleted and what must stay. */
  async function seed() {
    const copy = (age: string, n: number) => stack.db.query(
      `INSERT INTO entries (account_id, person_id, venue_id, checkpoint_id, method, health_status, scan_id, checked_in_at)
       SELECT account_id, person_id, venue_id, checkpoint_id, method, health_status, scan_id, now() - ${age}
       FROM entries, generate_series(1, $2) g WHERE id = $1 RETURNING id`, [template, n])
    await copy(`make_interval(days => ${days}) - interval '1 second' * g - interval '1 second'`, OLD_ENTRIES)
    await copy(`make_interval(days => ${days}) + interval '1 hour'`, 1)

    // Alerts: one from a yellow check-in made old, one new (with recipients and outbox rows).
    await shiftBack(stack.db, 'entries', 'checked_in_at', `account_id = (SELECT id FROM users WHERE demo_account = 'citizen_yellow')`, [], '10 minutes')
    const oldEntry = solo(await stack.call('checkIn', { code: venueUrl }, yellow)).entryId
    const [oldAlert] = await stack.db.query<{ id: string }>(
      `UPDATE alerts SET created_at = now() - make_interval(days => $2 + 1) WHERE entry_id = $1 RETURNING id`, [oldEntry, days])
    await shiftBack(stack.db, 'entries', 'checked_in_at', `account_id = (SELECT id FROM users WHERE demo_account = 'citizen_yellow')`, [], '10 minutes')
    const newEntry = solo(await stack.call('checkIn', { code: venueUrl }, yellow)).entryId
    const [newAlert] = await stack.db.query<{ id: string }>('SELECT id FROM alerts WHERE entry_id = $1', [newEntry])
    expect(await count(stack.db, `notification_outbox WHERE alert_id = '${oldAlert.id}'`)).toBeGreaterThan(0)

    // Traces: an old one with an old notice (both go), an old one confirmed late with a new notice (both stay).
    const [person] = await stack.db.query<{ person_id: string; venue_id: string }>('SELECT person_id, venue_id FROM entries WHERE id = $1', [template])
    const trace = async (age: number) => (await stack.db.query<{ id: string }>(
      `INSERT INTO traces (case_person_id, official_id, region_code, from_at, to_at, created_at, confirmed_at)
       VALUES ($1, $2, '3701', now() - make_interval(days => $3 + 14), now() - make_interval(days => $3), now() - make_interval(days => $3), now() - make_interval(days => $4))
       RETURNING id`, [person.person_id, officialId, days + 2, age]))[0].id
    const oldTrace = await trace(days + 2)
    const lateTrace = await trace(days - 1)
    const notice = (traceId: string, age: number) => stack.db.query(
      `INSERT INTO risk_notices (trace_id, person_id, venue_id, entered_at, created_at)
       VALUES ($1, $2, $3, now() - make_interval(days => $4), now() - make_interval(days => $4)) RETURNING id`,
      [traceId, person.person_id, person.venue_id, age])
    await notice(oldTrace, days + 2)
    await notice(lateTrace, days - 1)

    // Access records: kept for ACCESS_LOG_DAYS, longer than entries. Each seed writes them for a
    // person of its own, oldest first, as time writes them: retention cuts an audit chain only
    // from its start, and a record back-dated behind a kept one would wait (migration 012).
    const [accessPerson] = await stack.db.query<{ id: string }>(
      `INSERT INTO persons (id_card_hash, id_card_enc, name_enc) VALUES (md5(random()::text), 'k1:x', 'k1:x') RETURNING id`)
    const access = (age: number) => stack.db.query(
      `INSERT INTO access_log (person_id, official_id, office, action, accessed_at)
       VALUES ($1, $2, '济南市疫情防控指挥部', 'view_person', now() - make_interval(days => $3))`, [accessPerson.id, officialId, age])
    await access(ACCESS_LOG_DAYS + 1)
    await access(ACCESS_LOG_DAYS - 1)

    return { oldEntry, oldAlert: oldAlert.id, newAlert: newAlert.id, oldTrace, lateTrace }
  }

  /** The row just inside the period: one second newer than the cutoff the purge will take. */
  async function boundaryRow(): Promise<string> {
    const [row] = await stack.db.query<{ id: string }>(
      `INSERT INTO entries (account_id, person_id, venue_id, checkpoint_id, method, health_status, scan_id, checked_in_at)
       SELECT account_id, person_id, venue_id, checkpoint_id, method, health_status, scan_id,
              now() - make_interval(days => $2) + interval '1 second'
       FROM entries WHERE id = $1 RETURNING id`, [template, days])
    return row.id
  }

  async function snapshot() {
    return {
      entries: await count(stack.db, 'entries'),
      alerts: await count(stack.db, 'alerts'),
      notices: await count(stack.db, 'risk_notices'),
      traces: await count(stack.db, 'traces'),
      access: await count(stack.db, 'access_log')
    }
  }

  async function expectPurged(s: Awaited<ReturnType<typeof seed>>, before: Awaited<ReturnType<typeof snapshot>>, boundary: string, cutoff: string) {
    const after = await snapshot()
    expect(after).toEqual({
      entries: before.entries - OLD_ENTRIES,
      alerts: before.alerts - 1,
      notices: before.notices - 1,
      traces: before.traces - 1,
      access: before.access - 1
    })
    const [b] = await stack.db.query<{ checked_in_at: Date }>('SELECT checked_in_at FROM entries WHERE id = $1', [boundary])
    // The boundary row really was newer than the cutoff used, and survived.
    expect(new Date(b.checked_in_at).getTime()).toBeGreaterThan(new Date(cutoff).getTime())
    expect(await count(stack.db, `entries WHERE checked_in_at < '${cutoff}'`)).toBe(0)
    expect(await count(stack.db, `alerts WHERE id = '${s.newAlert}'`)).toBe(1)
    expect(await count(stack.db, `alert_recipients WHERE alert_id = '${s.oldAlert}'`)).toBe(0)
    expect(await count(stack.db, `notification_outbox WHERE alert_id = '${s.oldAlert}'`)).toBe(0)
    expect(await count(stack.db, `notification_outbox WHERE alert_id = '${s.newAlert}'`)).toBeGreaterThan(0)
    expect(await count(stack.db, `traces WHERE id = '${s.lateTrace}'`)).toBe(1)
    expect(await count(stack.db, `risk_notices WHERE trace_id = '${s.lateTrace}'`)).toBe(1)
    expect(await count(stack.db, `access_log WHERE accessed_at < now() - make_interval(days => ${ACCESS_LOG_DAYS})`)).toBe(0)
    // The chains the purge cut still verify from their moved anchors.
    expect(await verifyChains(stack.db)).toMatchObject({ ok: true, breaks: [] })
    // It ages past the cutoff within seconds: the next test must not count it.
    await stack.db.query('DELETE FROM entries WHERE id = $1', [boundary])
  }

  it('deletes everything older than the retention period in batches, then nothing on a second run', async () => {
    const s = await seed()
    const before = await snapshot()
    const boundary = await boundaryRow()
    const result = await purgeExpired(deps)
    expect(result).toEqual({ entries: OLD_ENTRIES, alerts: 1, notices: 1, before: expect.any(String) })
    const cutoffMs = Date.now() - days * 86400000
    expect(Math.abs(new Date(result.before).getTime() - cutoffMs)).toBeLessThan(60000)
    await expectPurged(s, { ...before, entries: before.entries + 1 }, boundary, result.before)

    const again = await purgeExpired(deps)
    expect(again).toMatchObject({ entries: 0, alerts: 0, notices: 0 })
  })

  it('deletes each row once when three purges run at the same time', async () => {
    const s = await seed()
    const before = await snapshot()
    const boundary = await boundaryRow()
    const results = await Promise.all([purgeExpired(deps), purgeExpired(deps), purgeExpired(deps)])
    expect(results.reduce((n, r) => n + r.entries, 0)).toBe(OLD_ENTRIES)
    expect(results.reduce((n, r) => n + r.alerts, 0)).toBe(1)
    expect(results.reduce((n, r) => n + r.notices, 0)).toBe(1)
    const latest = results.map((r) => r.before).sort()[0]
    await expectPurged(s, { ...before, entries: before.entries + 1 }, boundary, latest)
  })

  it('is refused to every client, and runs from WeChat timer only', async () => {
    const timer = { Type: 'Timer', TriggerName: 'purge', Time: new Date().toISOString() }
    const entries = await count(stack.db, 'entries')
    expect(await stack.call('purge', {})).toMatchObject({ ok: false, code: 'TIMER_ONLY' })
    expect(await stack.call('purge', {}, await stack.login('official'))).toMatchObject({ ok: false, code: 'TIMER_ONLY' })
    // The timer's event over HTTP, or from a WeChat user, is not the timer.
    expect(await stack.call('purge', timer)).toMatchObject({ ok: false, code: 'TIMER_ONLY' })
    mockWxContext.OPENID = 'o_someone'
    expect(await stack.invoke('purge', timer, {})).toMatchObject({ ok: false, code: 'TIMER_ONLY' })
    expect(await stack.invoke('purge', {}, {})).toMatchObject({ ok: false, code: 'TIMER_ONLY' })
    delete mockWxContext.OPENID

    await stack.db.query(
      `INSERT INTO entries (account_id, person_id, venue_id, checkpoint_id, method, health_status, scan_id, checked_in_at)
       SELECT account_id, person_id, venue_id, checkpoint_id, method, health_status, scan_id, now() - make_interval(days => $2 + 1)
       FROM entries WHERE id = $1`, [template, days])
    const res = await stack.invoke('purge', timer, {})
    expect(res).toMatchObject({ ok: true, data: { entries: 1, alerts: 0, notices: 0 } })
    expect(await count(stack.db, 'entries')).toBe(entries)
  })
})
