/**
 * 我已知晓 on a 风险提示 (entries.acknowledgeRisk): risks come one per venue with the count of the
 * family's entries there; the holder marks a venue's (or the named) notices read and they do not
 * come back; marking twice changes nothing; nobody else can mark them, and bad input is answered
 * in Chinese with nothing changed. Notices are inserted directly (the trace that raises them is
 * tracing.test.ts's subject).
 */
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, makePhone, unwrap, venueInput } from './fixtures'

describe.each(testDatabases())('我已知晓 on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let holder: string
  let other: string
  let kidId: string
  let venueA: string
  let venueB: string
  const notices: Record<string, string> = {}

  async function personOf(token: string): Promise<string> {
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(token)])
    return u.person_id
  }

  const openNotices = async () => (await stack.db.query<{ id: string }>(
    'SELECT id FROM risk_notices WHERE acknowledged_at IS NULL ORDER BY id')).map((r) => r.id)

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    holder = await stack.verifiedAccount({ name: '周大伟', idCard: makeIdCard('19800115'), phone: makePhone() })
    other = await stack.verifiedAccount({ name: '吴小红', idCard: makeIdCard('19810215'), phone: makePhone() })
    const kid = unwrap(await stack.act('people', 'addCompanion', { name: '周小明', idCard: makeIdCard('20150601'), relation: 'child' }, holder))
    kidId = kid.companion.personId
    const admin = await stack.login('venue_admin')
    venueA = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '确认菜市场' }), admin)).venue.id
    venueB = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '确认餐厅' }), admin)).venue.id
    const official = await stack.userIdOf(await stack.login('official'))
    const casePerson = await personOf(await stack.verifiedAccount({ name: '郑病例', idCard: makeIdCard('19700315'), phone: makePhone() }))
    const [trace] = await stack.db.query<{ id: string }>(
      `INSERT INTO traces (case_person_id, official_id, region_code, from_at, to_at)
       VALUES ($1, $2, '3701', now() - interval '14 days', now()) RETURNING id`, [casePerson, official])
    const me = await personOf(holder)
    const add = async (key: string, person: string, venue: string, daysAgo: number) => {
      const [n] = await stack.db.query<{ id: string }>(
        `INSERT INTO risk_notices (trace_id, person_id, venue_id, entered_at)
         VALUES ($1, $2, $3, now() - make_interval(days => $4)) RETURNING id`, [trace.id, person, venue, daysAgo])
      notices[key] = n.id
    }
    // The family went to the market twice, the child once with them; the holder also ate out.
    await add('meA1', me, venueA, 3)
    await add('meA2', me, venueA, 2)
    await add('kidA', kidId, venueA, 2)
    await add('meB', me, venueB, 1)
    await add('otherB', await personOf(other), venueB, 1)
  })
  afterAll(async () => { await stack.close() })

  it('answers one 风险提示 per venue, with whose entries and how many', async () => {
    const { venues, notices: list } = unwrap(await stack.act('entries', 'risks', {}, holder))
    expect(list).toHaveLength(4)
    const a = venues.find((v) => v.venueId === venueA)!
    expect(venues.map((v) => v.venueName).sort()).toEqual(['确认菜市场', '确认餐厅'].sort())
    expect(a.entries).toBe(3)
    // Two people, though both names mask to 周**.
    expect(a.names).toEqual(['周**', '周**'])
    expect(a.noticeIds.sort()).toEqual([notices.meA1, notices.meA2, notices.kidA].sort())
    expect(a.firstEnteredAt < a.lastEnteredAt).toBe(true)
  })

  it('refuses bad input in Chinese and changes nothing', async () => {
    const before = await openNotices()
    for (const bad of [{}, { venueId: venueA, noticeIds: [notices.meB] }, { noticeIds: ['not-a-uuid'] }, { noticeIds: [] }, { venueId: '../etc' }, { venueId: 7 }]) {
      const res = await stack.call('entries', { action: 'acknowledgeRisk', ...bad } as never, holder)
      expect(res.ok).toBe(false)
      if (res.ok) continue
      expect(res.code).toBe('INVALID_INPUT')
      expect(res.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect(await openNotices()).toEqual(before)
  })

  it('refuses anyone but the holder, and a list with one notice not theirs, changing nothing', async () => {
    const before = await openNotices()
    const unverified = await stack.newAccount()
    for (const [token, which] of [
      [other, { venueId: venueA }],
      [other, { noticeIds: [notices.meA1] }],
      [other, { noticeIds: [notices.otherB, notices.meB] }],
      [unverified, { venueId: venueB }]
    ] as const) {
      const res = await stack.act('entries', 'acknowledgeRisk', which, token)
      expect(res).toMatchObject({ ok: false, code: 'RISK_NOTICE_NOT_FOUND' })
    }
    expect((await stack.call('entries', { action: 'acknowledgeRisk', venueId: venueA } as never)).ok).toBe(false)
    expect(await openNotices()).toEqual(before)
  })

  it('我已知晓 by venue removes that venue for good; a second time is answered the same and changes nothing', async () => {
    const first = unwrap(await stack.act('entries', 'acknowledgeRisk', { venueId: venueA }, holder))
    expect(first.acknowledged).toBe(3)
    expect(first.venues.map((v) => v.venueId)).toEqual([venueB])
    const again = unwrap(await stack.act('entries', 'acknowledgeRisk', { venueId: venueA }, holder))
    expect(again.acknowledged).toBe(0)
    expect(again.venues).toEqual(first.venues)
    const later = unwrap(await stack.act('entries', 'risks', {}, holder))
    expect(later.venues.map((v) => v.venueId)).toEqual([venueB])
    expect(later.notices.map((n) => n.noticeId)).toEqual([notices.meB])
    // The other family's notice at the same venue is theirs to acknowledge.
    expect(unwrap(await stack.act('entries', 'risks', {}, other)).notices.map((n) => n.noticeId)).toEqual([notices.otherB])
  })

  it('我已知晓 by notice ids marks exactly those', async () => {
    const res = unwrap(await stack.act('entries', 'acknowledgeRisk', { noticeIds: [notices.meB, notices.meB] }, holder))
    expect(res.acknowledged).toBe(1)
    expect(res.venues).toEqual([])
    expect(await openNotices()).toEqual([notices.otherB])
  })
})
