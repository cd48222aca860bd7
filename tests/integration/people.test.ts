import type { CheckInResponse, GenerateCodeResponse, Result } from '../../src/shared/api'
import { ERRORS } from '../../src/shared/errors'
import { countRoundTrips } from '../../server/db/round-trips'
import { refreshSystemState } from '../../server/domain/wind-down'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, makePhone, solo, unwrap, venueInput } from './fixtures'

/** 实名信息, 同行人员 and group check-in, through the real function entries. */
describe.each(testDatabases())('people on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let venue: GenerateCodeResponse

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    const admin = await stack.login('venue_admin')
    venue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
  })
  afterAll(async () => { await stack.close() })

  /** A fresh account with no 实名信息, as a first sign-in from Alipay or WeChat makes. */
  const newAccount = () => stack.newAccount()

  async function withProfile(name = '刘洋'): Promise<{ token: string; idCard: string }> {
    const token = await newAccount()
    const idCard = makeIdCard('19850304')
    unwrap(await stack.act('people', 'saveProfile', { name, idCard, phone: makePhone() }, token))
    await stack.verify(token)
    return { token, idCard }
  }

  const entered = (res: Result<CheckInResponse>) => {
    const data = unwrap(res)
    if (data.kind !== 'entered') throw new Error(`expected entries, got ${data.kind}`)
    return data
  }

  describe('实名信息', () => {
    it('is required to check in: refused before any write, then the same scan goes through', async () => {
      const token = await newAccount()
      const entries = await count(stack.db, 'entries')
      expect(await stack.call('checkIn', { code: venue.code.url }, token)).toEqual({ ok: false, code: 'PROFILE_REQUIRED', message: ERRORS.PROFILE_REQUIRED })
      expect(await count(stack.db, 'entries')).toBe(entries)
      expect(unwrap(await stack.act('people', 'getProfile', {}, token)).profile).toBeNull()

      const saved = unwrap(await stack.act('people', 'saveProfile', { name: '刘洋', idCard: '370102198503041233', phone: '13912340000' }, token))
      // Typed, not verified: the scan is logged as paper registration was, and shows no colour.
      expect(saved.profile).toEqual({
        nameMasked: '刘*', idCardMasked: '3701**********1233', phoneMasked: '139****0000', healthStatus: null, verified: false, verifiedVia: null, hasEntries: false
      })
      expect(solo(await stack.call('checkIn', { code: venue.code.url }, token)).person).toEqual({ nameMasked: '刘*', healthStatus: null })
      expect(unwrap(await stack.call('whoAmI', {}, token))).toMatchObject({ nameMasked: '刘*', hasProfile: true, healthStatus: null, identity: 'unverified', identityProvider: 'demo' })
      await stack.verify(token)
      expect(unwrap(await stack.act('people', 'getProfile', {}, token)).profile).toMatchObject({ healthStatus: 'green', verified: true, verifiedVia: 'demo', hasEntries: true })
      expect(unwrap(await stack.call('whoAmI', {}, token))).toMatchObject({ nameMasked: '刘*', hasProfile: true, healthStatus: 'green', identity: 'verified' })
    })

    it.each([
      ['a 15-digit legacy number', { idCard: '370102850304123' }, '不支持15位旧身份证号码，请填写18位身份证号码'],
      ['a wrong check digit', { idCard: '370102198503041238' }, '身份证号码校验位不正确，请核对'],
      ['an impossible date', { idCard: '370102198502301234' }, '身份证号码中的出生日期不正确'],
      ['a birth date in the future', { idCard: '370102209901011234' }, '身份证号码中的出生日期晚于今天，请核对']
    ])('refuses %s with a field message and stores nothing', async (_label, change, message) => {
      const token = await newAccount()
      const persons = await count(stack.db, 'persons')
      const res = await stack.act('people', 'saveProfile', { name: '刘洋', phone: '13912340000', ...change }, token)
      expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { idCard: message } })
      expect(await count(stack.db, 'persons')).toBe(persons)
    })

    it('asks for every field the first time, and accepts a partial edit afterwards', async () => {
      const token = await newAccount()
      expect(await stack.act('people', 'saveProfile', { name: '刘洋' }, token))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { idCard: '请填写身份证号码', phone: '请填写手机号码' } })
      const { token: t2 } = await withProfile('刘洋')
      const edited = unwrap(await stack.act('people', 'saveProfile', { phone: '13600001234' }, t2))
      expect(edited.profile).toMatchObject({ nameMasked: '刘*', phoneMasked: '136****1234' })
    })

    it('refuses to change the ID number once the account has entries, and changes nothing', async () => {
      const token = await newAccount()
      unwrap(await stack.act('people', 'saveProfile', { name: '刘洋', idCard: makeIdCard('19850304'), phone: makePhone() }, token))
      const other = makeIdCard('19900101')
      // Without entries the number may still be corrected.
      unwrap(await stack.act('people', 'saveProfile', { idCard: other }, token))
      solo(await stack.call('checkIn', { code: venue.code.url }, token))
      const before = unwrap(await stack.act('people', 'getProfile', {}, token)).profile
      expect(before).toMatchObject({ hasEntries: true, idCardMasked: `${other.slice(0, 4)}**********${other.slice(-4)}` })
      expect(await stack.act('people', 'saveProfile', { idCard: makeIdCard('19900102') }, token))
        .toMatchObject({ ok: false, code: 'ID_CARD_LOCKED', fields: { idCard: '已有扫码记录，不能修改身份证号码' } })
      expect(unwrap(await stack.act('people', 'getProfile', {}, token)).profile).toEqual(before)
    })

    it('keeps a verified name and ID number: only the mobile changes, on the person itself', async () => {
      const { token } = await withProfile('刘洋')
      const before = unwrap(await stack.act('people', 'getProfile', {}, token)).profile
      expect(await stack.act('people', 'saveProfile', { idCard: makeIdCard('19900103') }, token))
        .toMatchObject({ ok: false, code: 'IDENTITY_VERIFIED_LOCKED', fields: { idCard: '已核验的身份证号码不能修改' } })
      expect(await stack.act('people', 'saveProfile', { name: '刘阳' }, token))
        .toMatchObject({ ok: false, code: 'IDENTITY_VERIFIED_LOCKED', fields: { name: '已核验的姓名不能修改' } })
      expect(unwrap(await stack.act('people', 'getProfile', {}, token)).profile).toEqual(before)
      expect(unwrap(await stack.act('people', 'saveProfile', { phone: '13600004321' }, token)).profile)
        .toMatchObject({ phoneMasked: '136****4321', verified: true })
    })

    it('refuses a name that differs from the one on record for a person another account knows', async () => {
      const parent = await withProfile('陈静')
      const child = makeIdCard('20180808')
      unwrap(await stack.act('people', 'addCompanion', { name: '陈小雨', idCard: child, relation: 'child' }, parent.token))
      const stranger = await newAccount()
      expect(await stack.act('people', 'saveProfile', { name: '王小雨', idCard: child, phone: makePhone() }, stranger))
        .toMatchObject({ ok: false, code: 'PERSON_NAME_MISMATCH', fields: { name: '与该身份证号码已登记的姓名不一致' } })
    })
  })

  describe('同行人员', () => {
    it('adds, lists masked, edits and removes companions', async () => {
      const { token } = await withProfile()
      const idCard = makeIdCard('19550315')
      const added = unwrap(await stack.act('people', 'addCompanion', { name: '刘建国', idCard, relation: 'parent', phone: '13512345678' }, token)).companion
      expect(added).toEqual({ personId: expect.any(String), nameMasked: '刘**', idCardMasked: `3701**********${idCard.slice(-4)}`, phoneMasked: '135****5678', relation: 'parent', pending: false })
      unwrap(await stack.act('people', 'addCompanion', { name: '刘小宝', idCard: makeIdCard('20190101'), relation: 'child' }, token))
      const list = unwrap(await stack.act('people', 'listCompanions', {}, token)).companions
      expect(list.map((c) => c.nameMasked)).toEqual(['刘**', '刘**'])
      expect(list[1].phoneMasked).toBeNull()

      const edited = unwrap(await stack.act('people', 'updateCompanion', { personId: added.personId, relation: 'relative', phone: '13700000000' }, token)).companion
      expect(edited).toMatchObject({ personId: added.personId, relation: 'relative', phoneMasked: '137****0000' })
      // The name of a person only this account knows is a correction.
      expect(unwrap(await stack.act('people', 'updateCompanion', { personId: added.personId, name: '刘建军' }, token)).companion.nameMasked).toBe('刘**')

      expect(unwrap(await stack.act('people', 'removeCompanion', { personId: added.personId }, token))).toEqual({ removed: true })
      expect(unwrap(await stack.act('people', 'listCompanions', {}, token)).companions).toHaveLength(1)
      expect(await stack.act('people', 'removeCompanion', { personId: added.personId }, token)).toMatchObject({ ok: false, code: 'COMPANION_NOT_FOUND' })
    })

    it('refuses the same person twice and the holder, with clear messages', async () => {
      const { token, idCard: own } = await withProfile('赵敏')
      const child = makeIdCard('20160606')
      unwrap(await stack.act('people', 'addCompanion', { name: '赵小敏', idCard: child, relation: 'child' }, token))
      const links = await count(stack.db, 'companions')
      expect(await stack.act('people', 'addCompanion', { name: '赵小敏', idCard: child, relation: 'child' }, token))
        .toMatchObject({ ok: false, code: 'COMPANION_DUPLICATE', message: '该同行人员已在您的列表中' })
      expect(await stack.act('people', 'addCompanion', { name: '赵敏', idCard: own, relation: 'other' }, token))
        .toMatchObject({ ok: false, code: 'COMPANION_IS_HOLDER', message: '不能把本人添加为同行人员' })
      // A verified holder cannot become anyone else, companion or not.
      expect(await stack.act('people', 'saveProfile', { idCard: child, name: '赵小敏' }, token))
        .toMatchObject({ ok: false, code: 'IDENTITY_VERIFIED_LOCKED' })
      expect(await count(stack.db, 'companions')).toBe(links)
    })

    it('keeps at most 10, also when 12 are added at the same moment', async () => {
      const { token } = await withProfile()
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        stack.act('people', 'addCompanion', { name: `刘${'一二三四五六七八九十甲乙'[i]}`, idCard: makeIdCard(`2000010${(i % 9) + 1}`), relation: 'friend' }, token)))
      expect(results.filter((r) => r.ok)).toHaveLength(10)
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(['COMPANION_LIMIT', 'COMPANION_LIMIT'])
      expect(unwrap(await stack.act('people', 'listCompanions', {}, token)).companions).toHaveLength(10)
    })

    it('lets both parents list one child, who stays one person', async () => {
      const mother = await withProfile('孙丽')
      const father = await withProfile('周强')
      const child = makeIdCard('20170707')
      const a = unwrap(await stack.act('people', 'addCompanion', { name: '周小乐', idCard: child, relation: 'child' }, mother.token)).companion
      const b = unwrap(await stack.act('people', 'addCompanion', { name: '周小乐', idCard: child, relation: 'child' }, father.token)).companion
      expect(a.personId).toBe(b.personId)
      // Another account knows the child now: neither parent may rename them alone.
      expect(await stack.act('people', 'updateCompanion', { personId: a.personId, name: '孙小乐' }, mother.token))
        .toMatchObject({ ok: false, code: 'PERSON_NAME_MISMATCH' })
    })
  })

  describe('group check-in', () => {
    it('asks whom the holder brought, with the last choice preselected, then logs one entry per person', async () => {
      const { token } = await withProfile('郑华')
      const grandma = unwrap(await stack.act('people', 'addCompanion', { name: '郑秀英', idCard: makeIdCard('19480202'), relation: 'parent' }, token)).companion
      const kid = unwrap(await stack.act('people', 'addCompanion', { name: '郑小华', idCard: makeIdCard('20150505'), relation: 'child' }, token)).companion
      await stack.setPersonStatus(kid.personId, 'yellow')

      const ask = unwrap(await stack.call('checkIn', { code: venue.code.url }, token))
      expect(ask).toMatchObject({
        kind: 'choose', holder: { nameMasked: '郑*' },
        companions: [
          { personId: grandma.personId, nameMasked: '郑**', relation: 'parent', lastChosen: false },
          { personId: kid.personId, nameMasked: '郑**', relation: 'child', lastChosen: false }
        ]
      })
      const done = entered(await stack.call('checkIn', { code: venue.code.url, companionIds: [kid.personId] }, token))
      expect(done.people.map((p) => [p.nameMasked, p.healthStatus, p.method, p.relation, p.repeated])).toEqual([
        ['郑*', 'green', 'self', null, false],
        ['郑**', 'yellow', 'companion', 'child', false]
      ])
      const rows = await stack.db.query<{ person_id: string; method: string; account_id: string }>(
        'SELECT person_id, method, account_id FROM entries WHERE id = ANY($1::uuid[]) ORDER BY method DESC', [done.people.map((p) => p.entryId)])
      expect(rows.map((r) => r.method)).toEqual(['self', 'companion'])
      expect(rows[0].account_id).toBe(rows[1].account_id)

      const again = unwrap(await stack.call('checkIn', { code: venue.code.url }, token))
      expect(again.kind === 'choose' && again.companions.map((c) => c.lastChosen)).toEqual([false, true])
    })

    it('refuses a companion the account does not list, before any write', async () => {
      const { token } = await withProfile()
      const stranger = await withProfile('吴刚')
      const theirs = unwrap(await stack.act('people', 'addCompanion', { name: '吴小刚', idCard: makeIdCard('20120101'), relation: 'child' }, stranger.token)).companion
      const entries = await count(stack.db, 'entries')
      expect(await stack.call('checkIn', { code: venue.code.url, companionIds: [theirs.personId] }, token)).toMatchObject({ ok: false, code: 'COMPANION_NOT_FOUND' })
      expect(await count(stack.db, 'entries')).toBe(entries)
    })

    it('logs one entry for a child both parents scan for at the same moment', async () => {
      const mother = await withProfile('钱芳')
      const father = await withProfile('冯军')
      const child = makeIdCard('20140404')
      const c = unwrap(await stack.act('people', 'addCompanion', { name: '冯小宁', idCard: child, relation: 'child' }, mother.token)).companion
      unwrap(await stack.act('people', 'addCompanion', { name: '冯小宁', idCard: child, relation: 'child' }, father.token))
      const both = await Promise.all([mother.token, father.token, mother.token, father.token].map((t) =>
        stack.call('checkIn', { code: venue.code.url, companionIds: [c.personId] }, t)))
      const childEntries = both.map((r) => entered(r).people[1])
      expect(new Set(childEntries.map((e) => e.entryId)).size).toBe(1)
      expect(childEntries.filter((e) => !e.repeated)).toHaveLength(1)
      const rows = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM entries WHERE person_id = $1', [c.personId])
      expect(rows[0].n).toBe(1)
      // Each parent is their own person: one entry each.
      const parentIds = [await stack.userIdOf(mother.token), await stack.userIdOf(father.token)]
      const parents = await stack.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM entries e JOIN users u ON u.person_id = e.person_id WHERE u.id = ANY($1::uuid[])', [parentIds])
      expect(parents[0].n).toBe(2)
    })

    it('costs 2 round trips (session, then the check-in) for one person, for 10 companions and for the choice; 3 with an alert', async () => {
      const solo1 = await withProfile('何平')
      const group = await withProfile('何安')
      const ids: string[] = []
      for (let i = 0; i < 10; i++) {
        ids.push(unwrap(await stack.act('people', 'addCompanion', { name: `何${'一二三四五六七八九十'[i]}`, idCard: makeIdCard(`2001020${(i % 9) + 1}`), relation: 'relative' }, group.token)).companion.personId)
      }
      // The deployment's phase (停用) is read once per 5 s per process, not per scan: read now, so no
      // measured call is the one that refreshes it.
      const fresh = () => refreshSystemState({ db: stack.db, config: stack.config })
      await fresh()
      const counter = countRoundTrips(stack.db)
      try {
        solo(await stack.call('checkIn', { code: venue.code.url }, solo1.token))
        const one = counter.count
        await fresh()
        counter.reset()
        expect(entered(await stack.call('checkIn', { code: venue.code.url, companionIds: ids }, group.token)).people).toHaveLength(11)
        const eleven = counter.count
        expect(one).toBe(2)
        expect(eleven).toBe(2)

        // Asked who came: the choice comes back in the same one call.
        await fresh()
        counter.reset()
        expect(unwrap(await stack.call('checkIn', { code: venue.code.url }, group.token)).kind).toBe('choose')
        expect(counter.count).toBe(2)

        // A red companion: one more statement writes the alert, its recipients and outbox rows (they
        // live on the venue's shard on Citus, the entries on the people's: docs/scale.md §3).
        await stack.setPersonStatus(ids[0], 'red')
        const other = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '往返测试馆' }), await stack.login('venue_admin')))
        await fresh()
        counter.reset()
        const red = entered(await stack.call('checkIn', { code: other.code.url, companionIds: [ids[0]] }, group.token))
        expect(counter.count).toBe(3)
        expect(red.people.map((p) => p.healthStatus)).toEqual(['green', 'red'])
        expect(await count(stack.db, `alerts WHERE entry_id = '${red.people[1].entryId}' AND kind = 'status'`)).toBe(1)
        expect(await count(stack.db, `alert_recipients r JOIN alerts a ON a.venue_id = r.venue_id AND a.id = r.alert_id WHERE a.entry_id = '${red.people[1].entryId}'`)).toBeGreaterThan(0)
        expect(await count(stack.db, `alerts WHERE entry_id = '${red.people[0].entryId}'`)).toBe(0)
      } finally {
        counter.restore()
      }
    })
  })
})
