import type { GenerateCodeResponse } from '../../src/shared/api'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, solo, unwrap, venueInput, shiftBack } from './fixtures'

/** 辅助登记 (who may, what it records) and 我的扫码记录 with its 24-hour withdrawal. */
describe.each(testDatabases())('assisted registration and my entries on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let demoVenue: GenerateCodeResponse
  let otherVenue: GenerateCodeResponse
  let admin: string
  let inspector: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    admin = await stack.login('venue_admin')
    inspector = await stack.login('inspector')
    demoVenue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    otherVenue = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '趵突泉公园' }), admin))
    // 场所审核: only an approved venue's 辅助登记 shows a colour.
    unwrap(await stack.act('official', 'reviewVenue', { venueId: otherVenue.venue.id, approve: true, reason: '核实无误' }, await stack.login('official')))
  })
  afterAll(async () => { await stack.close() })

  const at = (v: GenerateCodeResponse) => ({ venueId: v.venue.id, checkpointId: v.code.checkpointId })

  describe('辅助登记', () => {
    it('lets the bound inspector register a person without a phone, recording the inspector', async () => {
      const venues = unwrap(await stack.act('assist', 'venues', {}, inspector)).venues
      expect(venues.map((v) => v.name)).toEqual(['泉城广场'])
      expect(venues[0].checkpoints).toEqual([{ id: demoVenue.code.checkpointId, name: '主入口' }])

      const idCard = makeIdCard('19400101')
      const res = unwrap(await stack.act('assist', 'register', { ...at(demoVenue), name: '马桂兰', idCard }, inspector))
      expect(res.venue).toMatchObject({ name: '泉城广场', checkpointName: '主入口' })
      expect(res.entry).toMatchObject({ nameMasked: '马**', healthStatus: 'green', method: 'assisted', relation: null, repeated: false })
      const [row] = await stack.db.query<{ method: string; inspector_id: string; account_id: string }>(
        'SELECT method, inspector_id, account_id FROM entries WHERE id = $1', [res.entry.entryId])
      const inspectorId = await stack.userIdOf(inspector)
      expect(row).toEqual({ method: 'assisted', inspector_id: inspectorId, account_id: inspectorId })

      // Picked again from the last 7 days: same person, no typing.
      const recent = unwrap(await stack.act('assist', 'recent', {}, inspector))
      expect(recent.days).toBe(7)
      expect(recent.people[0]).toMatchObject({ personId: res.entry.personId, nameMasked: '马**', idCardMasked: `3701**********${idCard.slice(-4)}` })
      await shiftBack(stack.db, 'entries', 'checked_in_at', 'id = $1', [res.entry.entryId], '1 hour')
      const again = unwrap(await stack.act('assist', 'register', { ...at(demoVenue), personId: res.entry.personId }, inspector))
      expect(again.entry).toMatchObject({ personId: res.entry.personId, repeated: false })
    })

    it('remembers where each inspector last registered someone, for the next time the form opens (issue 17, observation 9)', async () => {
      const added = unwrap(await stack.act('venue', 'addCheckpoint', { venueId: demoVenue.venue.id, name: '北门' }, admin)).checkpoints.find((c) => c.name === '北门')!
      unwrap(await stack.act('assist', 'register', { venueId: demoVenue.venue.id, checkpointId: added.id, name: '马春花', idCard: makeIdCard('19420202') }, inspector))
      expect(unwrap(await stack.act('assist', 'venues', {}, inspector)).last).toEqual({ venueId: demoVenue.venue.id, checkpointId: added.id })
      // Per inspector: the admin registered elsewhere last, and a citizen never did.
      unwrap(await stack.act('assist', 'register', { ...at(demoVenue), name: '马秋月', idCard: makeIdCard('19430303') }, admin))
      expect(unwrap(await stack.act('assist', 'venues', {}, admin)).last).toEqual(at(demoVenue))
      expect(unwrap(await stack.act('assist', 'venues', {}, inspector)).last).toEqual({ venueId: demoVenue.venue.id, checkpointId: added.id })
      expect(unwrap(await stack.act('assist', 'venues', {}, await stack.login('citizen'))).last).toBeNull()
      unwrap(await stack.act('venue', 'removeCheckpoint', { venueId: demoVenue.venue.id, checkpointId: added.id }, admin))
    })

    it('lets the admin of the venue register too, and shows a red person as red', async () => {
      const idCard = makeIdCard('19380303')
      const first = unwrap(await stack.act('assist', 'register', { ...at(otherVenue), name: '牛大山', idCard, phone: '13300000000' }, admin))
      await stack.setPersonStatus(first.entry.personId, 'red')
      await stack.db.query('DELETE FROM entries WHERE id = $1', [first.entry.entryId])
      const again = unwrap(await stack.act('assist', 'register', { ...at(otherVenue), name: '牛大山', idCard }, admin))
      expect(again.entry).toMatchObject({ personId: first.entry.personId, healthStatus: 'red' })
    })

    it('refuses citizens and inspectors of other venues, writing nothing', async () => {
      const citizen = await stack.login('citizen')
      const before = { entries: await count(stack.db, 'entries'), persons: await count(stack.db, 'persons') }
      const person = { name: '杨柳', idCard: makeIdCard('19450505') }
      expect(await stack.act('assist', 'register', { ...at(demoVenue), ...person }, citizen)).toMatchObject({ ok: false, code: 'NOT_VENUE_INSPECTOR' })
      // The demo inspector is bound to 泉城广场 only.
      expect(await stack.act('assist', 'register', { ...at(otherVenue), ...person }, inspector)).toMatchObject({ ok: false, code: 'NOT_VENUE_INSPECTOR' })
      expect(unwrap(await stack.act('assist', 'venues', {}, citizen)).venues).toEqual([])
      expect({ entries: await count(stack.db, 'entries'), persons: await count(stack.db, 'persons') }).toEqual(before)
    })

    it('refuses a person the inspector did not register lately, a wrong checkpoint and a name that does not match', async () => {
      const stranger = await stack.login('citizen_red')
      const [holder] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(stranger)])
      expect(await stack.act('assist', 'register', { ...at(demoVenue), personId: holder.person_id }, inspector)).toMatchObject({ ok: false, code: 'ASSISTED_PERSON_NOT_FOUND' })
      expect(await stack.act('assist', 'register', { venueId: demoVenue.venue.id, checkpointId: 'nosuchgate', name: '杨柳', idCard: makeIdCard() }, inspector))
        .toMatchObject({ ok: false, code: 'CHECKPOINT_NOT_FOUND' })
      // 孙八 is the red demo citizen: an inspector cannot register that ID number under another name.
      expect(await stack.act('assist', 'register', { ...at(demoVenue), name: '孙九', idCard: '370102199203157896' }, inspector))
        .toMatchObject({ ok: false, code: 'PERSON_NAME_MISMATCH' })
      expect(await stack.act('assist', 'register', { ...at(demoVenue), personId: holder.person_id, name: '孙八' }, inspector))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { personId: expect.any(String) } })
      expect(await stack.act('assist', 'register', { ...at(demoVenue), name: '杨柳', idCard: '370102850304123' }, inspector))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { idCard: '不支持15位旧身份证号码，请填写18位身份证号码' } })
    })
  })

  describe('我的扫码记录', () => {
    async function family() {
      const token = await stack.newAccount()
      await stack.verify(token, { name: '林涛', idCard: makeIdCard('19800808'), phone: '13811112222' })
      const kid = unwrap(await stack.act('people', 'addCompanion', { name: '林小溪', idCard: kidIdCard, relation: 'child' }, token)).companion
      return { token, kid }
    }
    const kidIdCard = makeIdCard('20160909')

    it('lists own and companions\' entries newest first, but not a companion\'s entries made by others', async () => {
      const { token, kid } = await family()
      unwrap(await stack.call('checkIn', { code: demoVenue.code.url, companionIds: [kid.personId] }, token))
      await shiftBack(stack.db, 'entries', 'checked_in_at', 'account_id = $1', [await stack.userIdOf(token)], '2 hours')
      solo(await stack.call('checkIn', { code: otherVenue.code.url, companionIds: [] }, token))
      // The child's grandmother also lists the child and takes them to the park: not this account's business.
      const grandma = (await family()).token
      unwrap(await stack.call('checkIn', { code: otherVenue.code.url, companionIds: [kid.personId] }, grandma))
      const list = unwrap(await stack.act('entries', 'list', {}, token))
      expect(list.days).toBe(28)
      const line = (e: (typeof list.entries)[number]) => [e.venueName, e.who, e.nameMasked, e.method].join(' ')
      expect(list.entries.map(line)).toEqual([
        '趵突泉公园 本人 林* self',
        // One scan: the same time for both, the holder first.
        '泉城广场 本人 林* self',
        '泉城广场 子女 林** companion'
      ])
      expect(list.entries[0]).toMatchObject({ fullAddress: '山东省济南市历下区泉城路街道 泉城路188号', checkpointName: '主入口', withdrawnAt: null, withdrawable: true })
    })

    it('withdraws within 24 hours (marked, never deleted, not folded into), and refuses later', async () => {
      const { token } = await family()
      const entry = solo(await stack.call('checkIn', { code: demoVenue.code.url, companionIds: [] }, token))
      const rows = await count(stack.db, 'entries')
      const withdrawn = unwrap(await stack.act('entries', 'withdraw', { entryId: entry.entryId }, token)).entry
      expect(withdrawn).toMatchObject({ entryId: entry.entryId, withdrawable: false, withdrawnAt: expect.stringMatching(/Z$/) })
      expect(await count(stack.db, 'entries')).toBe(rows)
      // Twice is the same answer; someone else's entry is not found.
      expect(unwrap(await stack.act('entries', 'withdraw', { entryId: entry.entryId }, token)).entry.withdrawnAt).toBe(withdrawn.withdrawnAt)
      expect(await stack.act('entries', 'withdraw', { entryId: entry.entryId }, await stack.login('citizen'))).toMatchObject({ ok: false, code: 'ENTRY_NOT_FOUND' })
      // The next scan is a new entry, not the withdrawn one.
      expect(solo(await stack.call('checkIn', { code: demoVenue.code.url, companionIds: [] }, token)).entryId).not.toBe(entry.entryId)

      const old = solo(await stack.call('checkIn', { code: otherVenue.code.url, companionIds: [] }, token))
      await shiftBack(stack.db, 'entries', 'checked_in_at', 'id = $1', [old.entryId], '25 hours')
      expect(await stack.act('entries', 'withdraw', { entryId: old.entryId }, token)).toMatchObject({ ok: false, code: 'WITHDRAW_TOO_LATE', message: '只能撤销24小时内的扫码记录' })
      const [r] = await stack.db.query<{ withdrawn_at: Date | null }>('SELECT withdrawn_at FROM entries WHERE id = $1', [old.entryId])
      expect(r.withdrawn_at).toBeNull()
      const listed = unwrap(await stack.act('entries', 'list', {}, token)).entries
      expect(listed.find((e) => e.entryId === entry.entryId)).toMatchObject({ withdrawnAt: withdrawn.withdrawnAt })
      expect(listed.find((e) => e.entryId === old.entryId)).toMatchObject({ withdrawable: false, withdrawnAt: null })
    })
  })
})
