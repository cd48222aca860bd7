/**
 * The property tests of properties.test.ts through the real HTTP runtime (scripts/local-stack.mjs:
 * our gateway in front of functions-framework, on PGlite, or on PostgreSQL when TEST_DATABASE_URL
 * is set): generated invalid events as JSON, the same bodies cut short or with bytes that are not
 * UTF-8, and a corpus of raw hostile bodies (invalid JSON and UTF-8, empty, over 64 KiB, deeply
 * nested, `__proto__` keys), signed out, signed in and with forged headers. Every answer is JSON
 * `{ ok: false, code, message }` in Chinese with the status of status.ts and never 5xx, carries
 * an `x-request-id` (and the same id in the body when the gateway itself refused), shows no stack
 * trace, and no table changes (one counted token guess aside, see the last test).
 *
 * A failure prints fast-check's seed and path: replay it with FC_SEED=<seed> FC_PATH=<path>.
 */
import fc from 'fast-check'
import { randomBytes } from 'crypto'
import fs from 'fs'
import os from 'os'
import path from 'path'
import { Client } from 'pg'
import type { PGlite as PGliteType } from '@electric-sql/pglite'
import { FUNCTION_NAMES, type FunctionName } from '../../src/shared/api'
import type { ErrorCode } from '../../src/shared/errors'
import { startLocalStack, type RunningStack } from '../support/local-stack-process'
import {
  assertRefusal, describeEvent, fcParameters, invalidEvent, rowCounts, tableStates, type Query, type TableState
} from '../support/prop-events'

const RUNS = 100
// No caller here is a health official, the only one whose status file may be larger.
const MAX_BODY_BYTES = 64 * 1024
const databaseUrl = process.env.TEST_DATABASE_URL
const label = databaseUrl ? 'PostgreSQL' : 'PGlite'
const STATUS: Partial<Record<ErrorCode, number>> = { INVALID_INPUT: 400, PAYLOAD_TOO_LARGE: 413 }

interface Reply { status: number; contentType: string | null; requestId: string | null; text: string }

/** What an answer must be: its code, and whether the gateway (which puts the id in the body) gave it. */
interface Expectation { code: ErrorCode; gateway: boolean }

type Body = string | Uint8Array | (() => ReadableStream<Uint8Array>)

async function post(url: string, name: string, body: Body, headers: Record<string, string>): Promise<Reply> {
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers }
  if (typeof body === 'function') { init.body = body(); init.duplex = 'half' } else init.body = body as BodyInit
  const res = await fetch(`${url}/api/${name}`, init)
  return { status: res.status, contentType: res.headers.get('content-type'), requestId: res.headers.get('x-request-id'), text: await res.text() }
}

function checkReply(reply: Reply, expected: Expectation, forgedRequestId?: string): void {
  const problems: string[] = []
  if (reply.status >= 500) problems.push(`status ${reply.status}`)
  if (reply.status !== STATUS[expected.code]) problems.push(`status ${reply.status}, not ${STATUS[expected.code]}`)
  if (!/^application\/json\b/.test(reply.contentType ?? '')) problems.push(`content-type ${reply.contentType}`)
  if (!/^[0-9a-f]{16}$/.test(reply.requestId ?? '')) problems.push(`x-request-id ${reply.requestId}`)
  if (forgedRequestId !== undefined && reply.requestId === forgedRequestId) problems.push('the client chose its request id')
  let json: Record<string, unknown> | undefined
  try { json = JSON.parse(reply.text) } catch { problems.push('body is not JSON') }
  if (json) {
    try { assertRefusal(json, [expected.code]) } catch (err) { problems.push((err as Error).message) }
    if (expected.gateway && json.requestId === undefined) problems.push('a gateway refusal without requestId in the body')
    if (json.requestId !== undefined && json.requestId !== reply.requestId) problems.push('body and header request ids differ')
  }
  if (problems.length) throw new Error(`${problems.join('; ')}\n  answer ${reply.status}: ${describeEvent(reply.text)}`)
}

function hasProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  return Object.keys(value).some((k) => k === '__proto__' || hasProtoKey((value as Record<string, unknown>)[k]))
}

