import type { VenueStats } from '../../src/shared/api'
import { addDays, shanghaiDate } from '../../src/shared/time'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, unwrap, venueInput } from './fixtures'

/**
 * 检测统计 against a fixture computed by hand: entries across hours, checkpoints (one removed),
 * inspectors, a withdrawn entry, another venue, and both edges of the China day.
 */
describe.each(testDatabases())('venue statistics on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let admin: string
  const D = '2026-03-10'

  beforeAll(async () => { stack = await createTestStack({ databaseUrl }); admin = await stack.login('venue_admin') })
  afterAll(async () => { await stack.close() })

  /** A China wall-clock time on a day relative to D, as a UTC instant. */
  const at = (dayOffset: number, hhmmss: string) => new Date(`${addDays(D, dayOffset)}T${hhmmss}+08:00`).toISOString()

  async function person(name: string): Promise<{ token: string; userId: string; personId: string }> {
    const token = await stack.newAccount()
    await stack.verify(token, { name, idCard: makeIdCard('19800101'), phone: '13912340000' })
    const userId = await stack.userIdOf(token)
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [userId])
    return { token, userId, personId: u.person_id }
  }

  it('counts one day in China time, as computed by hand', async () => {
    const v = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '统计测试馆' }), admin))
    const venueId = v.venue.id
    const A = v.code.checkpointId
    const withB = unwrap(await stack.act('venue', 'addCheckpoint', { venueId, name: '南门' }, admin))
    const B = withB.checkpoints[1].id
    const C = unwrap(await stack.act('venue', 'addCheckpoint', { venueId, name: '北门' }, admin)).checkpoints[2].id
    unwrap(await stack.act('venue', 'addCheckpoint', { venueId, name: '西门' }, admin))
    const other = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '隔壁馆' }), admin))
    const adminId = await stack.userIdOf(admin)
    const [p1, p2, p3, p4, i1] = [await person('甲一'), await person('乙二'), await person('丙三'), await person('丁四'), await person('检员')]

    const rows: Array<{
      who: typeof p1; venue?: string; cp: string; when: string; status?: string; assistedBy?: string
      temp?: { by: string; celsius: number | null }; withdrawn?: boolean
    }> = [
      { who: p1, cp: A, when: at(0, '08:15:00'), temp: { by: i1.userId, celsius: 36.5 } },
      { who: p1, cp: B, when: at(0, '08:40:00') },
      { who: p2, cp: A, when: at(0, '00:00:00'), status: 'yellow', temp: { by: i1.userId, celsius: 37.5 } },
      { who: p3, cp: A, when: at(-1, '23:59:59') },
      { who: p3, cp: B, when: at(0, '23:59:59'), status: 'red', assistedBy: i1.userId, temp: { by: adminId, celsius: null } },
      { who: p4, cp: B, when: at(0, '12:30:00'), withdrawn: true, temp: { by: i1.userId, celsius: 38.0 } },
      { who: p4, cp: C, when: at(0, '15:00:00') },
      { who: p4, cp: A, when: at(1, '00:00:00') },
      { who: p2, cp: A, when: at(-6, '10:00:00') },
      { who: p1, cp: A, when: at(-7, '10:00:00') },
      { who: p1, venue: other.venue.id, cp: other.code.checkpointId, when: at(0, '09:00:00') }
    ]
    for (const r of rows) {
      await stack.db.query(
        `INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, checked_in_at, method, inspector_id, scan_id, health_status,
           withdrawn_at, temperature_celsius, temperature_at, temperature_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, gen_random_uuid(), $8, $9, $10, $11, $12)`,
        [r.who.personId, r.assistedBy ?? r.who.userId, r.venue ?? venueId, r.cp, r.when, r.assistedBy ? 'assisted' : 'self', r.assistedBy ?? null,
          r.status ?? 'green', r.withdrawn ? r.when : null, r.temp?.celsius ?? null, r.temp ? r.when : null, r.temp?.by ?? null])
    }
    unwrap(await stack.act('venue', 'removeCheckpoint', { venueId, checkpointId: C }, admin))

    const s: VenueStats = unwrap(await stack.act('venue', 'stats', { venueId, date: D }, admin))
    expect(s.totals).toEqual({ entries: 5, people: 4, assisted: 1, yellow: 1, red: 1 })
    const busy = s.hourly.filter((h) => h.entries > 0)
    expect(busy).toEqual([{ hour: 0, entries: 1 }, { hour: 8, entries: 2 }, { hour: 15, entries: 1 }, { hour: 23, entries: 1 }])
    expect(s.hourly).toHaveLength(24)
    expect(s.temperature).toEqual({ checked: 3, normal: 2, abnormal: 1 })
    expect(s.checkpoints).toEqual([
      { checkpointId: A, name: '主入口', removed: false, entries: 2, people: 2, temperature: { checked: 2, normal: 1, abnormal: 1 } },
      { checkpointId: B, name: '南门', removed: false, entries: 2, people: 2, temperature: { checked: 1, normal: 1, abnormal: 0 } },
      { checkpointId: C, name: '北门', removed: true, entries: 1, people: 1, temperature: { checked: 0, normal: 0, abnormal: 0 } },
      { checkpointId: expect.any(String), name: '西门', removed: false, entries: 0, people: 0, temperature: { checked: 0, normal: 0, abnormal: 0 } }
    ])
    const byName = Object.fromEntries(s.inspectors.map((i) => [i.nameMasked, i]))
    expect(byName).toEqual({
      '检*': { userId: i1.userId, nameMasked: '检*', assisted: 1, temperature: { checked: 2, normal: 1, abnormal: 1 } },
      '李*': { userId: adminId, nameMasked: '李*', assisted: 0, temperature: { checked: 1, normal: 1, abnormal: 0 } }
    })
    expect(s.trend).toEqual([
      { date: '2026-03-04', entries: 1, people: 1 },
      { date: '2026-03-05', entries: 0, people: 0 },
      { date: '2026-03-06', entries: 0, people: 0 },
      { date: '2026-03-07', entries: 0, people: 0 },
      { date: '2026-03-08', entries: 0, people: 0 },
      { date: '2026-03-09', entries: 1, people: 1 },
      { date: D, entries: 5, people: 4 }
    ])

    // The next day holds only the entry at 00:00:00 sharp.
    const next = unwrap(await stack.act('venue', 'stats', { venueId, date: addDays(D, 1) }, admin))
    expect(next.totals.entries).toBe(1)
    expect(next.hourly[0]).toEqual({ hour: 0, entries: 1 })
  })

  it('refuses dates that are not days, or are in the future, and other people', async () => {
    const venueId = unwrap(await stack.call('myVenues', {}, admin)).venues[0].venue.id
    const today = shanghaiDate(new Date())
    expect(await stack.act('venue', 'stats', { venueId, date: '2026-02-30' }, admin))
      .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { date: '日期格式不正确，应为 YYYY-MM-DD' } })
    expect(await stack.act('venue', 'stats', { venueId, date: addDays(today, 1) }, admin))
      .toMatchObject({ ok: false, fields: { date: '不能查询未来的日期' } })
    unwrap(await stack.act('venue', 'stats', { venueId, date: today }, admin))
    const inspector = await stack.login('inspector')
    expect(await stack.act('venue', 'stats', { venueId, date: today }, inspector)).toMatchObject({ ok: false, code: 'NOT_VENUE_ADMIN' })
  })
})
