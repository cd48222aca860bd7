/**
 * Property-based tests of every function through its real entry (makeMain, with an HTTP
 * context), on PGlite and on PostgreSQL: random and adversarial events that no schema accepts
 * (not objects, unknown and prototype keys, missing keys, wrong types, out-of-range numbers, huge
 * strings, control, bidi and zero-width characters, lone surrogates, SQL and HTML text), signed
 * out, signed in, and as the venue's administrator, each answer `{ ok: false, code, message }` in
 * Chinese, never INTERNAL and never a stack trace, and leave every table exactly as it was.
 *
 * A failure prints fast-check's seed and path: replay it with FC_SEED=<seed> FC_PATH=<path>
 * (FC_RUNS sets the number of runs per property).
 */
import fc from 'fast-check'
import { FUNCTION_NAMES, type FunctionName } from '../../src/shared/api'
import {
  ACTIONS, assertRefusal, describeEvent, fcParameters, invalidEvent, KNOWN_KEYS, rowCounts, shortText, tableStates,
  type Query, type TableState
} from '../support/prop-events'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { unwrap, venueInput } from './fixtures'

const RUNS = 100

type CallerKind = 'signed out' | 'citizen' | 'venue admin'

const callersOf = (name: FunctionName): CallerKind[] =>
  name === 'getVenueCode' || name === 'regenerateCode' ? ['signed out', 'citizen', 'venue admin'] : ['signed out', 'citizen']

const CASES: Array<[FunctionName, CallerKind]> = []
for (const name of FUNCTION_NAMES) for (const caller of callersOf(name)) CASES.push([name, caller])

const forgedAddress = fc.oneof(
  fc.constantFrom('127.0.0.1', '::1', '10.0.0.1, 203.0.113.9', "'; DROP TABLE rate_limits; --", '', ' , ', 'x'.repeat(2000), '<script>alert(1)</script>'),
  shortText
)
const garbageAuthorization = fc.oneof(
  fc.constantFrom('Bearer', 'Bearer ', 'bearer null', 'Bearer undefined', 'Basic YWRtaW46YWRtaW4=', 'Token abc',
    `Bearer ${'A'.repeat(16)}`, `Bearer ${'A'.repeat(129)}`, `Bearer ${'A'.repeat(16)}\u0000`, "Bearer ' OR 1=1 --"),
  fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
  shortText
)
const forgedRequestId = fc.oneof(fc.constantFrom('0123456789abcdef', '../../etc/passwd', 'x'.repeat(100), ''), shortText)

/** Headers a hostile client may send; the Authorization header only when no real token is used. */
const hostileHeaders = (withAuthorization: boolean): fc.Arbitrary<Record<string, string>> => {
  const model: Record<string, fc.Arbitrary<string>> = { 'x-forwarded-for': forgedAddress, 'x-request-id': forgedRequestId }
  if (withAuthorization) model.authorization = garbageAuthorization
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>
}

const OBJECT_PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort()

interface SchemaLike { _def: { typeName: string; schema?: SchemaLike; unknownKeys?: string; options?: SchemaLike[] }; shape?: Record<string, unknown> }

test('the generators know every function\'s request keys, and every schema refuses unknown keys', () => {
  expect(Object.keys(KNOWN_KEYS).sort()).toEqual([...FUNCTION_NAMES].sort())
  for (const name of FUNCTION_NAMES) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    let schema = (require(`../../server/functions/${name}`) as Record<string, { schema: SchemaLike }>)[name].schema
    while (schema._def.typeName === 'ZodEffects' && schema._def.schema) schema = schema._def.schema
    // An action function: one strict object per action, keyed by `action`.
    const objects = schema._def.options ?? [schema]
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o.shape ?? {})))].sort()
    expect({ name, keys, unknownKeys: [...new Set(objects.map((o) => o._def.unknownKeys))] })
      .toEqual({ name, keys: [...KNOWN_KEYS[name]].sort(), unknownKeys: ['strict'] })
    if (schema._def.options) {
      const actions = objects.map((o) => (o.shape as Record<string, { _def: { value: string } }>).action._def.value).sort()
      expect({ name, actions }).toEqual({ name, actions: Object.keys(ACTIONS[name] ?? {}).sort() })
    }
  }
})