/** Expectation for a body the gateway will decode (size checked first, as the gateway does). */
function expectationOf(bytes: Uint8Array, parsed: () => unknown): Expectation {
  if (bytes.length > MAX_BODY_BYTES) return { code: 'PAYLOAD_TOO_LARGE', gateway: true }
  const value = parsed()
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value)
  return { code: 'INVALID_INPUT', gateway: !isObject || hasProtoKey(value) }
}

// ---- hostile headers (only what fetch will send: tab, printable ASCII and Latin-1) ------------

const headerText = (maxLength: number) => fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }), fc.constant(0x09)).map((c) => String.fromCharCode(c)),
  maxLength
})
const forgedAddress = fc.oneof(
  fc.constantFrom('127.0.0.1', '::1', '10.0.0.1, 203.0.113.9', "'; DROP TABLE rate_limits; --", ' , ', 'x'.repeat(2000), '<script>alert(1)</script>'),
  headerText(60)
)
const garbageAuthorization = fc.oneof(
  fc.constantFrom('Bearer', 'bearer null', 'Bearer undefined', 'Basic YWRtaW46YWRtaW4=', 'Token abc', `Bearer ${'A'.repeat(16)}`,
    `Bearer ${'A'.repeat(129)}`, `Bearer ${'A'.repeat(3000)}`, "Bearer ' OR 1=1 --", 'Bearer é'),
  headerText(60).map((s) => `Bearer ${s}`),
  headerText(60)
)
const forgedRequestId = fc.oneof(fc.constantFrom('0123456789abcdef', '../../etc/passwd', 'x'.repeat(100)), headerText(40))
const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded',
  'application/json; charset=latin1', 'multipart/form-data; boundary=x', 'application/xml')

// ---- raw bodies ----------------------------------------------------------------------------------

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))
const padTo = (size: number) => `{"x":"${'a'.repeat(size - 8)}"}`
const gatewayInvalid: Expectation = { code: 'INVALID_INPUT', gateway: true }
const functionInvalid: Expectation = { code: 'INVALID_INPUT', gateway: false }
const tooLarge: Expectation = { code: 'PAYLOAD_TOO_LARGE', gateway: true }

const RAW_BODIES: Array<{ label: string; body: Body; expected: Expectation }> = [
  { label: 'empty', body: '', expected: gatewayInvalid },
  { label: 'whitespace', body: ' \n\t\r ', expected: gatewayInvalid },
  { label: 'not JSON', body: 'not json', expected: gatewayInvalid },
  { label: 'cut short', body: '{"code":', expected: gatewayInvalid },
  { label: 'single quotes', body: "{'code':'x'}", expected: gatewayInvalid },
  { label: 'trailing comma', body: '{"x":1,}', expected: gatewayInvalid },
  { label: 'NaN', body: 'NaN', expected: gatewayInvalid },
  { label: 'null', body: 'null', expected: gatewayInvalid },
  { label: '[]', body: '[]', expected: gatewayInvalid },
  { label: 'a number', body: '42', expected: gatewayInvalid },
  { label: 'a string', body: '"x"', expected: gatewayInvalid },
  { label: 'true', body: 'true', expected: gatewayInvalid },
  { label: '5,000 nested arrays', body: '['.repeat(5000) + ']'.repeat(5000), expected: gatewayInvalid },
  { label: '100 nested objects', body: '{"a":'.repeat(100) + '1' + '}'.repeat(100), expected: gatewayInvalid },
  { label: '30 nested arrays in a field', body: `{"code":${'['.repeat(30)}${']'.repeat(30)}}`, expected: gatewayInvalid },
  { label: 'a few nested arrays in a field', body: '{"code":[[[["x"]]]]}', expected: functionInvalid },
  { label: '__proto__', body: '{"__proto__":{}}', expected: gatewayInvalid },
  { label: 'nested __proto__', body: '{"x":{"__proto__":{"polluted":true}}}', expected: gatewayInvalid },
  { label: 'escaped __proto__', body: '{"\\u005f_proto__":{"polluted":true}}', expected: gatewayInvalid },
  { label: 'constructor.prototype', body: '{"constructor":{"prototype":{"polluted":true}}}', expected: functionInvalid },
  { label: 'duplicate keys', body: '{"x":1,"x":"2"}', expected: functionInvalid },
  { label: 'invalid UTF-8', body: bytes('{"x":"', [0xff, 0xfe], '"}'), expected: gatewayInvalid },
  { label: 'overlong UTF-8', body: bytes('{"x":"', [0xc0, 0xaf], '"}'), expected: gatewayInvalid },
  { label: 'UTF-8 encoded surrogate', body: bytes('{"x":"', [0xed, 0xa0, 0x80], '"}'), expected: gatewayInvalid },
  { label: 'Latin-1', body: Buffer.from('{"x":"é"}', 'latin1'), expected: gatewayInvalid },
  { label: 'UTF-16', body: Buffer.from('{"x":1}', 'utf16le'), expected: gatewayInvalid },
  { label: 'byte-order mark', body: '\ufeff{"x":1}', expected: functionInvalid },
  { label: 'raw control character in a string', body: '{"x":"\u0001"}', expected: gatewayInvalid },
  { label: 'escaped NUL', body: '{"x":"\\u0000"}', expected: functionInvalid },
  { label: 'escaped lone surrogate', body: '{"x":"\\ud800"}', expected: functionInvalid },
  { label: 'escaped bidi override', body: '{"x":"\\u202e"}', expected: functionInvalid },
  { label: 'number out of range', body: '{"x":1e999}', expected: functionInvalid },
  { label: 'exactly 64 KiB', body: padTo(MAX_BODY_BYTES), expected: functionInvalid },
  { label: '64 KiB and one byte', body: padTo(MAX_BODY_BYTES + 1), expected: tooLarge },
  { label: '1 MiB', body: padTo(1024 * 1024), expected: tooLarge },
  {
    label: '100 KiB streamed without a length',
    body: () => new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.from('{"x":"'))
        for (let i = 0; i < 100; i++) controller.enqueue(Buffer.alloc(1024, 'a'))
        controller.enqueue(Buffer.from('"}'))
        controller.close()
      }
    }),
    expected: tooLarge
  }
]

