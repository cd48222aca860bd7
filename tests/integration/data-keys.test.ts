import { randomBytes } from 'crypto'
import { decrypt, encrypt, keyIdOf, type DataKeys } from '../../server/crypto/personal-data'
import { dataKeyUsage, ENCRYPTED_COLUMNS, rotateDataKey } from '../../server/domain/key-rotation'
import { closeRuntime } from '../../server/runtime'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, unwrap } from './fixtures'
import { setStatusApproved } from '../support/two-officials'

/** Personal data at rest: key ids beside every value, rotation, and no plain text anywhere. */
describe.each(testDatabases())('data keys on $label', ({ databaseUrl }) => {
  let stack: TestStack
  afterEach(async () => { await stack?.close() })

  it('encrypts every *_enc column the schema has with a key id, and the rotation list names them all', async () => {
    stack = await createTestStack({ databaseUrl })
    const cols = await stack.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE column_name LIKE '%\\_enc' AND table_schema = current_schema() ORDER BY 1, 2`)
    const listed = ENCRYPTED_COLUMNS.flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)).sort()
    expect(cols.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(listed)
  })

  it('rotates to a new key: every value re-encrypted, readable without the old key, hashes unchanged', async () => {
    const oldKeys: DataKeys = { keys: { d1: randomBytes(32) }, currentKid: 'd1' }
    stack = await createTestStack({ databaseUrl, config: { dataKeys: oldKeys } })
    const citizen = await stack.login('citizen')
    unwrap(await stack.act('people', 'addCompanion', { name: '张小明', idCard: makeIdCard('20160101'), relation: 'child', phone: '13700000000' }, citizen))
    const admin = await stack.login('venue_admin')
    const venueId = unwrap(await stack.call('myVenues', {}, admin)).venues[0].venue.id
    unwrap(await stack.act('venue', 'update', { venueId, adminMobile: '13600000000' }, admin))
    const official = await stack.login('official')
    const statusBefore = await setStatusApproved(stack, official, await stack.login('official_reviewer'),
      { idCard: '370102199001011231', name: '张三', status: 'yellow', reason: '同一航班密接' })
    const venuesBefore = unwrap(await stack.call('myVenues', {}, admin)).venues
    const changesBefore = unwrap(await stack.act('venue', 'get', { venueId }, admin)).changes
    const companionsBefore = unwrap(await stack.act('people', 'listCompanions', {}, citizen)).companions
    const hashesBefore = await stack.db.query('SELECT id, id_card_hash, phone_hash FROM persons ORDER BY id')
    expect(await dataKeyUsage(stack.db)).toEqual({ d1: expect.any(Number) })

    // The operator adds d2 beside d1 and makes it current; new values use it at once.
    const both: DataKeys = { keys: { ...oldKeys.keys, d2: randomBytes(32) }, currentKid: 'd2' }
    const done = await rotateDataKey(stack.db, both, 3)
    expect(done.persons).toBeGreaterThan(10)
    expect(done.companions).toBe(1)
    expect(done.venues).toBe(3)
    // One recorded change: its old and new values.
    expect(done.venue_changes).toBe(2)
    // The status change's reason, in its history and in the person's access log (proposed, approved).
    expect(done.status_changes).toBe(1)
    expect(done.access_log).toBe(2)
    // The proposal: its reason and the approver's, and its one line.
    expect(done.status_proposals).toBe(2)
    expect(done.status_proposal_lines).toBe(1)
    expect(await dataKeyUsage(stack.db)).toEqual({ d2: expect.any(Number) })
    // Nothing left to do: a second run is a no-op.
    expect(await rotateDataKey(stack.db, both)).toEqual({
      persons: 0, companions: 0, venues: 0, venue_changes: 0, status_changes: 0, access_log: 0, users: 0, identity_checks: 0,
      status_proposals: 0, status_proposal_lines: 0, appeals: 0
    })
    expect(await stack.db.query('SELECT id, id_card_hash, phone_hash FROM persons ORDER BY id')).toEqual(hashesBefore)

    // Restart with d1 removed: the functions read everything as before.
    const db = stack.db
    const sessions = await db.query('SELECT * FROM sessions')
    expect(sessions.length).toBeGreaterThan(0)
    stack.config.dataKeys = { keys: { d2: both.keys.d2 }, currentKid: 'd2' }
    expect(unwrap(await stack.call('myVenues', {}, admin)).venues).toEqual(venuesBefore)
    expect(unwrap(await stack.act('people', 'listCompanions', {}, citizen)).companions).toEqual(companionsBefore)
    expect(unwrap(await stack.act('venue', 'get', { venueId }, admin)).changes).toEqual(changesBefore)
    expect(unwrap(await stack.call('whoAmI', {}, citizen)).nameMasked).toBe('张*')
    expect(unwrap(await stack.act('official', 'person', { idCard: '370102199001011231' }, official)).history).toEqual(statusBefore.history)
    expect(unwrap(await stack.act('people', 'accessLog', {}, citizen)).records.map((r) => r.reason)).toContain('同一航班密接')
  })

  it('stops with the missing key id named, changing nothing, when a value was written with a key it lacks', async () => {
    stack = await createTestStack({ databaseUrl })
    const stray: DataKeys = { keys: { zz: randomBytes(32) }, currentKid: 'zz' }
    await stack.db.query(`UPDATE persons SET phone_enc = $1 WHERE id = (SELECT id FROM persons ORDER BY id LIMIT 1)`, [encrypt(stray, '13000000000')])
    const before = await stack.db.query('SELECT * FROM persons ORDER BY id')
    await expect(rotateDataKey(stack.db, { keys: { ...stack.config.dataKeys.keys, n2: randomBytes(32) }, currentKid: 'n2' }, 1000))
      .rejects.toThrow('no data key with id "zz"')
    expect(await stack.db.query('SELECT * FROM persons ORDER BY id')).toEqual(before)
  })
})

describe('personal-data cipher', () => {
  afterAll(async () => { await closeRuntime() })
  const keys: DataKeys = { keys: { a: randomBytes(32), b: randomBytes(32) }, currentKid: 'b' }

  it('round-trips text under the current key and labels it', () => {
    const stored = encrypt(keys, '370102199001011231')
    expect(keyIdOf(stored)).toBe('b')
    expect(decrypt(keys, stored)).toBe('370102199001011231')
    // A fresh IV each time: equal values do not give equal ciphertexts.
    expect(encrypt(keys, '张三')).not.toBe(encrypt(keys, '张三'))
  })

  it('refuses a modified ciphertext and a value relabelled with another key id', () => {
    const stored = encrypt(keys, '13800000000')
    const body = Buffer.from(stored.slice(2), 'base64')
    body[body.length - 1] ^= 1
    expect(() => decrypt(keys, `b:${body.toString('base64')}`)).toThrow()
    expect(() => decrypt(keys, `a:${stored.slice(2)}`)).toThrow()
  })
})
