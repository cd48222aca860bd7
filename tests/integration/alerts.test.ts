import type { GenerateCodeResponse } from '../../src/shared/api'
import { raiseExposureAlerts } from '../../server/domain/alerts'
import { deliverDue, logSender } from '../../server/domain/outbox'
import { getDeps } from '../../server/runtime'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, makePhone, solo, unwrap, venueInput, shiftBack } from './fixtures'

const TEMPLATE = 'tpl-alert-1'

/** 异常提醒: who gets an alert, exactly once, and what each role may see and do with it. */
describe.each(testDatabases())('abnormal-status alerts on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let demoVenue: GenerateCodeResponse
  let admin: string
  let inspector: string
  let ids: Record<'admin' | 'inspector' | 'otherInspector' | 'off37' | 'off3701' | 'off370102' | 'off3702', string>
  let tokens: Record<'otherInspector' | 'off37' | 'off3701' | 'off370102' | 'off3702', string>
  /** Officials some other seed appointed over the demo venue: expected too, never assumed absent. */
  let seededOfficials: string[]

  async function appoint(regionCode: string, office: string): Promise<[string, string]> {
    const token = await stack.newAccount()
    const userId = await stack.userIdOf(token)
    await stack.db.query(`INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, $2, $3, 'command')`,
      [userId, regionCode, office])
    return [token, userId]
  }

  /** A signed-in account with 实名信息 and the given status. */
  async function citizen(status: 'green' | 'yellow' | 'red', name = '韩梅梅'): Promise<{ token: string; personId: string }> {
    const token = await stack.newAccount()
    await stack.verify(token, { name, idCard: makeIdCard('19800101'), phone: makePhone() })
    const userId = await stack.userIdOf(token)
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [userId])
    await stack.setPersonStatus(u.person_id, status)
    return { token, personId: u.person_id }
  }

  async function alertsOfEntry(entryId: string) {
    return stack.db.query<{ id: string; kind: string; health_status: string | null; temperature_celsius: string | null; person_id: string }>(
      'SELECT id, kind, health_status, temperature_celsius::text, person_id FROM alerts WHERE entry_id = $1 ORDER BY kind', [entryId])
  }

  async function recipientsOf(alertId: string): Promise<Record<string, string>> {
    const rows = await stack.db.query<{ user_id: string; role: string }>('SELECT user_id, role FROM alert_recipients WHERE alert_id = $1', [alertId])
    return Object.fromEntries(rows.map((r) => [r.user_id, r.role]))
  }

  function expectedRecipients(): Record<string, string> {
    const expected: Record<string, string> = {
      [ids.admin]: 'admin', [ids.inspector]: 'inspector', [ids.off37]: 'official', [ids.off3701]: 'official', [ids.off370102]: 'official'
    }
    for (const id of seededOfficials) expected[id] ??= 'official'
    return expected
  }

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl, config: { localStack: true, alertTemplateId: TEMPLATE } })
    admin = await stack.login('venue_admin')
    inspector = await stack.login('inspector')
    demoVenue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    seededOfficials = (await stack.db.query<{ user_id: string }>(
      `SELECT o.user_id FROM officials o JOIN venues v ON starts_with(v.town_code, o.region_code) WHERE v.id = $1`,
      [demoVenue.venue.id])).map((r) => r.user_id)
    // Another venue (same town) with an inspector of its own: never told about the demo venue.
    const owner = await stack.newAccount()
    await stack.verify(owner, { name: '周九', idCard: makeIdCard('19700101'), phone: makePhone() })
    const other = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '趵突泉公园' }), owner))
    const otherInspector = await stack.newAccount()
    const otherInspectorId = await stack.userIdOf(otherInspector)
    await stack.db.query('INSERT INTO venue_inspectors (venue_id, user_id) VALUES ($1, $2)', [other.venue.id, otherInspectorId])
    const [off37, off37Id] = await appoint('37', '山东省疫情防控指挥部')
    const [off3701, off3701Id] = await appoint('3701', '济南市疫情防控指挥部')
    const [off370102, off370102Id] = await appoint('370102', '历下区疫情防控指挥部')
    const [off3702, off3702Id] = await appoint('3702', '青岛市疫情防控指挥部')
    // One official uses WeChat: a subscription message is queued for them, and only for them.
    await stack.db.query(`UPDATE users SET wx_openid = 'o_official_3701' WHERE id = $1`, [off3701Id])
    ids = {
      admin: await stack.userIdOf(admin), inspector: await stack.userIdOf(inspector), otherInspector: otherInspectorId,
      off37: off37Id, off3701: off3701Id, off370102: off370102Id, off3702: off3702Id
    }
    tokens = { otherInspector, off37, off3701, off370102, off3702 }
  })
  afterAll(async () => { await stack.close() })

  it('alerts the venue admin, its inspectors and the officials of its region when a yellow person checks in, once', async () => {
    const yellow = await stack.login('citizen_yellow')
    const entry = solo(await stack.call('checkIn', { code: demoVenue.code.url }, yellow))
    expect(entry.person.healthStatus).toBe('yellow')
    const [alert, ...more] = await alertsOfEntry(entry.entryId)
    expect(more).toEqual([])
    expect(alert).toMatchObject({ kind: 'status', health_status: 'yellow' })
    const recipients = await recipientsOf(alert.id)
    expect(recipients).toEqual(expectedRecipients())
    expect(recipients[ids.otherInspector]).toBeUndefined()
    expect(recipients[ids.off3702]).toBeUndefined()

    // The outbox: the log channel (local stack) for everyone, WeChat for the one with an openid.
    const outbox = await stack.db.query<{ recipient: string; channel: string; state: string }>(
      'SELECT recipient, channel, state FROM notification_outbox WHERE alert_id = $1', [alert.id])
    expect(outbox.filter((o) => o.channel === 'log').map((o) => o.recipient).sort()).toEqual(Object.keys(expectedRecipients()).sort())
    expect(outbox.filter((o) => o.channel === 'wechat').map((o) => o.recipient)).toEqual([ids.off3701])
    expect(new Set(outbox.map((o) => o.state))).toEqual(new Set(['pending']))

    // Scanning again is the same entry and the same alert.
    const again = solo(await stack.call('checkIn', { code: demoVenue.code.url }, yellow))
    expect(again).toMatchObject({ entryId: entry.entryId, repeated: true })
    expect((await alertsOfEntry(entry.entryId)).map((a) => a.id)).toEqual([alert.id])
    expect(await count(stack.db, `notification_outbox WHERE alert_id = '${alert.id}'`)).toBe(outbox.length)
  })

  it('delivers the local log channel as one JSON line per notification, the person masked', async () => {
    const pending = await stack.db.query<{ alert_id: string; recipient: string }>(
      `SELECT alert_id, recipient FROM notification_outbox WHERE channel = 'log' AND state = 'pending'`)
    expect(pending.length).toBeGreaterThan(0)
    const lines: string[] = []
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true })
    try {
      // No WeChat sender here: WeChat rows wait for the timer, and only log rows go.
      expect(await deliverDue(await getDeps(), { log: logSender })).toMatchObject({ sent: pending.length, failed: 0 })
    } finally {
      spy.mockRestore()
    }
    const events = lines.join('').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.event === 'alert-notification')
    expect(events.map((e) => `${e.alertId} ${e.recipient}`).sort()).toEqual(pending.map((p) => `${p.alert_id} ${p.recipient}`).sort())
    expect(events[0]).toMatchObject({ kind: 'status', label: '异常健康码人员扫码', venue: '泉城广场', person: '钱*' })
    expect(lines.join('')).not.toMatch(/钱七|370102198512124567|13800000002/)
    expect(await count(stack.db, `notification_outbox WHERE channel = 'wechat' AND state <> 'pending'`)).toBe(0)
  })

  it('heals an alert lost to a crash on the next scan', async () => {
    const { token } = await citizen('red', '孟浩然')
    const entry = solo(await stack.call('checkIn', { code: demoVenue.code.url }, token))
    await stack.db.query('DELETE FROM alerts WHERE entry_id = $1', [entry.entryId])
    solo(await stack.call('checkIn', { code: demoVenue.code.url }, token))
    const alerts = await alertsOfEntry(entry.entryId)
    expect(alerts).toHaveLength(1)
    expect(await recipientsOf(alerts[0].id)).toEqual(expectedRecipients())
  })

  it('alerts for a red companion but not for the green holder', async () => {
    const { token } = await citizen('green', '李白')
    const kid = unwrap(await stack.act('people', 'addCompanion', { name: '李小白', idCard: makeIdCard('20160606'), relation: 'child' }, token)).companion
    await stack.setPersonStatus(kid.personId, 'red')
    const res = unwrap(await stack.call('checkIn', { code: demoVenue.code.url, companionIds: [kid.personId] }, token))
    if (res.kind !== 'entered') throw new Error('expected entries')
    const [holder, child] = res.people
    expect(child).toMatchObject({ personId: kid.personId, healthStatus: 'red' })
    expect(await alertsOfEntry(holder.entryId)).toEqual([])
    const [alert] = await alertsOfEntry(child.entryId)
    expect(alert).toMatchObject({ kind: 'status', health_status: 'red', person_id: kid.personId })
    expect(await recipientsOf(alert.id)).toEqual(expectedRecipients())
  })

  it('alerts for an assisted entry of a yellow person', async () => {
    const at = { venueId: demoVenue.venue.id, checkpointId: demoVenue.code.checkpointId }
    const first = unwrap(await stack.act('assist', 'register', { ...at, name: '杜甫', idCard: makeIdCard('19300101') }, inspector))
    expect(await alertsOfEntry(first.entry.entryId)).toEqual([])
    await stack.setPersonStatus(first.entry.personId, 'yellow')
    await shiftBack(stack.db, 'entries', 'checked_in_at', 'id = $1', [first.entry.entryId], '1 hour')
    const second = unwrap(await stack.act('assist', 'register', { ...at, personId: first.entry.personId }, inspector))
    expect(second.entry).toMatchObject({ healthStatus: 'yellow', repeated: false })
    const [alert] = await alertsOfEntry(second.entry.entryId)
    expect(alert).toMatchObject({ kind: 'status', health_status: 'yellow' })
    expect(await recipientsOf(alert.id)).toEqual(expectedRecipients())
  })

  it('alerts for a temperature of 37.3 ℃ but not 37.2 ℃, one alert per entry showing the latest value', async () => {
    const { token } = await citizen('green', '王维')
    const entry = solo(await stack.call('checkIn', { code: demoVenue.code.url }, token))
    unwrap(await stack.act('inspector', 'temperature', { entryId: entry.entryId, celsius: 37.2 }, inspector))
    expect(await alertsOfEntry(entry.entryId)).toEqual([])
    unwrap(await stack.act('inspector', 'temperature', { entryId: entry.entryId, celsius: 37.3 }, inspector))
    const [alert, ...more] = await alertsOfEntry(entry.entryId)
    expect(more).toEqual([])
    expect(alert).toMatchObject({ kind: 'temperature', health_status: 'green', temperature_celsius: '37.3' })
    expect(await recipientsOf(alert.id)).toEqual(expectedRecipients())
    const outbox = await count(stack.db, `notification_outbox WHERE alert_id = '${alert.id}'`)
    unwrap(await stack.act('inspector', 'temperature', { entryId: entry.entryId, celsius: 38.1 }, admin))
    expect(await alertsOfEntry(entry.entryId)).toEqual([{ ...alert, temperature_celsius: '38.1' }])
    expect(await count(stack.db, `notification_outbox WHERE alert_id = '${alert.id}'`)).toBe(outbox)
  })

  it('raises one alert for ten scans at the same instant', async () => {
    const { token, personId } = await citizen('yellow', '白居易')
    const results = await Promise.all(Array.from({ length: 10 }, () => stack.call('checkIn', { code: demoVenue.code.url }, token)))
    const entryIds = new Set(results.map((r) => solo(r).entryId))
    expect(entryIds.size).toBe(1)
    const alerts = await stack.db.query<{ id: string }>('SELECT id FROM alerts WHERE person_id = $1', [personId])
    expect(alerts).toHaveLength(1)
    expect(await recipientsOf(alerts[0].id)).toEqual(expectedRecipients())
    expect(await count(stack.db, `notification_outbox WHERE alert_id = '${alerts[0].id}'`)).toBe(Object.keys(expectedRecipients()).length + 1)
  })

  describe('list, get and acknowledge', () => {
    let alertId: string
    let personName: string

    beforeAll(async () => {
      const { token, personId } = await citizen('red', '欧阳修')
      personName = '欧阳修'
      const entry = solo(await stack.call('checkIn', { code: demoVenue.code.url }, token))
      ;[{ id: alertId }] = await alertsOfEntry(entry.entryId)
      expect(personId).toBeTruthy()
    })

    it('lists the alert, masked, to each recipient with their role, and to no one else', async () => {
      for (const [token, role] of [[admin, 'admin'], [inspector, 'inspector'], [tokens.off3701, 'official'], [tokens.off37, 'official']] as const) {
        const list = unwrap(await stack.act('alert', 'list', {}, token))
        const view = list.alerts.find((a) => a.alertId === alertId)
        expect(view).toMatchObject({
          kind: 'status', venueName: '泉城广场', checkpointName: '主入口', personNameMasked: '欧**', healthStatus: 'red',
          exposure: null, acknowledgedAt: null, closedAt: null, role
        })
        expect(list.unacknowledged).toBeGreaterThan(0)
        expect(list.subscribeTemplateIds).toEqual([TEMPLATE])
        // Newest first.
        const times = list.alerts.map((a) => a.createdAt)
        expect([...times].sort().reverse()).toEqual(times)
      }
      for (const token of [tokens.otherInspector, tokens.off3702]) {
        const list = unwrap(await stack.act('alert', 'list', {}, token))
        expect(list.alerts.find((a) => a.alertId === alertId)).toBeUndefined()
        expect(list.unacknowledged).toBe(0)
      }
      const citizenToken = await stack.login('citizen')
      expect(unwrap(await stack.act('alert', 'list', {}, citizenToken))).toEqual({ alerts: [], unacknowledged: 0, subscribeTemplateIds: [TEMPLATE] })
    })

    it('shows an official of the region the person in full, and writes that to the access log', async () => {
      const before = await count(stack.db, 'access_log')
      const detail = unwrap(await stack.act('alert', 'get', { alertId }, tokens.off3701)).alert
      expect(detail.person).toMatchObject({ name: personName })
      expect(detail.person!.idCard).toMatch(/^370102\d{11}[\dX]$/)
      expect(detail.person!.phone).toMatch(/^139\d{8}$/)
      const log = await stack.db.query<{ person_id: string; official_id: string; action: string; office: string }>(
        'SELECT person_id, official_id, action, office FROM access_log ORDER BY accessed_at DESC LIMIT 1')
      expect(await count(stack.db, 'access_log')).toBe(before + 1)
      expect(log[0]).toEqual({ person_id: detail.person!.personId, official_id: ids.off3701, action: 'view_alert', office: '济南市疫情防控指挥部' })
    })

    it('shows venue staff the masked alert without the person, and logs no access', async () => {
      const before = await count(stack.db, 'access_log')
      const detail = unwrap(await stack.act('alert', 'get', { alertId }, inspector)).alert
      expect(detail).toMatchObject({ alertId, personNameMasked: '欧**', person: null, role: 'inspector' })
      expect(await count(stack.db, 'access_log')).toBe(before)
    })

    it('refuses everyone else with ALERT_NOT_FOUND, changing nothing', async () => {
      const citizenToken = await stack.login('citizen')
      for (const token of [citizenToken, tokens.otherInspector, tokens.off3702]) {
        expect(await stack.act('alert', 'get', { alertId }, token)).toMatchObject({ ok: false, code: 'ALERT_NOT_FOUND' })
        expect(await stack.act('alert', 'acknowledge', { alertId }, token)).toMatchObject({ ok: false, code: 'ALERT_NOT_FOUND' })
      }
      expect(await count(stack.db, `alert_recipients WHERE alert_id = '${alertId}' AND acknowledged_at IS NOT NULL`)).toBe(0)
      expect(await stack.act('alert', 'get', { alertId: 'not-a-uuid' }, admin)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    })

    it('keeps the first acknowledgement; an official closes the alert, the first close kept', async () => {
      const first = unwrap(await stack.act('alert', 'acknowledge', { alertId }, inspector)).alert
      expect(first.acknowledgedAt).not.toBeNull()
      expect(first.closedAt).toBeNull()
      const second = unwrap(await stack.act('alert', 'acknowledge', { alertId }, inspector)).alert
      expect(second.acknowledgedAt).toBe(first.acknowledgedAt)
      expect(unwrap(await stack.act('alert', 'list', { open: true }, admin)).alerts.map((a) => a.alertId)).toContain(alertId)

      const closed = unwrap(await stack.act('alert', 'acknowledge', { alertId }, tokens.off370102)).alert
      expect(closed.closedAt).not.toBeNull()
      const [row] = await stack.db.query<{ closed_by: string }>('SELECT closed_by FROM alerts WHERE id = $1', [alertId])
      expect(row.closed_by).toBe(ids.off370102)

      // An official appointed after the alert sees it and may acknowledge; the close stays the first one.
      const [late, lateId] = await appoint('3701', '济南市卫生健康委员会')
      const lateView = unwrap(await stack.act('alert', 'list', {}, late)).alerts.find((a) => a.alertId === alertId)
      expect(lateView).toMatchObject({ role: 'official', acknowledgedAt: null })
      const lateAck = unwrap(await stack.act('alert', 'acknowledge', { alertId }, late)).alert
      expect(lateAck).toMatchObject({ role: 'official', closedAt: closed.closedAt })
      expect(lateAck.acknowledgedAt).not.toBeNull()
      expect((await recipientsOf(alertId))[lateId]).toBe('official')
      expect((await stack.db.query<{ closed_by: string }>('SELECT closed_by FROM alerts WHERE id = $1', [alertId]))[0].closed_by).toBe(ids.off370102)

      // Closed: not among the open ones, and who acknowledged is shown to the official.
      expect(unwrap(await stack.act('alert', 'list', { open: true }, admin)).alerts.map((a) => a.alertId)).not.toContain(alertId)
      const detail = unwrap(await stack.act('alert', 'get', { alertId }, tokens.off3701)).alert
      expect(detail.acknowledgements.map((a) => a.role).sort()).toEqual(['inspector', 'official', 'official'])
      expect(detail.acknowledgements.find((a) => a.role === 'inspector')).toMatchObject({ nameMasked: '王*', at: first.acknowledgedAt })
    })
  })

  it('counts subscription grants for the configured template only, one per call', async () => {
    const token = await stack.newAccount()
    const userId = await stack.userIdOf(token)
    expect(unwrap(await stack.act('alert', 'subscribe', { templateIds: [TEMPLATE, 'tpl-other'] }, token))).toEqual({ granted: 1 })
    expect(unwrap(await stack.act('alert', 'subscribe', { templateIds: [TEMPLATE] }, token))).toEqual({ granted: 2 })
    expect(unwrap(await stack.act('alert', 'subscribe', { templateIds: ['tpl-other'] }, token))).toEqual({ granted: 2 })
    const rows = await stack.db.query<{ template_id: string; remaining: number }>('SELECT template_id, remaining FROM subscription_grants WHERE user_id = $1', [userId])
    expect(rows).toEqual([{ template_id: TEMPLATE, remaining: 2 }])
  })

  it('raises one host alert per venue of a confirmed trace, to its staff only, never naming the case', async () => {
    const { personId } = await citizen('red', '苏轼')
    const [trace] = await stack.db.query<{ id: string }>(
      `INSERT INTO traces (case_person_id, official_id, region_code, from_at, to_at)
       VALUES ($1, $2, '3701', now() - interval '14 days', now()) RETURNING id`, [personId, ids.off3701])
    const deps = await getDeps()
    const visits = [
      { venueId: demoVenue.venue.id, from: '2026-01-10T02:00:00.000Z', to: '2026-01-10T03:00:00.000Z' },
      { venueId: demoVenue.venue.id, from: new Date('2026-01-11T02:00:00.000Z'), to: new Date('2026-01-11T02:30:00.000Z') }
    ]
    expect(await stack.db.transaction((tx) => raiseExposureAlerts(deps, tx, trace.id, visits))).toBe(1)
    expect(await stack.db.transaction((tx) => raiseExposureAlerts(deps, tx, trace.id, visits))).toBe(0)
    const [alert] = await stack.db.query<{ id: string; person_id: string | null }>('SELECT id, person_id FROM alerts WHERE trace_id = $1', [trace.id])
    expect(alert.person_id).toBeNull()
    expect(await recipientsOf(alert.id)).toEqual({ [ids.admin]: 'admin', [ids.inspector]: 'inspector' })
    for (const token of [admin, tokens.off3701]) {
      const view = unwrap(await stack.act('alert', 'list', {}, token)).alerts.find((a) => a.alertId === alert.id)
      expect(view).toMatchObject({
        kind: 'exposure', personNameMasked: null, healthStatus: null,
        exposure: { from: '2026-01-10T02:00:00.000Z', to: '2026-01-11T02:30:00.000Z' }
      })
      const detail = unwrap(await stack.act('alert', 'get', { alertId: alert.id }, token)).alert
      expect(detail.person).toBeNull()
    }
  })
})