// ---- database ------------------------------------------------------------------------------------

/** Opens the stopped stack's PGlite directory in this process (outside jest's module registry). */
async function pgliteStates(dataDir: string): Promise<Record<string, TableState>> {
  const nodeRequire = process.getBuiltinModule('module').createRequire(__filename)
  const { PGlite } = nodeRequire('@electric-sql/pglite') as { PGlite: typeof PGliteType }
  const pg = new PGlite(dataDir)
  await pg.waitReady
  try {
    return await tableStates(async (sql) => (await pg.query<Record<string, unknown>>(sql)).rows)
  } finally {
    await pg.close()
  }
}

describe(`every function refuses hostile requests over HTTP on ${label}`, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-props-'))
  const schema = `props_${randomBytes(5).toString('hex')}`
  const env: Record<string, string> = {
    DATA_DIR: path.join(work, 'pglite'), KEYS_FILE: path.join(work, 'keys.json'), LOG_DIR: path.join(work, 'logs'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema } : {})
  }
  const dirs = [work]
  let stack: RunningStack
  let client: Client | undefined
  let before: Record<string, TableState>
  const tokens: { citizen?: string; admin?: string } = {}
  let plausible: Record<string, string[]>

  const start = async () => {
    stack = await startLocalStack(env)
    dirs.push(stack.dataDir)
  }
  const call = async (name: string, body: unknown, token?: string) => JSON.parse((await post(stack.url, name, JSON.stringify(body), {
    'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {})
  })).text)
  /** Live on PostgreSQL; on PGlite the stack owns the directory, so it is stopped first. */
  const states = async () => {
    if (client) {
      const c = client
      const query: Query = async (sql) => (await c.query(sql)).rows
      return tableStates(query)
    }
    await stack.stop()
    return pgliteStates(env.DATA_DIR)
  }

  beforeAll(async () => {
    await start()
    tokens.citizen = (await call('demoLogin', { account: 'citizen' })).data.token
    tokens.admin = (await call('demoLogin', { account: 'venue_admin' })).data.token
    const { venue, code } = (await call('myVenues', {}, tokens.admin)).data.venues[0]
    plausible = {
      account: ['citizen', 'venue_admin', 'nobody'],
      authCode: ['4b203fe6c11548bcabd8da5bb087a83b'],
      parentCode: ['', '37', '3701'],
      venueId: [venue.id],
      code: [code.url],
      type: ['restaurant'], townCode: ['370102004'], creditCode: ['91370102MA3C0QCP0L'], adminMobile: ['13912345678']
    }
    if (databaseUrl) {
      client = new Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` })
      await client.connect()
    }
    before = await states()
    if (!databaseUrl) await start()
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['schema_migrations', 'users', 'sessions', 'venues', 'entries', 'rate_limits']))
    expect(before.sessions.rows).toBe(2)
  })

  afterAll(async () => {
    await stack?.stop()
    if (client) {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  })

  it.each(FUNCTION_NAMES)('%s: generated events as JSON, cut short or with bytes that are not UTF-8', async (name: FunctionName) => {
    const admin = name === 'getVenueCode' || name === 'regenerateCode'
    const who = fc.constantFrom(...(['none', 'citizen', 'garbage', ...(admin ? ['admin'] : [])] as const))
    const arb = fc.record({
      ev: invalidEvent(name, { json: true, plausible }),
      mode: fc.constantFrom('json', 'json', 'json', 'json', 'json', 'json', 'cut short', 'not UTF-8'),
      at: fc.nat(),
      badBytes: fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe6, 0xb3]),
      who,
      garbage: garbageAuthorization,
      headers: fc.record({ 'x-forwarded-for': forgedAddress, 'x-request-id': forgedRequestId, 'content-type': contentType }, { requiredKeys: [] })
    })
    await fc.assert(fc.asyncProperty(arb, async ({ ev, mode, at, badBytes, who, garbage, headers }) => {
      const json = Buffer.from(JSON.stringify(ev.event), 'utf8')
      let body: Uint8Array
      let expected: Expectation
      if (mode === 'json') {
        body = json
        expected = expectationOf(body, () => JSON.parse(json.toString('utf8')))
      } else {
        // A proper prefix of JSON is never a JSON object; a stray byte is never UTF-8.
        body = mode === 'cut short' ? json.subarray(0, at % json.length) : Buffer.concat([json.subarray(0, at % (json.length + 1)), Buffer.from(badBytes), json.subarray(at % (json.length + 1))])
        expected = body.length > MAX_BODY_BYTES ? tooLarge : gatewayInvalid
      }
      const authorization = who === 'citizen' ? `Bearer ${tokens.citizen}` : who === 'admin' ? `Bearer ${tokens.admin}` : who === 'garbage' ? garbage : undefined
      const sent: Record<string, string> = { ...(headers as Record<string, string>), ...(authorization ? { authorization } : {}) }
      const reply = await post(stack.url, name, body, sent)
      try {
        checkReply(reply, expected, sent['x-request-id'])
      } catch (err) {
        throw new Error(`${name} (${who}, ${mode}), ${ev.kind} ${describeEvent(ev.event)}: ${(err as Error).message}`)
      }
    }), fcParameters(RUNS))
  })

  it('answers every raw hostile body, to every function, signed out and signed in', async () => {
    const failures: string[] = []
    for (const raw of RAW_BODIES) {
      for (const name of FUNCTION_NAMES) {
        for (const token of [undefined, tokens.citizen]) {
          const reply = await post(stack.url, name, raw.body, { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) })
          try { checkReply(reply, raw.expected) } catch (err) { failures.push(`${raw.label} → ${name}${token ? ' (signed in)' : ''}: ${(err as Error).message}`) }
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('left every table as it was, and logged no unexpected error', async () => {
    // The one write a hostile request may cause: a well-formed bearer token that matches no session,
    // sent with more than 64 KiB to official, is looked up (whoAmI) before the gateway refuses the
    // body, and counts as a guess from this client's address: one row at most.
    const { rate_limits: limitsAfter, ...after } = await states()
    const { rate_limits: limitsBefore, ...unchanged } = before
    expect(rowCounts(after)).toEqual(rowCounts(unchanged))
    expect(after).toEqual(unchanged)
    expect(limitsAfter.rows - limitsBefore.rows).toBeLessThanOrEqual(1)
    expect(stack.output()).not.toContain('"tag":"csm-error"')
    const errorLog = path.join(env.LOG_DIR, 'errors.log')
    expect(fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '').toBe('')
  })
})