describe.each(testDatabases())('every function refuses invalid events through its entry on $label', ({ databaseUrl }) => {
  let stack: TestStack
  const tokens: Partial<Record<CallerKind, string>> = {}
  let plausible: Record<string, string[]>
  let query: Query

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    query = (sql) => stack.db.query<Record<string, unknown>>(sql)
    tokens.citizen = await stack.login('citizen')
    tokens['venue admin'] = await stack.login('venue_admin')
    const { venue, code } = unwrap(await stack.call('myVenues', {}, tokens['venue admin'])).venues[0]
    // Values a handler would accept: only the invalid part of an event may refuse it.
    const valid = venueInput()
    plausible = {
      account: ['citizen', 'venue_admin', 'official', 'nobody'],
      authCode: ['4b203fe6c11548bcabd8da5bb087a83b'],
      parentCode: ['', '37', '3701', '370102'],
      venueId: [venue.id],
      code: [code.url],
      townCode: [valid.townCode], address: [valid.address], type: [valid.type], name: [valid.name],
      creditCode: [valid.creditCode], adminName: [valid.adminName], adminMobile: [valid.adminMobile],
      idCard: ['370102201506011237'], phone: ['13912345678'], relation: ['child', 'parent'],
      personId: ['00000000-0000-4000-8000-000000000000'], entryId: ['00000000-0000-4000-8000-000000000000'],
      checkpointId: [code.checkpointId], companionIds: ['00000000-0000-4000-8000-000000000000'],
      entryIds: ['00000000-0000-4000-8000-000000000000'], alertId: ['00000000-0000-4000-8000-000000000000'],
      traceId: ['00000000-0000-4000-8000-000000000000'], templateIds: ['tmpl-alert'],
      status: ['green', 'yellow', 'red'], reason: ['核酸检测阳性'], fileName: ['status.csv'],
      csv: ['身份证号,姓名,健康码,原因\r\n370102201506011237,张三,黄码,密接'], from: ['2026-11-01'], to: ['2026-11-14'],
      changeId: ['00000000-0000-4000-8000-000000000000'], proposalId: ['00000000-0000-4000-8000-000000000000'],
      appealId: ['00000000-0000-4000-8000-000000000000'], text: ['我当天不在该场所'], decision: ['upheld', 'corrected'],
      state: ['pending', 'decided', 'open', 'answered']
    }
  })
  afterAll(async () => { await stack.close() })

  it.each(CASES)('%s, %s', async (name, caller) => {
    const before = await tableStates(query)
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['schema_migrations', 'users', 'sessions', 'venues', 'entries', 'rate_limits']))
    expect(before.users.rows).toBeGreaterThan(0)
    const token = caller === 'signed out' ? undefined : tokens[caller]

    await fc.assert(fc.asyncProperty(invalidEvent(name, { json: false, plausible }), hostileHeaders(!token), async ({ kind, event }, headers) => {
      const answer = await stack.call(name, event as Record<string, unknown>, token, headers)
      try {
        assertRefusal(answer, ['INVALID_INPUT'])
      } catch (err) {
        throw new Error(`${name} (${caller}), ${kind} ${describeEvent(event)}: ${(err as Error).message}`)
      }
    }), fcParameters(RUNS))

    const after = await tableStates(query)
    expect(rowCounts(after)).toEqual(rowCounts(before))
    expect(after).toEqual<Record<string, TableState>>(before)
    // `__proto__` and constructor.prototype values in the events polluted nothing.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(OBJECT_PROTOTYPE_KEYS)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('still serves a valid request afterwards (the properties did not refuse everything for another reason)', async () => {
    expect(await stack.call('whoAmI', {}, tokens.citizen)).toMatchObject({ ok: true })
    expect(await stack.call('listRegions', { parentCode: '' })).toMatchObject({ ok: true })
  })
})
