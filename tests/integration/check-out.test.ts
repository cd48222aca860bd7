import type { GenerateCodeResponse } from '../../src/shared/api'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, solo, unwrap, venueInput, shiftBack } from './fixtures'

/** 离场: a group leaves together, all or nothing, within 24 hours, once. */
describe.each(testDatabases())('check-out on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let demoVenue: GenerateCodeResponse
  let otherVenue: GenerateCodeResponse
  let inspector: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    const admin = await stack.login('venue_admin')
    inspector = await stack.login('inspector')
    demoVenue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    otherVenue = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '离场测试馆' }), admin))
  })
  afterAll(async () => { await stack.close() })

  async function family() {
    const token = await stack.newAccount()
    const idCard = makeIdCard('19810202')
    await stack.verify(token, { name: '何平', idCard, phone: '13811113333' })
    const kid = unwrap(await stack.act('people', 'addCompanion', { name: '何小满', idCard: makeIdCard('20180808'), relation: 'child' }, token)).companion
    return { token, kid, idCard }
  }

  const checkedOut = async (ids: string[]) => (await stack.db.query<{ id: string; checked_out_at: Date | null }>(
    'SELECT id, checked_out_at FROM entries WHERE id = ANY($1::uuid[]) ORDER BY id', [ids])).map((r) => r.checked_out_at !== null)

  it('checks out a whole group at once, shows it in 我的扫码记录, and refuses a second time', async () => {
    const { token, kid } = await family()
    const scan = unwrap(await stack.call('checkIn', { code: demoVenue.code.url, companionIds: [kid.personId] }, token))
    if (scan.kind !== 'entered') throw new Error('expected entries')
    const ids = scan.people.map((p) => p.entryId)
    const listed = unwrap(await stack.act('entries', 'list', {}, token)).entries
    expect(listed.map((e) => [e.checkOutable, e.checkedOutAt])).toEqual([[true, null], [true, null]])

    const out = unwrap(await stack.act('entries', 'checkOut', { entryIds: [ids[1], ids[0], ids[0]] }, token)).entries
    expect(out.map((e) => e.entryId).sort()).toEqual([...ids].sort())
    for (const e of out) expect(e).toMatchObject({ checkOutable: false, checkedOutAt: expect.stringMatching(/Z$/), withdrawnAt: null })
    const after = unwrap(await stack.act('entries', 'list', {}, token)).entries
    expect(after.map((e) => e.checkedOutAt)).toEqual(out.map((e) => e.checkedOutAt))
    expect(after.every((e) => !e.checkOutable && e.withdrawable)).toBe(true)

    const [row] = await stack.db.query<{ checked_out_at: Date }>('SELECT checked_out_at FROM entries WHERE id = $1', [ids[0]])
    expect(await stack.act('entries', 'checkOut', { entryIds: [ids[0]] }, token)).toMatchObject({ ok: false, code: 'CHECK_OUT_CLOSED', message: '该记录已撤销或已离场，无法再次离场' })
    const [again] = await stack.db.query<{ checked_out_at: Date }>('SELECT checked_out_at FROM entries WHERE id = $1', [ids[0]])
    expect(new Date(again.checked_out_at).toISOString()).toBe(new Date(row.checked_out_at).toISOString())

    // Withdrawing a checked-out entry is still allowed (it was a mistake all along).
    expect(unwrap(await stack.act('entries', 'withdraw', { entryId: ids[0] }, token)).entry).toMatchObject({ withdrawnAt: expect.any(String), checkOutable: false })
  })

  it('is all or nothing: a withdrawn, late or already checked-out entry among them refuses the whole group', async () => {
    const { token, kid } = await family()
    const a = solo(await stack.call('checkIn', { code: demoVenue.code.url, companionIds: [] }, token)).entryId
    const withdrawn = solo(await stack.call('checkIn', { code: otherVenue.code.url, companionIds: [] }, token)).entryId
    unwrap(await stack.act('entries', 'withdraw', { entryId: withdrawn }, token))
    expect(await stack.act('entries', 'checkOut', { entryIds: [a, withdrawn] }, token)).toMatchObject({ ok: false, code: 'CHECK_OUT_CLOSED' })
    expect(await checkedOut([a])).toEqual([false])

    const scan = unwrap(await stack.call('checkIn', { code: otherVenue.code.url, companionIds: [kid.personId] }, token))
    if (scan.kind !== 'entered') throw new Error('expected entries')
    const late = scan.people[1].entryId
    await stack.db.query("UPDATE entries SET checked_in_at = now() - interval '24 hours 1 second' WHERE id = $1", [late])
    expect(await stack.act('entries', 'checkOut', { entryIds: [a, late] }, token)).toMatchObject({ ok: false, code: 'CHECK_OUT_CLOSED' })
    expect(await checkedOut([a, late])).toEqual([false, false])
    const listed = unwrap(await stack.act('entries', 'list', {}, token)).entries
    expect(listed.find((e) => e.entryId === late)).toMatchObject({ checkOutable: false, checkedOutAt: null })
    expect(listed.find((e) => e.entryId === withdrawn)).toMatchObject({ checkOutable: false, checkedOutAt: null })

    // Just inside the 24 hours is still open.
    await stack.db.query("UPDATE entries SET checked_in_at = now() - interval '23 hours 59 minutes' WHERE id = $1", [late])
    unwrap(await stack.act('entries', 'checkOut', { entryIds: [late] }, token))
    expect(await stack.act('entries', 'checkOut', { entryIds: [a, late] }, token)).toMatchObject({ ok: false, code: 'CHECK_OUT_CLOSED' })
    expect(await checkedOut([a])).toEqual([false])
    unwrap(await stack.act('entries', 'checkOut', { entryIds: [a] }, token))
  })

  it('answers ENTRY_NOT_FOUND for entries the account did not make, changing nothing', async () => {
    const mine = await family()
    const other = await family()
    const a = solo(await stack.call('checkIn', { code: otherVenue.code.url, companionIds: [] }, mine.token)).entryId
    const b = solo(await stack.call('checkIn', { code: otherVenue.code.url, companionIds: [] }, other.token)).entryId
    expect(await stack.act('entries', 'checkOut', { entryIds: [a, b] }, mine.token)).toMatchObject({ ok: false, code: 'ENTRY_NOT_FOUND' })
    expect(await stack.act('entries', 'checkOut', { entryIds: ['00000000-0000-4000-8000-000000000000'] }, mine.token)).toMatchObject({ ok: false, code: 'ENTRY_NOT_FOUND' })
    expect(await checkedOut([a, b])).toEqual([false, false])

    // An inspector's 辅助登记 of the holder is the holder's to see, not to check out: the inspector's account made it.
    const assisted = unwrap(await stack.act('assist', 'register', {
      venueId: demoVenue.venue.id, checkpointId: demoVenue.code.checkpointId, name: '何平', idCard: mine.idCard
    }, inspector)).entry.entryId
    await shiftBack(stack.db, 'entries', 'checked_in_at', 'id = $1', [assisted], '2 hours')
    const listed = unwrap(await stack.act('entries', 'list', {}, mine.token)).entries
    expect(listed.find((e) => e.entryId === assisted)).toMatchObject({ method: 'assisted', checkOutable: false })
    expect(await stack.act('entries', 'checkOut', { entryIds: [assisted] }, mine.token)).toMatchObject({ ok: false, code: 'ENTRY_NOT_FOUND' })
    expect(await checkedOut([assisted])).toEqual([false])
  })

  it('refuses malformed requests with Chinese messages', async () => {
    const { token } = await family()
    expect(await stack.act('entries', 'checkOut', { entryIds: [] }, token)).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { entryIds: '请选择要离场的记录' } })
    expect(await stack.act('entries', 'checkOut', { entryIds: ['nope'] }, token)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const twelve = Array.from({ length: 12 }, () => '00000000-0000-4000-8000-000000000000')
    expect(await stack.act('entries', 'checkOut', { entryIds: twelve }, token)).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { entryIds: '一次最多11人离场' } })
  })

  it('checks out once when asked twice at the same time', async () => {
    const { token } = await family()
    const a = solo(await stack.call('checkIn', { code: otherVenue.code.url, companionIds: [] }, token)).entryId
    const rows = await count(stack.db, 'entries')
    const answers = await Promise.all([1, 2, 3].map(() => stack.act('entries', 'checkOut', { entryIds: [a] }, token)))
    expect(answers.filter((x) => x.ok)).toHaveLength(1)
    expect(answers.filter((x) => !x.ok).map((x) => !x.ok && x.code)).toEqual(['CHECK_OUT_CLOSED', 'CHECK_OUT_CLOSED'])
    expect(await count(stack.db, 'entries')).toBe(rows)
  })
})
