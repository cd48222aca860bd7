import type { GenerateCodeResponse } from '../../src/shared/api'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, unwrap } from './fixtures'

/**
 * Issue 17, observation 3: the last four ID digits that tell a family's 周** apart go to the
 * account holding the person (and to the inspector for the person just registered), never to
 * anyone else who sees the same entries.
 */
describe.each(testDatabases())('last four ID digits on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let venue: GenerateCodeResponse

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    venue = unwrap(await stack.call('myVenues', {}, await stack.login('venue_admin'))).venues[0]
  })
  afterAll(async () => { await stack.close() })

  it('go to the holder for the holder and the companions, and to nobody else', async () => {
    const holderId = makeIdCard('19800101')
    const childId = makeIdCard('20120101')
    const holder = await stack.verifiedAccount({ name: '周新民', idCard: holderId, phone: '13912345678' })
    const child = unwrap(await stack.act('people', 'addCompanion', { name: '周晓明', idCard: childId, relation: 'child' }, holder)).companion

    const chooser = unwrap(await stack.call('checkIn', { code: venue.code.url }, holder))
    if (chooser.kind !== 'choose') throw new Error('expected the chooser')
    expect(chooser.holder.idLast4).toBe(holderId.slice(-4))
    expect(chooser.companions.map((c) => c.idLast4)).toEqual([childId.slice(-4)])

    const entered = unwrap(await stack.call('checkIn', { code: venue.code.url, companionIds: [child.personId] }, holder))
    if (entered.kind !== 'entered') throw new Error('expected entries')
    expect(entered.people.map((p) => p.idLast4)).toEqual([holderId.slice(-4), childId.slice(-4)])
    const mine = unwrap(await stack.act('entries', 'list', {}, holder)).entries
    expect(mine.map((e) => e.idLast4).sort()).toEqual([holderId.slice(-4), childId.slice(-4)].sort())

    // The inspector at the gate sees the same two entries, masked, without the digits.
    const inspector = await stack.login('inspector')
    const feed = unwrap(await stack.act('inspector', 'feed', { venueId: venue.venue.id }, inspector))
    const theirs = feed.entries.filter((e) => e.entryId === entered.people[0].entryId || e.entryId === entered.people[1].entryId)
    expect(theirs).toHaveLength(2)
    for (const e of theirs) {
      expect(e).not.toHaveProperty('idLast4')
      expect(e.nameMasked).toBe('周**')
    }

    // The inspector registers the holder by hand: their own answer has the digits of that person…
    const assisted = unwrap(await stack.act('assist', 'register', { venueId: venue.venue.id, checkpointId: venue.code.checkpointId, name: '周新民', idCard: holderId }, inspector))
    expect(assisted.entry.idLast4).toBe(holderId.slice(-4))
    // …but not in their own 我的扫码记录, where the person is not theirs.
    const inspectorsList = unwrap(await stack.act('entries', 'list', {}, inspector)).entries
    const thatLine = inspectorsList.find((e) => e.entryId === assisted.entry.entryId)
    expect(thatLine?.idLast4 ?? null).toBeNull()

    // Another citizen's check-in answer carries only their own person.
    const other = await stack.login('citizen')
    const theirAnswer = unwrap(await stack.call('checkIn', { code: venue.code.url, companionIds: [] }, other))
    if (theirAnswer.kind !== 'entered') throw new Error('expected entries')
    expect(theirAnswer.people).toHaveLength(1)
    expect([entered.people[0].personId, child.personId]).not.toContain(theirAnswer.people[0].personId)
    const ownProfile = unwrap(await stack.act('people', 'getProfile', {}, other)).profile!
    expect(theirAnswer.people[0].idLast4).toBe(ownProfile.idCardMasked.slice(-4))

    // The child holds their own verified account: they see their own digits on their entries.
    const childAccount = await stack.verifiedAccount({ name: '周晓明', idCard: childId, phone: '13912345679' })
    const childList = unwrap(await stack.act('entries', 'list', {}, childAccount)).entries
    expect(childList.length).toBeGreaterThan(0)
    expect(childList.every((e) => e.idLast4 === childId.slice(-4))).toBe(true)
  })
})
