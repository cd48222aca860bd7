import { parse } from 'csv-parse/sync'
import type { TraceResult, TraceStay } from '../../src/shared/api'
import { addDays, shanghaiDate } from '../../src/shared/time'
import { idCardCheckChar } from '../../src/shared/validators'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, makePhone, unwrap, venueInput } from './fixtures'
import { confirmTraceApproved } from '../support/two-officials'

/**
 * 流调 on entries with chosen times (inserted directly, as venue-stats.test.ts does): the exact
 * edges of an overlap, overnight stays, check-outs on both sides, the aerosol extension, companions
 * and assisted entries, withdrawn entries, other venues and regions, the period; then confirming
 * (风险提示 and host alerts, once however often and however concurrently), the export, and the
 * access log of every look.
 *
 * The confirming tests need raiseExposureAlerts (server/domain/alerts.ts) for the host alerts.
 */
describe.each(testDatabases())('contact tracing on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let official: string
  let officialId: string
  let admin: string
  const today = shanghaiDate(new Date())
  // A whole day in the past, inside the default 14-day window.
  const D = addDays(today, -3)

  /** A China wall-clock time on a day, as a UTC instant. */
  const at = (day: string, hhmmss: string) => new Date(`${day}T${hhmmss}+08:00`).toISOString()

  async function appoint(userId: string, regionCode: string, office: string) {
    await stack.db.query(
      `INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, $2, $3, 'command')
       ON CONFLICT (user_id) DO UPDATE SET region_code = $2, office = $3`, [userId, regionCode, office])
  }

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    official = await stack.login('official')
    officialId = await stack.userIdOf(official)
    await appoint(officialId, '3701', '济南市疫情防控指挥部')
    admin = await stack.login('venue_admin')
  })
  afterAll(async () => { await stack.close() })

  interface Who { token: string; userId: string; personId: string; name: string; idCard: string; phone: string }
  let births = 0
  async function person(name: string, idCard = makeIdCard(`1980${String(1 + (births++ % 12)).padStart(2, '0')}15`)): Promise<Who> {
    const token = await stack.newAccount()
    const phone = makePhone()
    await stack.verify(token, { name, idCard, phone })
    const userId = await stack.userIdOf(token)
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [userId])
    return { token, userId, personId: u.person_id, name, idCard, phone }
  }

  interface Place { venueId: string; checkpointId: string; name: string }
  async function venue(name: string, overrides: Parameters<typeof venueInput>[0] = {}): Promise<Place> {
    const v = unwrap(await stack.act('generateCode', 'apply', venueInput({ name, ...overrides }), admin))
    return { venueId: v.venue.id, checkpointId: v.code.checkpointId, name }
  }

  async function enter(who: { personId: string; userId: string }, place: Place, when: string,
    opts: { out?: string; withdrawn?: boolean; method?: 'self' | 'companion' | 'assisted'; account?: string } = {}): Promise<string> {
    const method = opts.method ?? 'self'
    const account = opts.account ?? who.userId
    const [row] = await stack.db.query<{ id: string }>(
      `INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, checked_in_at, checked_out_at, method, inspector_id,
         scan_id, health_status, withdrawn_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, gen_random_uuid(), 'green', $9) RETURNING id`,
      [who.personId, account, place.venueId, place.checkpointId, when, opts.out ?? null, method,
        method === 'assisted' ? account : null, opts.withdrawn ? when : null])
    return row.id
  }

  async function trace(input: Record<string, unknown>, token = official): Promise<TraceResult> {
    return unwrap(await stack.act('official', 'trace', input, token))
  }

  /** personId → overlap minutes of one stay's contacts. */
  const overlaps = (stay: TraceStay) => Object.fromEntries(stay.contacts.map((c) => [c.personId, c.overlapMinutes]))

  it('finds exactly the overlapping stays: strict edges, the aerosol extension capped at 30 minutes', async () => {
    const v = await venue('边界餐厅')
    const next = await venue('隔壁餐厅')
    const k = await person('病甲')
    const [a, b, c, d, e, f, g, h] = await Promise.all(['乙一', '乙二', '乙三', '乙四', '乙五', '乙六', '乙七', '乙八'].map((n) => person(n)))
    // A restaurant's default stay is 90 minutes: 10:00 → 11:30, extended by min(90, 30) to 12:00.
    await enter(k, v, at(D, '10:00:00'))
    await enter(a, v, at(D, '12:00:00')) // comes in exactly when the extended stay ends: no
    await enter(b, v, at(D, '11:59:59')) // one second before: yes, 0 minutes (under half a minute rounds down)
    await enter(c, v, at(D, '08:30:00')) // leaves (08:30 + 90) exactly when the case comes: no
    await enter(d, v, at(D, '08:30:01')) // one second later: yes
    await enter(e, v, at(D, '09:00:00')) // 09:00 → 10:30: 30 minutes
    await enter(f, v, at(D, '10:30:00'), { out: at(D, '10:45:00') }) // checked out: 15 minutes
    await enter(g, next, at(D, '10:00:00')) // another venue
    await enter(h, v, at(D, '10:10:00'), { withdrawn: true }) // withdrawn
    await stack.setPersonStatus(e.personId, 'yellow')

    const r = await trace({ idCard: ` ${k.idCard.toLowerCase()} `, from: D, to: D })
    expect(r).toMatchObject({ from: D, to: D, confirmedAt: null, contactCount: 4,
      person: { personId: k.personId, nameMasked: '病*', idCardMasked: `${k.idCard.slice(0, 4)}**********${k.idCard.slice(-4)}`, healthStatus: 'green' } })
    expect(r.stays).toHaveLength(1)
    expect(r.stays[0]).toMatchObject({
      venueId: v.venueId, venueName: '边界餐厅', fullAddress: '山东省济南市历下区泉城路街道 泉城路188号', checkpointName: '主入口',
      enteredAt: at(D, '10:00:00'), leftAt: at(D, '11:30:00'), checkedOut: false
    })
    expect(overlaps(r.stays[0])).toEqual({ [b.personId]: 0, [d.personId]: 0, [e.personId]: 30, [f.personId]: 15 })
    const byPerson = Object.fromEntries(r.stays[0].contacts.map((x) => [x.personId, x]))
    expect(byPerson[e.personId]).toEqual({
      personId: e.personId, nameMasked: '乙*', idCardMasked: `${e.idCard.slice(0, 4)}**********${e.idCard.slice(-4)}`,
      phoneMasked: `${e.phone.slice(0, 3)}****${e.phone.slice(-4)}`, healthStatus: 'yellow', method: 'self',
      enteredAt: at(D, '09:00:00'), leftAt: at(D, '10:30:00'), checkedOut: false, overlapMinutes: 30
    })
    expect(byPerson[f.personId]).toMatchObject({ leftAt: at(D, '10:45:00'), checkedOut: true })
    // Contacts in the order they came in.
    expect(r.stays[0].contacts.map((x) => x.personId)).toEqual([d.personId, e.personId, f.personId, b.personId])

    // The access log: the case once, every contact once, all tied to this trace and official.
    const log = await stack.db.query<{ person_id: string; action: string; official_id: string; office: string }>(
      'SELECT person_id, action, official_id, office FROM access_log WHERE trace_id = $1 ORDER BY action, person_id', [r.traceId])
    expect(log).toEqual([
      { person_id: k.personId, action: 'trace_case', official_id: officialId, office: '济南市疫情防控指挥部' },
      ...[b, d, e, f].map((x) => x.personId).sort().map((p) => ({ person_id: p, action: 'trace_contact', official_id: officialId, office: '济南市疫情防控指挥部' }))
    ])
    const [stored] = await stack.db.query<{ case_person_id: string; official_id: string; region_code: string; from_at: Date; to_at: Date }>(
      'SELECT case_person_id, official_id, region_code, from_at, to_at FROM traces WHERE id = $1', [r.traceId])
    expect(stored).toMatchObject({ case_person_id: k.personId, official_id: officialId, region_code: '3701' })
    expect(new Date(stored.from_at).toISOString()).toBe(at(D, '00:00:00'))
    expect(new Date(stored.to_at).toISOString()).toBe(at(addDays(D, 1), '00:00:00'))
    // The contact's own account reads who looked and why.
    const seen = unwrap(await stack.act('people', 'accessLog', {}, e.token))
    expect(seen.records).toEqual([expect.objectContaining({ action: 'trace_contact', office: '济南市疫情防控指挥部' })])
  })

  it('ends a checked-out stay at its check-out, and extends a short stay by its own length only', async () => {
    const v = await venue('离场餐厅')
    const k = await person('病乙')
    const [a, b, c, d, e] = await Promise.all(['丙一', '丙二', '丙三', '丙四', '丙五'].map((n) => person(n)))
    // 10:00 → 10:20 (离场): extended by 20 minutes, to 10:40.
    await enter(k, v, at(D, '10:00:00'), { out: at(D, '10:20:00') })
    await enter(a, v, at(D, '10:39:59'))
    await enter(b, v, at(D, '10:40:00'))
    await enter(c, v, at(D, '09:00:00'), { out: at(D, '09:59:59') }) // would reach 10:30 without its 离场
    await enter(d, v, at(D, '09:00:00'), { out: at(D, '10:00:01') })
    // In and out at once, inside the stay: the rule (c_in < k_end + ext and c_end > k_in) counts it, with 0 minutes.
    await enter(e, v, at(D, '10:05:00'), { out: at(D, '10:05:00') })
    const r = await trace({ personId: k.personId, from: D, to: D })
    expect(r.stays).toHaveLength(1)
    expect(r.stays[0]).toMatchObject({ leftAt: at(D, '10:20:00'), checkedOut: true })
    expect(overlaps(r.stays[0])).toEqual({ [a.personId]: 0, [d.personId]: 0, [e.personId]: 0 })
    expect(r.contactCount).toBe(3)
  })

  it('follows a stay overnight into the next day, and keeps the period to the case\'s entries', async () => {
    const v = await venue('夜宵店')
    const k = await person('病丙')
    const [a, b, c, late] = await Promise.all(['丁一', '丁二', '丁三', '丁四'].map((n) => person(n)))
    const next = addDays(D, 1)
    await enter(k, v, at(D, '23:30:00')) // → 01:00, extended to 01:30 the next day
    await enter(a, v, at(next, '01:29:00'))
    await enter(b, v, at(D, '22:00:00')) // leaves 23:30 exactly: no
    await enter(c, v, at(D, '22:00:01'))
    // The case's own entries outside the period are not stays; their contacts are nobody's business here.
    await enter(k, v, at(next, '00:00:00'))
    await enter(k, v, at(D, '00:00:00'))
    await enter(k, v, at(addDays(D, -1), '23:59:59'))
    await enter(late, v, at(next, '02:00:00'))
    const r = await trace({ personId: k.personId, from: D, to: D })
    expect(r.stays.map((s) => [s.enteredAt, s.leftAt])).toEqual([
      [at(D, '00:00:00'), at(D, '01:30:00')],
      [at(D, '23:30:00'), at(next, '01:00:00')]
    ])
    expect(overlaps(r.stays[1])).toEqual({ [a.personId]: 1, [c.personId]: 0 })
    // The case's own stay across the midnight before D is not a contact of its stay at 00:00.
    expect(r.stays[0].contacts).toEqual([])
    expect(r.contactCount).toBe(2)
  })

  it('finds companions and assisted entries like anyone, and never withdrawn entries of the case', async () => {
    const v = await venue('同行餐厅')
    const w = await venue('撤销餐厅')
    const k = await person('病丁')
    const holder = await person('林涛')
    const kid = unwrap(await stack.act('people', 'addCompanion', { name: '林小溪', idCard: makeIdCard('20160909'), relation: 'child' }, holder.token)).companion
    const inspector = await person('检员')
    const assisted = await person('马桂兰')
    const stranger = await person('路人')
    await enter(k, v, at(D, '12:00:00'))
    await enter(holder, v, at(D, '12:10:00'))
    await enter({ personId: kid.personId, userId: holder.userId }, v, at(D, '12:10:00'), { method: 'companion' })
    await enter(assisted, v, at(D, '12:20:00'), { method: 'assisted', account: inspector.userId })
    // The case withdrew this entry (scanned by mistake): never a stay, whoever was there.
    await enter(k, w, at(D, '15:00:00'), { withdrawn: true })
    await enter(stranger, w, at(D, '15:00:00'))
    const r = await trace({ personId: k.personId, from: D, to: D })
    expect(r.stays.map((s) => s.venueName)).toEqual(['同行餐厅'])
    expect(r.stays[0].contacts.map((c) => [c.personId, c.method, c.nameMasked])).toEqual([
      ...[[holder.personId, 'self', '林*'], [kid.personId, 'companion', '林**']].sort((x, y) => (x[0] < y[0] ? -1 : 1)),
      [assisted.personId, 'assisted', '马**']
    ])
  })

  it('keeps to the official\'s region: other regions\' venues are no stays, and people of other regions are refused', async () => {
    const jinan = await venue('济南茶馆')
    const qingdao = await venue('青岛茶馆', { townCode: '370202001', address: '香港中路1号' })
    const k = await person('病戊')
    const [a, b] = await Promise.all(['戊一', '戊二'].map((n) => person(n)))
    await enter(k, jinan, at(D, '09:00:00'))
    await enter(a, jinan, at(D, '09:30:00'))
    await enter(k, qingdao, at(D, '15:00:00'))
    await enter(b, qingdao, at(D, '15:10:00'))
    const r = await trace({ personId: k.personId, from: D, to: D })
    expect(r.stays.map((s) => s.venueName)).toEqual(['济南茶馆'])
    expect(r.contactCount).toBe(1)

    // Someone registered in Qingdao who only went to Qingdao is not Jinan's to trace.
    const body = `370202${'19900101'}123`
    const visitor = await person('青岛人', body + idCardCheckChar(body))
    await enter(visitor, qingdao, at(D, '10:00:00'))
    const traces = await count(stack.db, 'traces')
    const logs = await count(stack.db, 'access_log')
    expect(await stack.act('official', 'trace', { idCard: visitor.idCard }, official)).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
    // And Qingdao's official may not trace a Jinan case who never went there.
    const qdOfficial = await stack.newAccount()
    await appoint(await stack.userIdOf(qdOfficial), '3702', '青岛市疫情防控指挥部')
    const jinanOnly = await person('济南人')
    await enter(jinanOnly, jinan, at(D, '11:00:00'))
    expect(await stack.act('official', 'trace', { personId: jinanOnly.personId }, qdOfficial)).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
    // The Qingdao official traces the case's Qingdao stay only.
    const qd = await trace({ personId: k.personId, from: D, to: D }, qdOfficial)
    expect(qd.stays.map((s) => s.venueName)).toEqual(['青岛茶馆'])
    expect(qd.stays[0].contacts.map((c) => c.personId)).toEqual([b.personId])
    expect(await count(stack.db, 'traces')).toBe(traces + 1)
    expect(await count(stack.db, 'access_log')).toBe(logs + 2)
  })

  it('looks back 14 days by default and keeps to the days asked, China time', async () => {
    const v = await venue('日期餐厅')
    const k = await person('病己')
    const first = addDays(today, -13)
    await enter(k, v, at(first, '00:00:00'))
    await enter(k, v, at(addDays(first, -1), '23:59:59'))
    const r = await trace({ personId: k.personId })
    expect({ from: r.from, to: r.to }).toEqual({ from: first, to: today })
    expect(r.stays.map((s) => s.enteredAt)).toEqual([at(first, '00:00:00')])
    const wider = await trace({ personId: k.personId, from: addDays(first, -1), to: first })
    expect(wider.stays.map((s) => s.enteredAt)).toEqual([at(addDays(first, -1), '23:59:59'), at(first, '00:00:00')])
    const narrow = await trace({ personId: k.personId, from: addDays(first, 1), to: addDays(first, 2) })
    expect(narrow.stays).toEqual([])
    // The oldest day still kept may be asked for; a day before it may not.
    expect((await trace({ personId: k.personId, from: addDays(today, -28), to: D })).from).toBe(addDays(today, -28))
  })

  it('refuses bad periods and bad people with clear messages, recording nothing', async () => {
    const k = await person('病庚')
    await enter(k, await venue('拒绝餐厅'), at(D, '10:00:00'))
    const citizen = await stack.login('citizen')
    const before = { traces: await count(stack.db, 'traces'), log: await count(stack.db, 'access_log') }
    const bad = (input: Record<string, unknown>, token = official) => stack.act('official', 'trace', input, token)
    expect(await bad({ personId: k.personId, from: D, to: addDays(D, -1) })).toMatchObject({ ok: false, code: 'TRACE_PERIOD_INVALID' })
    expect(await bad({ personId: k.personId, from: addDays(today, -29) })).toMatchObject({ ok: false, code: 'TRACE_PERIOD_INVALID' })
    expect(await bad({ personId: k.personId, from: '2026-02-30' }))
      .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { from: '日期格式不正确，应为 YYYY-MM-DD' } })
    expect(await bad({ personId: k.personId, to: '20260301' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { to: expect.any(String) } })
    expect(await bad({ personId: k.personId, to: addDays(today, 1) })).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { to: '结束日期不能晚于今天' } })
    expect(await bad({ personId: k.personId, idCard: k.idCard })).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { idCard: expect.any(String) } })
    expect(await bad({})).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { idCard: '请填写身份证号码' } })
    expect(await bad({ idCard: '370102199001011230' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { idCard: expect.any(String) } })
    expect(await bad({ idCard: makeIdCard('19700707') })).toMatchObject({ ok: false, code: 'PERSON_NOT_FOUND' })
    expect(await bad({ personId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, code: 'PERSON_NOT_FOUND' })
    expect(await bad({ personId: k.personId }, citizen)).toMatchObject({ ok: false, code: 'NOT_OFFICIAL' })
    expect({ traces: await count(stack.db, 'traces'), log: await count(stack.db, 'access_log') }).toEqual(before)
  })

  it('lists a person once per stay however many of their entries overlapped it, with the union of the overlaps, rounded as CWA rounds', async () => {
    const v = await venue('合并餐厅')
    const k = await person('病癸')
    const [twice, back, quarter, half, brief, two] = await Promise.all(['合一', '合二', '合三', '合四', '合五', '合六'].map((n) => person(n)))
    // 10:00 → 11:00 (离场), extended by 30 minutes to 11:30.
    await enter(k, v, at(D, '10:00:00'), { out: at(D, '11:00:00') })
    // Scanned twice, the stays overlapping: 10:10–10:30 is 20 minutes, not 10 + 15.
    await enter(twice, v, at(D, '10:10:00'), { out: at(D, '10:20:00') })
    await enter(twice, v, at(D, '10:15:00'), { out: at(D, '10:30:00') })
    // Left and came back: 5 + 10 minutes, the period from the first entry to the last end.
    await enter(back, v, at(D, '10:00:00'), { out: at(D, '10:05:00') })
    await enter(back, v, at(D, '10:40:00'), { out: at(D, '10:50:00') })
    await enter(quarter, v, at(D, '10:20:00'), { out: at(D, '10:25:15') }) // 5 min 15 s: 5
    await enter(half, v, at(D, '10:20:00'), { out: at(D, '10:25:30') }) // 5 min 30 s: 6
    await enter(brief, v, at(D, '11:29:31')) // 29 s before the extended end: 0, still a contact
    // At two stays of the case: once under each, one person in the count.
    const w = await venue('合并茶馆')
    await enter(k, w, at(D, '15:00:00'), { out: at(D, '15:30:00') })
    await enter(two, v, at(D, '10:50:00'), { out: at(D, '11:10:00') })
    await enter(two, w, at(D, '15:10:00'), { out: at(D, '15:20:00') })

    const r = await trace({ personId: k.personId, from: D, to: D })
    expect(r.stays.map((s) => s.venueName)).toEqual(['合并餐厅', '合并茶馆'])
    const first = r.stays[0]
    // In the order they first came (two who came together by person).
    expect(first.contacts.map((c) => c.personId)).toEqual([back.personId, twice.personId, ...[quarter.personId, half.personId].sort(), two.personId, brief.personId])
    expect(new Set(first.contacts.map((c) => c.personId)).size).toBe(first.contacts.length)
    expect(overlaps(first)).toEqual({ [twice.personId]: 20, [back.personId]: 15, [quarter.personId]: 5, [half.personId]: 6,
      [brief.personId]: 0, [two.personId]: 20 })
    const of = (who: Who) => first.contacts.find((c) => c.personId === who.personId)!
    expect(of(twice)).toMatchObject({ enteredAt: at(D, '10:10:00'), leftAt: at(D, '10:30:00'), checkedOut: true })
    expect(of(back)).toMatchObject({ enteredAt: at(D, '10:00:00'), leftAt: at(D, '10:50:00'), checkedOut: true })
    expect(r.stays[1].contacts.map((c) => [c.personId, c.overlapMinutes])).toEqual([[two.personId, 10]])
    // The count and the people listed agree: six people, the one at both stays counted once.
    expect(r.contactCount).toBe(6)
    expect(new Set(r.stays.flatMap((s) => s.contacts.map((c) => c.personId))).size).toBe(r.contactCount)
    // The export has a line per person per stay, with the same minutes.
    const rows: string[][] = parse(unwrap(await stack.act('official', 'exportTrace', { traceId: r.traceId }, official)).csv, { bom: true })
    expect(rows.slice(1).filter((row) => row[5] === '合一').map((row) => [row[10], row[11], row[13]])).toEqual([[`${D} 10:10`, `${D} 10:30`, '20']])
    expect(rows.length - 1).toBe(7)
    // Each contact is logged once for the trace, whatever the entries.
    const log = await stack.db.query<{ n: number; people: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT person_id)::int AS people FROM access_log WHERE trace_id = $1 AND action = 'trace_contact'`, [r.traceId])
    expect(log).toEqual([{ n: 6, people: 6 }])
  })

  it('shows a contact\'s full name, ID number and mobile to the tracing official on demand, each look in their access log', async () => {
    const v = await venue('详情餐厅')
    const k = await person('病详')
    const c = await person('详一')
    const withdrawn = await person('详二')
    const stranger = await person('详三')
    await enter(k, v, at(D, '10:00:00'))
    await enter(c, v, at(D, '10:10:00'))
    const gone = await enter(withdrawn, v, at(D, '10:20:00'))
    const r = await trace({ personId: k.personId, from: D, to: D })
    expect(r.contactCount).toBe(2)
    const details = (personId: string, token = official, traceId = r.traceId) => stack.act('official', 'contactDetails', { traceId, personId }, token)
    const viewLog = () => stack.db.query<{ person_id: string; official_id: string; trace_id: string }>(
      "SELECT person_id, official_id, trace_id FROM access_log WHERE action = 'view_contact' AND trace_id = $1 ORDER BY accessed_at", [r.traceId])

    expect(unwrap(await details(c.personId))).toEqual({ personId: c.personId, name: '详一', idCard: c.idCard, phone: c.phone })
    expect(unwrap(await details(c.personId))).toMatchObject({ name: '详一' })
    // Every look is recorded, not just the first.
    expect(await viewLog()).toEqual([c, c].map((x) => ({ person_id: x.personId, official_id: officialId, trace_id: r.traceId })))
    const seen = unwrap(await stack.act('people', 'accessLog', {}, c.token)).records
    expect(seen.filter((x) => x.action === 'view_contact')).toHaveLength(2)

    // Not a contact: the case, a stranger, a person whose entry was withdrawn since the trace ran.
    const logs = await count(stack.db, 'access_log')
    await stack.db.query('UPDATE entries SET withdrawn_at = now() WHERE id = $1', [gone])
    for (const p of [k.personId, stranger.personId, withdrawn.personId, '00000000-0000-4000-8000-000000000000']) {
      expect(await details(p)).toMatchObject({ ok: false, code: 'TRACE_CONTACT_NOT_FOUND' })
    }
    // Another city's official, a trace that does not exist, a citizen, bad ids.
    const qd = await stack.newAccount()
    await appoint(await stack.userIdOf(qd), '3702', '青岛市疫情防控指挥部')
    expect(await details(c.personId, qd)).toMatchObject({ ok: false, code: 'TRACE_NOT_FOUND' })
    expect(await details(c.personId, official, '00000000-0000-4000-8000-000000000000')).toMatchObject({ ok: false, code: 'TRACE_NOT_FOUND' })
    expect(await details(c.personId, await stack.login('citizen'))).toMatchObject({ ok: false, code: 'NOT_OFFICIAL' })
    expect(await details('x')).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { personId: expect.any(String) } })
    expect(await details(c.personId, official, 'x')).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { traceId: expect.any(String) } })
    expect(await count(stack.db, 'access_log')).toBe(logs)
  })

  describe('confirming and exporting', () => {
    let demo: Place
    let v1: Place
    let k: Who, x: Who, y: Who
    let kid: { personId: string }
    const kidIdCard = makeIdCard('20170707')
    let r: TraceResult

    beforeAll(async () => {
      const mine = unwrap(await stack.call('myVenues', {}, admin)).venues.find((m) => m.venue.name === '泉城广场')!
      demo = { venueId: mine.venue.id, checkpointId: mine.code.checkpointId, name: '泉城广场' }
      v1 = await venue('确认餐厅')
      k = await person('病辛')
      x = await person('壬一')
      kid = unwrap(await stack.act('people', 'addCompanion', { name: '壬小二', idCard: kidIdCard, relation: 'child' }, x.token)).companion
      y = await person('癸一')
      await enter(k, v1, at(D, '10:00:00'))
      await enter(k, demo, at(D, '14:00:00')) // a scenic spot: 180 minutes
      await enter(k, v1, at(D, '18:00:00'))
      await enter(x, v1, at(D, '10:30:00'))
      await enter({ personId: kid.personId, userId: x.userId }, v1, at(D, '10:30:00'), { method: 'companion' })
      await enter(y, demo, at(D, '14:30:00'))
      await enter(y, v1, at(D, '18:10:00'))
      r = await trace({ personId: k.personId, from: D, to: D })
      expect(r.contactCount).toBe(3)
    })

    it('notifies every contact once and every venue once, however often and however concurrently it is confirmed', async () => {
      // Proposed (two-person rule): however often, one pending proposal and nobody told yet.
      const answers = await Promise.all(Array.from({ length: 5 }, () => stack.act('official', 'confirmTrace', { traceId: r.traceId }, official)))
      const proposed = answers.map(unwrap)
      expect(new Set(proposed.map((d) => d.proposal.proposalId)).size).toBe(1)
      for (const d of proposed) {
        expect(d.proposal).toMatchObject({ kind: 'trace', state: 'pending', traceId: r.traceId, contactCount: 3, caseNameMasked: '病*', mine: true, canDecide: false })
        expect(d.trace.confirmedAt).toBeNull()
      }
      expect(await stack.db.query('SELECT 1 FROM risk_notices WHERE trace_id = $1', [r.traceId])).toHaveLength(0)
      expect(await stack.db.query('SELECT 1 FROM alerts WHERE trace_id = $1', [r.traceId])).toHaveLength(0)
      // Approved by a second official, however many times at once: one confirmation.
      const reviewer = await stack.login('official_reviewer')
      const decisions = await Promise.all(Array.from({ length: 3 }, () =>
        stack.act('official', 'decideProposal', { proposalId: proposed[0].proposal.proposalId, approve: true, reason: '流调结果复核无误' }, reviewer)))
      expect(decisions.filter((d) => d.ok)).toHaveLength(1)
      for (const d of decisions.filter((x) => !x.ok)) expect(d).toMatchObject({ ok: false, code: 'PROPOSAL_DECIDED' })
      const data = (await Promise.all(Array.from({ length: 3 }, () => stack.act('official', 'confirmTrace', { traceId: r.traceId }, official)))).map(unwrap)
      for (const d of data) expect(d.proposal).toMatchObject({ state: 'approved', decidedBy: '济南市疫情防控指挥部 周*', decisionReason: '流调结果复核无误' })
      expect(new Set(data.map((d) => d.trace.confirmedAt)).size).toBe(1)
      expect(data[0].trace.confirmedAt).toEqual(expect.stringMatching(/Z$/))
      expect(data[0].trace.stays.map((s) => s.venueName)).toEqual(['确认餐厅', '泉城广场', '确认餐厅'])

      const notices = await stack.db.query<{ person_id: string; venue_id: string; entered_at: Date }>(
        'SELECT person_id, venue_id, entered_at FROM risk_notices WHERE trace_id = $1', [r.traceId])
      const line = (n: { person_id: string; venue_id: string; entered_at: Date }) => `${n.person_id} ${n.venue_id} ${new Date(n.entered_at).toISOString()}`
      expect(notices.map(line).sort()).toEqual([
        `${x.personId} ${v1.venueId} ${at(D, '10:30:00')}`,
        `${kid.personId} ${v1.venueId} ${at(D, '10:30:00')}`,
        `${y.personId} ${demo.venueId} ${at(D, '14:30:00')}`,
        `${y.personId} ${v1.venueId} ${at(D, '18:10:00')}`
      ].sort())

      // One host alert per venue, from the case's first entry there to the end of its last stay.
      const alerts = await stack.db.query<{ id: string; venue_id: string; kind: string; exposure_from: Date; exposure_to: Date; person_id: string | null }>(
        'SELECT id, venue_id, kind, exposure_from, exposure_to, person_id FROM alerts WHERE trace_id = $1 ORDER BY exposure_from', [r.traceId])
      expect(alerts.map((a) => [a.venue_id, a.kind, new Date(a.exposure_from).toISOString(), new Date(a.exposure_to).toISOString(), a.person_id])).toEqual([
        [v1.venueId, 'exposure', at(D, '10:00:00'), at(D, '19:30:00'), null],
        [demo.venueId, 'exposure', at(D, '14:00:00'), at(D, '17:00:00'), null]
      ])
      const recipients = await stack.db.query<{ alert_id: string; user_id: string; role: string }>(
        'SELECT alert_id, user_id, role FROM alert_recipients WHERE alert_id = ANY($1::uuid[])', [alerts.map((a) => a.id)])
      const adminId = await stack.userIdOf(admin)
      const inspectorId = await stack.userIdOf(await stack.login('inspector'))
      const of = (alertId: string) => recipients.filter((x) => x.alert_id === alertId && x.role !== 'official').map((x) => `${x.role} ${x.user_id}`).sort()
      expect(of(alerts[0].id)).toEqual([`admin ${adminId}`])
      expect(of(alerts[1].id)).toEqual([`admin ${adminId}`, `inspector ${inspectorId}`].sort())

      // Confirmed once in the access log; contacts are not logged twice for the same trace.
      const log = await stack.db.query<{ action: string; n: number }>(
        'SELECT action, count(*)::int AS n FROM access_log WHERE trace_id = $1 GROUP BY action ORDER BY action', [r.traceId])
      expect(log).toEqual([{ action: 'approve_trace', n: 1 }, { action: 'confirm_trace', n: 1 }, { action: 'propose_trace', n: 1 },
        { action: 'trace_case', n: 1 }, { action: 'trace_contact', n: 3 }])

      // Later, again: the same answer and nothing new.
      const again = unwrap(await stack.act('official', 'confirmTrace', { traceId: r.traceId }, official))
      expect({ proposal: again.proposal.proposalId, confirmedAt: again.trace.confirmedAt })
        .toEqual({ proposal: proposed[0].proposal.proposalId, confirmedAt: data[0].trace.confirmedAt })
      expect(await stack.db.query('SELECT 1 FROM risk_notices WHERE trace_id = $1', [r.traceId])).toHaveLength(4)
    })

    it('shows 风险提示 to the contacts\' accounts (a companion\'s to its holder), never who the case was, and nothing to the case', async () => {
      await confirmTraceApproved(stack, official, await stack.login('official_reviewer'), r.traceId)
      const mine = unwrap(await stack.act('entries', 'risks', {}, x.token)).notices
      expect(mine.map((n) => [n.nameMasked, n.venueName, n.enteredAt]).sort()).toEqual([
        ['壬**', '确认餐厅', at(D, '10:30:00')],
        ['壬*', '确认餐厅', at(D, '10:30:00')]
      ].sort())
      for (const n of mine) {
        expect(Object.keys(n).sort()).toEqual(['createdAt', 'enteredAt', 'fullAddress', 'nameMasked', 'noticeId', 'venueId', 'venueName'])
        expect(n.fullAddress).toBe('山东省济南市历下区泉城路街道 泉城路188号')
      }
      expect(JSON.stringify(mine)).not.toContain('病')
      const ys = unwrap(await stack.act('entries', 'risks', {}, y.token)).notices
      expect(ys.map((n) => n.venueName).sort()).toEqual(['泉城广场', '确认餐厅'].sort())
      expect(unwrap(await stack.act('entries', 'risks', {}, k.token)).notices).toEqual([])
      expect(unwrap(await stack.act('entries', 'risks', {}, await stack.newAccount())).notices).toEqual([])
    })

    it('refuses an official of another city on every trace action, and lets the province see its city\'s trace', async () => {
      const qd = await stack.newAccount()
      await appoint(await stack.userIdOf(qd), '3702', '青岛市疫情防控指挥部')
      const logs = await count(stack.db, 'access_log')
      expect(await stack.act('official', 'confirmTrace', { traceId: r.traceId }, qd)).toMatchObject({ ok: false, code: 'TRACE_NOT_FOUND' })
      expect(await stack.act('official', 'exportTrace', { traceId: r.traceId }, qd)).toMatchObject({ ok: false, code: 'TRACE_NOT_FOUND' })
      expect(await stack.act('official', 'exportTrace', { traceId: '00000000-0000-4000-8000-000000000000' }, official)).toMatchObject({ ok: false, code: 'TRACE_NOT_FOUND' })
      expect(await stack.act('official', 'trace', { personId: k.personId }, qd)).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
      expect(await stack.act('official', 'exportTrace', { traceId: r.traceId }, await stack.login('citizen'))).toMatchObject({ ok: false, code: 'NOT_OFFICIAL' })
      expect(await count(stack.db, 'access_log')).toBe(logs)
      const province = await stack.newAccount()
      await appoint(await stack.userIdOf(province), '37', '山东省疫情防控指挥部')
      expect(unwrap(await stack.act('official', 'exportTrace', { traceId: r.traceId }, province)).csv).toContain('确认餐厅')
    })

    it('exports every (stay, contact) in full for the health office, Excel-ready and neutralised', async () => {
      // A venue name that would be a formula in a spreadsheet.
      await stack.db.query('UPDATE venues SET name = $2 WHERE id = $1', [v1.venueId, '=HYPERLINK("http://x.example","确认餐厅")'])
      const before = await stack.db.query<{ person_id: string }>("SELECT person_id FROM access_log WHERE trace_id = $1 AND action = 'export_trace'", [r.traceId])
      const out = unwrap(await stack.act('official', 'exportTrace', { traceId: r.traceId }, official))
      await stack.db.query('UPDATE venues SET name = $2 WHERE id = $1', [v1.venueId, '确认餐厅'])
      expect(out.fileName).toBe(`流调-${today.replace(/-/g, '')}-${r.traceId.slice(0, 8)}.csv`)
      expect(out.csv.startsWith('\uFEFF"病例到访场所"')).toBe(true)
      const rows: string[][] = parse(out.csv, { bom: true })
      expect(rows[0]).toEqual(['病例到访场所', '场所地址', '检测点', '病例进入时间', '病例离开时间', '人员姓名', '身份证号', '手机号',
        '健康码', '登记方式', '进入时间', '离开时间', '是否离场登记', '重叠分钟'])
      const evil = '\'=HYPERLINK("http://x.example","确认餐厅")'
      const addr = '山东省济南市历下区泉城路街道 泉城路188号'
      const demoAddr = rows.find((row) => row[0] === '泉城广场')![1]
      // Lines by the case's entry, then the contact's (two contacts who came in together in either order).
      const key = (row: string[]) => row[3] + row[10] + row[5]
      const sorted = (list: string[][]) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1))
      expect(rows.slice(1).map((row) => row[3])).toEqual([`${D} 10:00`, `${D} 10:00`, `${D} 14:00`, `${D} 18:00`])
      expect(sorted(rows.slice(1))).toEqual(sorted([
        [evil, addr, '主入口', `${D} 10:00`, `${D} 11:30`, '壬小二', kidIdCard, '', '绿码', '同行人员', `${D} 10:30`, `${D} 12:00`, '否', '90'],
        [evil, addr, '主入口', `${D} 10:00`, `${D} 11:30`, '壬一', x.idCard, x.phone, '绿码', '本人扫码', `${D} 10:30`, `${D} 12:00`, '否', '90'],
        ['泉城广场', demoAddr, '主入口', `${D} 14:00`, `${D} 17:00`, '癸一', y.idCard, y.phone, '绿码', '本人扫码', `${D} 14:30`, `${D} 17:30`, '否', '180'],
        [evil, addr, '主入口', `${D} 18:00`, `${D} 19:30`, '癸一', y.idCard, y.phone, '绿码', '本人扫码', `${D} 18:10`, `${D} 19:40`, '否', '90']
      ]))
      const after = await stack.db.query<{ person_id: string }>("SELECT person_id FROM access_log WHERE trace_id = $1 AND action = 'export_trace'", [r.traceId])
      const tally = (list: Array<{ person_id: string }>) => list.reduce<Record<string, number>>((t, a) => ({ ...t, [a.person_id]: (t[a.person_id] ?? 0) + 1 }), {})
      const added = Object.fromEntries(Object.entries(tally(after)).map(([p, n]) => [p, n - (tally(before)[p] ?? 0)]))
      expect(added).toEqual({ [k.personId]: 1, [x.personId]: 1, [kid.personId]: 1, [y.personId]: 1 })
    })

    it('exports a stay nobody overlapped as a line of its own', async () => {
      const lone = await person('病壬')
      await enter(lone, await venue('空餐厅'), at(D, '08:00:00'))
      const t = await trace({ personId: lone.personId, from: D, to: D })
      const rows: string[][] = parse(unwrap(await stack.act('official', 'exportTrace', { traceId: t.traceId }, official)).csv, { bom: true })
      expect(rows.slice(1)).toEqual([['空餐厅', '山东省济南市历下区泉城路街道 泉城路188号', '主入口', `${D} 08:00`, `${D} 09:30`, '', '', '', '', '', '', '', '', '']])
    })
  })
})
