import { randomBytes } from 'crypto'
import type { GenerateCodeResponse } from '../../src/shared/api'
import { ERRORS } from '../../src/shared/errors'
import { signVenueCode } from '../../server/crypto/code-signing'
import { venueCodeUrl } from '../../src/shared/venue-code'
import { createTestStack, TEST_BASE_URL, testDatabases, type TestStack } from '../support/stack'
import { count, solo, tokenOf, unwrap, venueInput, shiftBack } from './fixtures'

const linkTo = (token: string) => venueCodeUrl(TEST_BASE_URL, token)

describe.each(testDatabases())('checkIn on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let admin: string
  let venue: GenerateCodeResponse
  let other: GenerateCodeResponse

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    admin = await stack.login('venue_admin')
    venue = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '大明湖景区', address: '大明湖路271号', type: 'scenic' }), admin))
    other = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '芙蓉街小吃', address: '芙蓉街1号' }), admin))
  })
  afterAll(async () => { await stack.close() })
  beforeEach(async () => { await stack.db.query('DELETE FROM entries') })

  it('logs an entry and shows venue name, address, masked name and a green status', async () => {
    const citizen = await stack.login('citizen')
    const before = Date.now()
    const data = solo(await stack.call('checkIn', { code: venue.code.url }, citizen))
    expect(data).toMatchObject({
      repeated: false,
      venue: {
        id: venue.venue.id,
        name: '大明湖景区',
        fullAddress: '山东省济南市历下区泉城路街道 大明湖路271号',
        typeLabel: '旅游景点',
        checkpointName: '主入口'
      },
      person: { nameMasked: '张*', healthStatus: 'green' }
    })
    // Server clock, UTC ISO string.
    expect(data.checkedInAt).toMatch(/Z$/)
    expect(Math.abs(new Date(data.checkedInAt).getTime() - before)).toBeLessThan(60000)
    const rows = await stack.db.query<{ id: string; venue_id: string; checkpoint_id: string }>('SELECT id, venue_id, checkpoint_id FROM entries')
    expect(rows).toEqual([{ id: data.entryId, venue_id: venue.venue.id, checkpoint_id: venue.code.checkpointId }])
  })

  it('accepts the URL-encoded link WeChat passes, and refuses a bare token with no link around it', async () => {
    const citizen = await stack.login('citizen')
    expect(await stack.call('checkIn', { code: tokenOf(venue.code.url) }, citizen)).toMatchObject({ ok: false, code: 'VENUE_CODE_FOREIGN' })
    expect(await count(stack.db, 'entries')).toBe(0)
    const res = solo(await stack.call('checkIn', { code: encodeURIComponent(other.code.url) }, citizen))
    expect(res.venue.id).toBe(other.venue.id)
  })

  it.each([['citizen_yellow', 'yellow', '钱*'], ['citizen_red', 'red', '孙*']] as const)(
    '%s sees a %s status on the result', async (account, status, name) => {
      const token = await stack.login(account)
      const data = solo(await stack.call('checkIn', { code: venue.code.url }, token))
      expect(data.person).toEqual({ nameMasked: name, healthStatus: status })
    })

  it('reflects a status set after sign-in', async () => {
    const token = await stack.login('inspector')
    await stack.setHealthStatus(await stack.userIdOf(token), 'red')
    expect(solo(await stack.call('checkIn', { code: venue.code.url }, token)).person.healthStatus).toBe('red')
    await stack.setHealthStatus(await stack.userIdOf(token), 'green')
  })

  describe('refusals write nothing', () => {
    let citizen: string
    beforeAll(async () => { citizen = await stack.login('citizen') })
    afterEach(async () => { expect(await count(stack.db, 'entries')).toBe(0) })

    const expectRefusal = async (code: string, expected: 'VENUE_CODE_FOREIGN' | 'VENUE_CODE_FORGED' | 'VENUE_CODE_REVOKED') => {
      expect(await stack.call('checkIn', { code }, citizen)).toEqual({ ok: false, code: expected, message: ERRORS[expected] })
    }

    it('refuses a code signed with a key it does not hold (same kid)', async () => {
      const forged = signVenueCode({ keys: { k1: randomBytes(32) }, currentKid: 'k1' },
        { venueId: venue.venue.id, checkpointId: venue.code.checkpointId, codeVersion: 1 })
      await expectRefusal(`https://csm.example.test/c?t=${forged}`, 'VENUE_CODE_FORGED')
    })

    it('refuses a genuine code whose venue id was changed', async () => {
      const tampered = venue.code.url.replace(`.${venue.venue.id}.`, `.${other.venue.id}.`)
      expect(tampered).not.toBe(venue.code.url)
      await expectRefusal(tampered, 'VENUE_CODE_FORGED')
    })

    it('refuses a code whose signature was changed', async () => {
      const sig = venue.code.url.slice(-22)
      const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
      await expectRefusal(venue.code.url.slice(0, -22) + flipped, 'VENUE_CODE_FORGED')
    })

    it('refuses a code with an unknown key id', async () => {
      const unknown = signVenueCode({ keys: { k9: randomBytes(32) }, currentKid: 'k9' },
        { venueId: venue.venue.id, checkpointId: venue.code.checkpointId, codeVersion: 1 })
      await expectRefusal(linkTo(unknown), 'VENUE_CODE_FORGED')
    })

    it('refuses a correctly signed code for a venue that does not exist', async () => {
      const ghost = signVenueCode({ keys: stack.config.codeSigningKeys, currentKid: stack.config.codeSigningKid },
        { venueId: 'ghostvenue', checkpointId: 'ghostpoint', codeVersion: 1 })
      await expectRefusal(linkTo(ghost), 'VENUE_CODE_FORGED')
    })

    it('refuses a correctly signed code of a version not issued yet (only a key holder could sign one)', async () => {
      const ahead = signVenueCode({ keys: stack.config.codeSigningKeys, currentKid: stack.config.codeSigningKid },
        { venueId: venue.venue.id, checkpointId: venue.code.checkpointId, codeVersion: 2 })
      await expectRefusal(linkTo(ahead), 'VENUE_CODE_FORGED')
    })

    it.each([
      'https://phishing.example.com/login?next=/c',
      'https://csm.example.test/other?t=CSM1.k1.a.b.1.AAAAAAAAAAAAAAAAAAAAAA',
      '随便什么文字',
      'weixin://dl/business/?t=abc'
    ])('warns about a foreign code: %s', async (code) => {
      await expectRefusal(code, 'VENUE_CODE_FOREIGN')
    })

    it.each([
      ['cut short', (url: string) => url.slice(0, -5)],
      ['missing its checkpoint', (url: string) => url.replace(/\.[0-9a-z]+\.1\./, '.1.')],
      ['three parts only', () => linkTo('CSM1.k1.only-three')]
    ])('refuses a damaged code of our own scheme (%s) as forged', async (_label, damage) => {
      await expectRefusal(damage(venue.code.url), 'VENUE_CODE_FORGED')
    })

    it('refuses an old poster after regenerateCode and accepts the new one', async () => {
      const fresh = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '解放阁' }), admin))
      const regenerated = unwrap(await stack.call('regenerateCode', { venueId: fresh.venue.id }, admin))
      await expectRefusal(fresh.code.url, 'VENUE_CODE_REVOKED')
      solo(await stack.call('checkIn', { code: regenerated.code.url }, citizen))
      await stack.db.query('DELETE FROM entries')
    })

    it('calls an empty scan foreign, and refuses a request with other fields or a code that is not text', async () => {
      expect(await stack.call('checkIn', { code: '' }, citizen)).toMatchObject({ ok: false, code: 'VENUE_CODE_FOREIGN' })
      expect(await stack.call('checkIn', { code: 42 }, citizen)).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { code: '格式不正确' } })
      expect(await stack.call('checkIn', { code: venue.code.url, when: '2022-04-01' }, citizen)).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { when: '不支持的字段' } })
    })

    it('requires a signed-in caller', async () => {
      expect(await stack.call('checkIn', { code: venue.code.url })).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    })
  })

  describe('idempotency', () => {
    it('folds a second scan within 5 minutes into the first entry', async () => {
      const citizen = await stack.login('citizen')
      const first = solo(await stack.call('checkIn', { code: venue.code.url }, citizen))
      const second = solo(await stack.call('checkIn', { code: venue.code.url }, citizen))
      expect(second).toEqual({ ...first, repeated: true })
      expect(await count(stack.db, 'entries')).toBe(1)
      // A different venue in the same minute is a different visit.
      expect(solo(await stack.call('checkIn', { code: other.code.url }, citizen)).repeated).toBe(false)
      // So is another person at the same venue.
      expect(solo(await stack.call('checkIn', { code: venue.code.url }, await stack.login('citizen_red'))).repeated).toBe(false)
      expect(await count(stack.db, 'entries')).toBe(3)
    })

    it('makes exactly one row from 10 scans at the same instant', async () => {
      const citizen = await stack.login('citizen_yellow')
      const results = await Promise.all(Array.from({ length: 10 }, () => stack.call('checkIn', { code: venue.code.url }, citizen)))
      const data = results.map(solo)
      expect(await count(stack.db, 'entries')).toBe(1)
      expect(new Set(data.map((d) => d.entryId)).size).toBe(1)
      expect(data.filter((d) => !d.repeated)).toHaveLength(1)
    })

    it('logs a new entry once the window has passed', async () => {
      const citizen = await stack.login('citizen')
      const first = solo(await stack.call('checkIn', { code: venue.code.url }, citizen))
      await shiftBack(stack.db, 'entries', 'checked_in_at', 'id = $1', [first.entryId], '6 minutes')
      const later = solo(await stack.call('checkIn', { code: venue.code.url }, citizen))
      expect(later.repeated).toBe(false)
      expect(later.entryId).not.toBe(first.entryId)
      expect(await count(stack.db, 'entries')).toBe(2)
    })

    it('shows a folded scan as recorded, at the checkpoint first scanned', async () => {
      // A second gate of the same venue, with its own code (checkpoint management comes later).
      await stack.db.query("INSERT INTO checkpoints (id, venue_id, name) VALUES ('northgate', $1, '北门')", [venue.venue.id])
      const north = signVenueCode({ keys: stack.config.codeSigningKeys, currentKid: stack.config.codeSigningKid },
        { venueId: venue.venue.id, checkpointId: 'northgate', codeVersion: 1 })
      const citizen = await stack.login('citizen')
      const first = solo(await stack.call('checkIn', { code: venue.code.url }, citizen))
      const again = solo(await stack.call('checkIn', { code: linkTo(north) }, citizen))
      expect(again).toMatchObject({ entryId: first.entryId, repeated: true, venue: { checkpointName: '主入口' } })
      await stack.db.query('DELETE FROM entries')
      await stack.db.query("DELETE FROM checkpoints WHERE id = 'northgate'")
    })

    it('does not fold into a withdrawn entry', async () => {
      const citizen = await stack.login('citizen')
      const first = solo(await stack.call('checkIn', { code: venue.code.url }, citizen))
      await stack.db.query('UPDATE entries SET withdrawn_at = now() WHERE id = $1', [first.entryId])
      expect(solo(await stack.call('checkIn', { code: venue.code.url }, citizen)).entryId).not.toBe(first.entryId)
    })
  })
})

describe('signing key rotation', () => {
  let stack: TestStack
  afterAll(async () => { await stack.close() })

  it('accepts posters signed with a retired key and signs new codes with the current one', async () => {
    const k1 = randomBytes(32)
    // After a rotation the old key stays configured (for posters on walls) but k2 signs.
    stack = await createTestStack({ config: { codeSigningKeys: { k1, k2: randomBytes(32) }, codeSigningKid: 'k2' } })
    const admin = await stack.login('venue_admin')
    const current = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    expect(tokenOf(current.code.url)).toMatch(/^CSM1\.k2\./)
    const oldPoster = signVenueCode({ keys: { k1 }, currentKid: 'k1' },
      { venueId: current.venue.id, checkpointId: current.code.checkpointId, codeVersion: 1 })
    const citizen = await stack.login('citizen')
    expect(solo(await stack.call('checkIn', { code: venueCodeUrl(stack.config.publicBaseUrl, oldPoster) }, citizen)).venue.id).toBe(current.venue.id)
  })
})
