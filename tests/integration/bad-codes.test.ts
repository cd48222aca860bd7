/**
 * Every entry of the bad-code corpus (tests/fixtures/bad-codes.json) through checkIn, on PGlite
 * and on PostgreSQL: each is refused as a code (the warning screen's answers), and no entry is
 * written. The same corpus goes through the H5 page in tests/e2e/bad-codes.test.ts.
 */
import { badCodesFor, BAD_CODE_TEMPLATES } from '../support/bad-codes'
import { createTestStack, TEST_BASE_URL, testDatabases, type TestStack } from '../support/stack'
import { count, unwrap } from './fixtures'

const WARNINGS = ['VENUE_CODE_FOREIGN', 'VENUE_CODE_FORGED', 'VENUE_CODE_REVOKED']

test('the corpus holds at least 40 bad codes of every kind the issue names', () => {
  expect(BAD_CODE_TEMPLATES.length).toBeGreaterThanOrEqual(40)
  const kinds = BAD_CODE_TEMPLATES.map((c) => c.kind).join('\n')
  for (const kind of ['other system', 'look-alike host', 'field altered: kid', 'field altered: venue', 'field altered: checkpoint',
    'field altered: version', 'field altered: signature', 'truncated at dot 1', 'truncated at dot 5', 'over-long', 'empty',
    'whitespace', 'percent-encoded', 'double-encoded', 'javascript:', 'data:', 'key we do not hold', 'revoked version',
    'non-canonical signature', 'duplicate parameter']) {
    expect(kinds).toContain(kind)
  }
})

describe.each(testDatabases())('checkIn refuses every bad code on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let citizen: string
  let codes: ReturnType<typeof badCodesFor>
  let current: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    const admin = await stack.login('venue_admin')
    const venue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    const regenerated = unwrap(await stack.call('regenerateCode', { venueId: venue.venue.id }, admin))
    current = regenerated.code.url
    codes = badCodesFor(TEST_BASE_URL, current, venue.code.url)
    citizen = await stack.login('citizen')
  })
  afterAll(async () => { await stack.close() })

  it('answers each with the warning and writes no entry', async () => {
    const answers: Array<{ kind: string; code: string }> = []
    for (const bad of codes) {
      const res = await stack.call('checkIn', { code: bad.text }, citizen)
      answers.push({ kind: bad.kind, code: res.ok ? 'ACCEPTED' : res.code })
    }
    expect(answers.filter((a) => !WARNINGS.includes(a.code))).toEqual([])
    expect(await count(stack.db, 'entries')).toBe(0)
    // The genuine link itself still checks in: the refusals above are about the spellings.
    unwrap(await stack.call('checkIn', { code: current }, citizen))
    expect(await count(stack.db, 'entries')).toBe(1)
  })
})
