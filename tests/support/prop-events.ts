/**
 * Generators of requests that no function may accept, for the property tests through the function
 * entry (tests/integration/properties.test.ts) and through the HTTP runtime
 * (tests/integration/http-properties.test.ts), and the checks every refusal must pass.
 *
 * Every generated event is invalid by construction: not an object, or an object with a key its
 * function (or action) does not know, or one of its keys of the wrong type, or a required key
 * missing, or for an action function an action that does not exist.
 * So validation refuses it before any caller is looked up or any handler runs, and nothing in the
 * database may change. The strings around the invalid part are as hostile as we can make them.
 */
import fc from 'fast-check'
import type { FunctionName } from '../../src/shared/api'
import { ERRORS, type ErrorCode } from '../../src/shared/errors'

/** Every request key each function's schema knows (for action functions: of any action). */
export const KNOWN_KEYS: Record<FunctionName, readonly string[]> = {
  demoLogin: ['account'],
  alipayLogin: ['authCode'],
  listDemoAccounts: [],
  signOut: [],
  whoAmI: [],
  listRegions: ['parentCode'],
  generateCode: ['action', 'townCode', 'address', 'type', 'name', 'creditCode', 'adminName', 'adminMobile', 'adminSelf', 'venueId', 'checkpointId'],
  myVenues: [],
  getVenueCode: ['venueId', 'checkpointId'],
  regenerateCode: ['venueId', 'checkpointId'],
  checkIn: ['code', 'companionIds', 'scanId', 'scannedAt'],
  people: ['action', 'name', 'idCard', 'phone', 'relation', 'personId', 'checkId', 'requestId', 'accept', 'changeId', 'text'],
  entries: ['action', 'entryId', 'entryIds', 'venueId', 'noticeIds'],
  assist: ['action', 'venueId', 'checkpointId', 'personId', 'name', 'idCard', 'phone'],
  venue: ['action', 'venueId', 'townCode', 'address', 'type', 'name', 'creditCode', 'adminName', 'adminMobile', 'userId', 'checkpointId', 'toUserId', 'date'],
  inspector: ['action', 'declarationCode', 'venueId', 'checkpointId', 'entryId', 'normal', 'celsius'],
  alert: ['action', 'open', 'alertId', 'templateIds'],
  official: ['action', 'idCard', 'name', 'status', 'reason', 'fileName', 'csv', 'personId', 'from', 'to', 'traceId', 'venueId', 'approve',
    'emergency', 'state', 'proposalId', 'appealId', 'decision'],
  purge: [],
  codeInfo: ['code']
}

/** Runs per property (FC_RUNS overrides), and FC_SEED / FC_PATH to replay a reported failure. */
export function fcParameters(defaultRuns: number): fc.Parameters<unknown> {
  const params: fc.Parameters<unknown> = { numRuns: Number(process.env.FC_RUNS) || defaultRuns }
  if (process.env.FC_SEED) params.seed = Number(process.env.FC_SEED)
  if (process.env.FC_PATH) params.path = process.env.FC_PATH
  return params
}

/** What a request of one function, or of one action, holds: all strings except `arrays` and `booleans`. */
export interface RequestShape {
  required: readonly string[]; optional?: readonly string[]; arrays?: readonly string[]; booleans?: readonly string[]; numbers?: readonly string[]
}

/** Functions whose keys are not all required strings. */
const SHAPES: Partial<Record<FunctionName, RequestShape>> = {
  checkIn: { required: ['code'], optional: ['companionIds', 'scanId', 'scannedAt'], arrays: ['companionIds'] },
  getVenueCode: { required: ['venueId'], optional: ['checkpointId'] },
  regenerateCode: { required: ['venueId'], optional: ['checkpointId'] }
}

/** The actions of each action function (`{ action, ...fields }`) and their shapes. */
export const ACTIONS: Partial<Record<FunctionName, Record<string, RequestShape>>> = {
  generateCode: {
    apply: { required: ['townCode', 'address', 'type', 'name', 'creditCode', 'adminName', 'adminMobile'], optional: ['adminSelf'], booleans: ['adminSelf'] },
    poster: { required: ['venueId', 'checkpointId'] }
  },
  people: {
    getProfile: { required: [] },
    saveProfile: { required: [], optional: ['name', 'idCard', 'phone'] },
    listCompanions: { required: [] },
    addCompanion: { required: ['name', 'idCard', 'relation'], optional: ['phone'] },
    updateCompanion: { required: ['personId'], optional: ['name', 'idCard', 'relation', 'phone'] },
    removeCompanion: { required: ['personId'] },
    accessLog: { required: [] },
    startVerification: { required: [], optional: ['name', 'idCard', 'phone'] },
    confirmVerification: { required: ['checkId'] },
    companionRequests: { required: [] },
    answerCompanionRequest: { required: ['requestId', 'accept'], booleans: ['accept'] },
    dismissIdentityNotice: { required: [] },
    statusNotices: { required: [] },
    appeal: { required: ['changeId', 'text'] }
  },
  entries: {
    list: { required: [] },
    withdraw: { required: ['entryId'] },
    checkOut: { required: ['entryIds'], arrays: ['entryIds'] },
    risks: { required: [] },
    // One of the two (the schema refuses neither and both): the generator tries every mix.
    acknowledgeRisk: { required: [], optional: ['venueId', 'noticeIds'], arrays: ['noticeIds'] },
    dispute: { required: ['entryId'] }
  },
  assist: {
    venues: { required: [] },
    recent: { required: [] },
    register: { required: ['venueId', 'checkpointId'], optional: ['personId', 'name', 'idCard', 'phone'] }
  },
  venue: {
    get: { required: ['venueId'] },
    update: { required: ['venueId'], optional: ['townCode', 'address', 'type', 'name', 'creditCode', 'adminName', 'adminMobile'] },
    regenerateDeclarationCode: { required: ['venueId'] },
    removeInspector: { required: ['venueId', 'userId'] },
    addCheckpoint: { required: ['venueId', 'name'] },
    renameCheckpoint: { required: ['venueId', 'checkpointId', 'name'] },
    removeCheckpoint: { required: ['venueId', 'checkpointId'] },
    handover: { required: ['venueId', 'toUserId'] },
    cancelHandover: { required: ['venueId'] },
    acceptHandover: { required: ['venueId', 'adminName', 'adminMobile'] },
    declineHandover: { required: ['venueId'] },
    stats: { required: ['venueId', 'date'] }
  },
  inspector: {
    bind: { required: ['declarationCode'] },
    leave: { required: ['venueId'] },
    venues: { required: [] },
    feed: { required: ['venueId'], optional: ['checkpointId'] },
    temperature: { required: ['entryId'], optional: ['normal', 'celsius'], numbers: ['celsius'], booleans: ['normal'] }
  },
  alert: {
    list: { required: [], optional: ['open'], booleans: ['open'] },
    get: { required: ['alertId'] },
    acknowledge: { required: ['alertId'] },
    subscribe: { required: ['templateIds'], arrays: ['templateIds'] }
  },
  official: {
    scope: { required: [] },
    person: { required: ['idCard'] },
    setStatus: { required: ['idCard', 'name', 'status', 'reason'], optional: ['emergency'], booleans: ['emergency'] },
    importStatus: { required: ['fileName', 'csv'] },
    trace: { required: [], optional: ['personId', 'idCard', 'from', 'to'] },
    confirmTrace: { required: ['traceId'] },
    contactDetails: { required: ['traceId', 'personId'] },
    proposals: { required: [], optional: ['state'] },
    decideProposal: { required: ['proposalId', 'approve', 'reason'], booleans: ['approve'] },
    appeals: { required: [], optional: ['state'] },
    answerAppeal: { required: ['appealId', 'decision', 'reason'] },
    exportTrace: { required: ['traceId'] },
    venueReviews: { required: [] },
    reviewVenue: { required: ['venueId', 'approve', 'reason'], booleans: ['approve'] },
    disputes: { required: [] }
  }
}

// ---- strings ------------------------------------------------------------------------------

const SNIPPETS = [
  "'; DROP TABLE entries; --", "' OR '1'='1", '"; DELETE FROM users; --', "1); TRUNCATE sessions; --",
  "'; SELECT pg_sleep(10); --", '$1', "E'\\x00'", '\\', "''", '%', '_', ';', '--', '/*', '*/',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '"><svg onload=alert(1)>',
  '{{7*7}}', '${7*7}', '%00', '%s%n%x', '../../etc/passwd', 'C:\\Windows\\win.ini',
  'null', 'undefined', 'NaN', 'true', '[object Object]', '__proto__', 'constructor',
  '泉城广场', '老济南把子肉', 'Ω≈ç√', '😀', '👨‍👩‍👧', '🇨🇳', 'e\u0301', '\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  '91370102MA3C0QCP0L', '13912345678', '370102004', 'CSM1.local1.x.y.1.AAAA',
  'https://csm.example.test/c?t=', 'https://evil.example/c?t=CSM1', '\u00a0', '\u3000', ' ', '\t', '\r\n'
]

const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c))
const c1Char = fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c))
const bidiChar = fc.constantFrom('\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c', '\u200e', '\u200f')
const invisibleChar = fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u2028', '\u2029', '\ufff9', '\u00ad')
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))

const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SNIPPETS) },
  { weight: 2, arbitrary: controlChar },
  { weight: 1, arbitrary: c1Char },
  { weight: 2, arbitrary: bidiChar },
  { weight: 1, arbitrary: invisibleChar },
  { weight: 2, arbitrary: loneSurrogate },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) }
)

/** A few hostile pieces run together. */
export const shortText: fc.Arbitrary<string> = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''))

/** 1,000 to 100,000 UTF-16 units of one repeated piece (possibly cut inside a surrogate pair). */
export const hugeText: fc.Arbitrary<string> = fc.tuple(piece.filter((p) => p.length > 0), fc.integer({ min: 1000, max: 100000 }))
  .map(([p, n]) => p.repeat(Math.ceil(n / p.length)).slice(0, n))

export const text: fc.Arbitrary<string> = fc.oneof({ weight: 12, arbitrary: shortText }, { weight: 1, arbitrary: hugeText })

// ---- keys and objects ------------------------------------------------------------------------

const PROTOTYPE_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  '__defineGetter__', '__lookupSetter__', 'toJSON', 'then', 'length', '', ' ', '_', '0', '-1', '$where',
  'userInfo', 'ok', 'code', 'message', 'fields', 'requestId'
]

/** Key names chosen to upset whatever copies, merges or reports an object. */
export const adversarialKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 3, arbitrary: shortText },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 20000 }).map((n) => 'k'.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(controlChar, fc.string({ maxLength: 6 })).map(([c, s]) => c + s) }
)

/**
 * An object with exactly these own, enumerable data properties, in this order: a `__proto__`
 * entry becomes an own key (as JSON.parse makes it), never the object's prototype.
 */
export function buildObject(entries: ReadonlyArray<readonly [string, unknown]>, nullPrototype = false): Record<string, unknown> {
  const o: Record<string, unknown> = nullPrototype ? Object.create(null) : {}
  for (const [key, value] of entries) Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  return o
}

export interface EventOptions {
  /** Only values that survive JSON.stringify unchanged in meaning (no undefined, no bigint). */
  json: boolean
  /** Plausible (even valid) string values per known key, so only the invalid part refuses the event. */
  plausible?: Record<string, readonly string[]>
}

const numbers = (json: boolean): fc.Arbitrary<unknown> => fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 1, 2 ** 63, 1e308, -1e308, 5e-324,
    Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 370102004, 13912345678),
  ...(json ? [] : [fc.bigInt()])
)

/** Anything but a string (JSON-safe when asked): what a string field must refuse. */
function nonStringLeaf(json: boolean): fc.Arbitrary<unknown> {
  return fc.oneof(numbers(json), fc.boolean(), fc.constant(null), ...(json ? [] : [fc.constant(undefined)]))
}

/** Values that pollute Object.prototype in code that merges objects carelessly (fresh each time). */
const pollutingValue: fc.Arbitrary<unknown> = fc.constantFrom(
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"toString":"x","valueOf":null}}',
  '[{"__proto__":{"isAdmin":true}}]'
).map((s) => JSON.parse(s) as unknown)

function valueOfDepth(depth: number, json: boolean): fc.Arbitrary<unknown> {
  const leaf = fc.oneof({ weight: 3, arbitrary: text }, { weight: 2, arbitrary: nonStringLeaf(json) })
  if (depth === 0) return leaf
  const inner = valueOfDepth(depth - 1, json)
  return fc.oneof(
    { weight: 8, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(inner, { maxLength: 4 }) },
    { weight: 2, arbitrary: objectOf(inner, json) },
    { weight: 1, arbitrary: pollutingValue }
  )
}

function objectOf(value: fc.Arbitrary<unknown>, json: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(fc.array(fc.tuple(adversarialKey, value), { maxLength: 4 }), json ? fc.constant(false) : fc.boolean())
    .map(([entries, nullProto]) => buildObject(entries, nullProto))
}

/** Any value, nested at most three levels (far from the gateway's depth limit of 16). */
export const anyValue = (json: boolean): fc.Arbitrary<unknown> => valueOfDepth(3, json)

/** A value no string field accepts: a number, boolean, null, array or object (undefined when not JSON). */
export const wrongType = (json: boolean): fc.Arbitrary<unknown> => fc.oneof(
  { weight: 3, arbitrary: nonStringLeaf(json) },
  { weight: 1, arbitrary: fc.array(valueOfDepth(2, json), { maxLength: 4 }) },
  { weight: 1, arbitrary: objectOf(valueOfDepth(2, json), json) }
)

function stringFor(key: string, options: EventOptions): fc.Arbitrary<string> {
  const plausible = options.plausible?.[key] ?? []
  return plausible.length ? fc.oneof(fc.constantFrom(...plausible), text) : text
}

export interface InvalidEvent { kind: string; event: unknown }

/**
 * Events `name` must refuse as INVALID_INPUT. Never a string `account` without an unknown key
 * beside it (an unknown demo account is a counted sign-in failure), and never `{}` (valid for
 * the functions that take no fields).
 */
export function invalidEvent(name: FunctionName, options: EventOptions): fc.Arbitrary<InvalidEvent> {
  const actions = ACTIONS[name]
  if (!actions) return invalidForShape(SHAPES[name] ?? { required: KNOWN_KEYS[name] }, null, options)
  const { json } = options
  const names = Object.keys(actions)
  // No action, or one that does not exist, with any of the function's keys beside it.
  const badAction = fc.tuple(
    fc.option(fc.oneof(text.filter((a) => !names.includes(a)), wrongType(json)), { nil: undefined }),
    fc.tuple(...KNOWN_KEYS[name].filter((k) => k !== 'action').map((k) => fc.option(stringFor(k, options), { nil: null })))
  ).map(([action, values]): InvalidEvent => {
    const entries: Array<[string, unknown]> = action === undefined ? [] : [['action', action]]
    KNOWN_KEYS[name].filter((k) => k !== 'action').forEach((k, i) => { if (values[i] !== null) entries.push([k, values[i]]) })
    return { kind: action === undefined ? 'missing key: action' : 'unknown action', event: buildObject(entries) }
  })
  return fc.oneof(badAction, ...names.map((a) => invalidForShape(actions[a], a, options)))
}

function invalidForShape(shape: RequestShape, action: string | null, options: EventOptions): fc.Arbitrary<InvalidEvent> {
  const fields = [...shape.required, ...(shape.optional ?? [])]
  const known = action === null ? fields : ['action', ...fields]
  const { json } = options
  const isKnown = (k: string) => known.includes(k)
  const isArray = (k: string) => (shape.arrays ?? []).includes(k)
  const isBoolean = (k: string) => (shape.booleans ?? []).includes(k)
  const isNumber = (k: string) => (shape.numbers ?? []).includes(k)
  const fixed: Array<[string, unknown]> = action === null ? [] : [['action', action]]
  const label = (kind: string) => (action === null ? kind : `${action}: ${kind}`)
  // A value of the right type for the key (for array keys, an array of strings).
  const rightType = (k: string): fc.Arbitrary<unknown> => (isArray(k)
    ? fc.array(stringFor(k, options), { maxLength: 3 })
    : isBoolean(k) ? fc.boolean() : isNumber(k) ? fc.double({ noNaN: true, noDefaultInfinity: true }) : stringFor(k, options))
  // Wrong for the key: an array key refuses anything but an array; a string key anything but a
  // string. Never undefined for an optional key: that is the key left out, which is valid.
  const isOptional = (k: string) => !shape.required.includes(k)
  const definedLeaf = fc.oneof(numbers(json), fc.boolean(), fc.constant(null))
  // A number key (体温) refuses anything but a number; a value out of range is the handler's refusal, not the schema's.
  const wrongFor = (k: string) => isNumber(k)
    ? fc.oneof(text, fc.boolean(), fc.constant(null), fc.array(valueOfDepth(2, json), { maxLength: 4 }), objectOf(valueOfDepth(2, json), json))
    : isArray(k)
    ? fc.oneof(definedLeaf, text, objectOf(valueOfDepth(1, json), json))
    : isBoolean(k) ? fc.oneof(numbers(json), fc.constant(null), text, fc.array(valueOfDepth(2, json), { maxLength: 4 }), objectOf(valueOfDepth(2, json), json))
    : isOptional(k) ? fc.oneof(definedLeaf, fc.array(valueOfDepth(2, json), { maxLength: 4 }), objectOf(valueOfDepth(2, json), json)) : wrongType(json)

  const notAnObject = fc.oneof(
    fc.constant<unknown>(null),
    numbers(json),
    text,
    fc.boolean(),
    fc.array(anyValue(json), { maxLength: 5 }),
    ...(json ? [] : [fc.constant<unknown>(undefined)])
  ).map((event): InvalidEvent => ({ kind: 'not an object', event }))

  // Known keys with any value (even a valid one), plus at least one key the schema does not know.
  const knownEntry = (k: string) => fc.option(fc.oneof(rightType(k), wrongFor(k)).map((v): [string, unknown] => [k, v]), { nil: null })
  const unknownEntry = fc.tuple(adversarialKey.filter((k) => !isKnown(k)), anyValue(json))
  // Now and then thousands of unknown keys, each echoed in the answer's fields.
  const manyUnknown = fc.tuple(fc.integer({ min: 100, max: 5000 }), fc.constantFrom('k', '__proto__', 'x\u202e', ''))
    .map(([n, prefix]) => Array.from({ length: n }, (_, i): [string, unknown] => [`${prefix}${i}`, i]))
  const extraKey = fc.tuple(
    fc.tuple(...fields.map(knownEntry)),
    fc.oneof(
      { weight: 12, arbitrary: fc.uniqueArray(unknownEntry, { minLength: 1, maxLength: 3, selector: ([k]) => k }) },
      { weight: 1, arbitrary: manyUnknown }
    ),
    fc.boolean(),
    json ? fc.constant(false) : fc.boolean()
  ).map(([knownEntries, extras, extrasFirst, nullProto]): InvalidEvent => {
    const present = [...fixed, ...knownEntries.filter((e): e is [string, unknown] => e !== null)]
    const entries = extrasFirst ? [...extras, ...present] : [...present, ...extras]
    return { kind: label('unknown key'), event: buildObject(entries, nullProto) }
  })

  const kinds: Array<fc.Arbitrary<InvalidEvent>> = [extraKey]
  if (action === null) kinds.push(notAnObject)

  if (fields.length) {
    // One known key holds a wrong type; the others are absent, right, or wrong as well.
    kinds.push(fc.tuple(
      fc.constantFrom(...fields),
      fc.tuple(...fields.map((k) => fc.option(fc.oneof({ weight: 3, arbitrary: rightType(k) }, { weight: 1, arbitrary: wrongFor(k) }), { nil: null }))),
      fc.tuple(...fields.map(wrongFor))
    ).map(([bad, others, wrongs]): InvalidEvent => {
      const entries: Array<[string, unknown]> = [...fixed]
      fields.forEach((k, i) => {
        if (k === bad) entries.push([k, wrongs[i]])
        else if (others[i] !== null) entries.push([k, others[i]])
      })
      return { kind: label(`wrong type: ${bad}`), event: buildObject(entries) }
    }))
  }

  if (shape.required.length) {
    // At least one required key missing; the present ones are of the right type (plausible or hostile).
    kinds.push(fc.tuple(
      fc.constantFrom(...shape.required),
      fc.tuple(...fields.map((k) => fc.option(rightType(k), { nil: null })))
    ).map(([absent, values]): InvalidEvent => {
      const entries: Array<[string, unknown]> = [...fixed]
      fields.forEach((k, i) => { if (k !== absent && values[i] !== null) entries.push([k, values[i]]) })
      return { kind: label(`missing key: ${absent}`), event: buildObject(entries) }
    }))
  }

  return fc.oneof(...kinds)
}

// ---- answers ------------------------------------------------------------------------------------

export const STACK_TRACE = /\bat .+:\d+:\d+|Error:|node_modules/
export const CJK = /[\u4e00-\u9fff]/
const ANSWER_KEYS = ['ok', 'code', 'message', 'fields', 'requestId']

function preview(value: unknown): string {
  let s: string
  try { s = JSON.stringify(value) ?? String(value) } catch { s = String(value) }
  return s.length > 600 ? `${s.slice(0, 600)}…(${s.length} chars)` : s
}

/**
 * Throws unless `answer` is `{ ok: false, code, message, fields?, requestId? }` with a code of the
 * error table (one of `expected`, never INTERNAL), that code's Chinese message, Chinese field
 * messages and nothing that looks like a stack trace. Field names echo the request's own keys,
 * so they are left out of the stack-trace check.
 */
export function assertRefusal(answer: unknown, expected: readonly ErrorCode[]): void {
  const problems: string[] = []
  const a = answer as Record<string, unknown> | null
  if (typeof a !== 'object' || a === null || Array.isArray(a)) {
    throw new Error(`answer is not an object: ${preview(answer)}`)
  }
  if (a.ok !== false) problems.push('ok is not false')
  const code = a.code
  if (typeof code !== 'string' || !Object.prototype.hasOwnProperty.call(ERRORS, code)) problems.push('code is not in the error table')
  else {
    if (code === 'INTERNAL') problems.push('code is INTERNAL')
    if (!expected.includes(code as ErrorCode)) problems.push(`code is not one of ${expected.join(', ')}`)
    if (a.message !== ERRORS[code as ErrorCode]) problems.push('message is not the table\'s message for the code')
  }
  if (typeof a.message !== 'string' || !CJK.test(a.message)) problems.push('message is not Chinese')
  const extra = Object.keys(a).filter((k) => !ANSWER_KEYS.includes(k))
  if (extra.length) problems.push(`unexpected keys ${extra.join(', ')}`)
  let fieldMessages: unknown[] = []
  if (a.fields !== undefined) {
    if (typeof a.fields !== 'object' || a.fields === null || Array.isArray(a.fields)) problems.push('fields is not an object')
    else {
      fieldMessages = Object.values(a.fields)
      if (!fieldMessages.every((m) => typeof m === 'string' && CJK.test(m))) problems.push('a field message is not Chinese')
    }
  }
  if (a.requestId !== undefined && (typeof a.requestId !== 'string' || !/^[0-9A-Za-z-]{8,64}$/.test(a.requestId))) {
    problems.push('requestId is malformed')
  }
  if (STACK_TRACE.test(JSON.stringify({ ...a, fields: fieldMessages }))) problems.push('looks like a stack trace')
  if (problems.length) throw new Error(`bad refusal (${problems.join('; ')}): ${preview(answer)}`)
}

/** A short description of an event for failure messages (events can be 100k characters long). */
export const describeEvent = preview

// ---- database -----------------------------------------------------------------------------------

export type Query = (sql: string) => Promise<Array<Record<string, unknown>>>

export interface TableState { rows: number; digest: string }

/**
 * Row count and a digest of the contents of every table of the current schema (the migrations'
 * own table included), so an insert, a delete or an update shows.
 */
export async function tableStates(query: Query): Promise<Record<string, TableState>> {
  const tables = await query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
        -- The roll-up job's clock on Citus (server/db/citus.ts) moves whenever the job runs, not with requests.
        AND table_name <> 'venue_log_watermark'
      ORDER BY table_name`)
  const states: Record<string, TableState> = {}
  for (const { table_name: name } of tables) {
    const quoted = `"${String(name).replace(/"/g, '""')}"`
    const [row] = await query(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') AS digest FROM ${quoted} t`)
    states[String(name)] = { rows: Number(row.n), digest: String(row.digest) }
  }
  return states
}

/** Just the row counts, for a readable comparison. */
export function rowCounts(states: Record<string, TableState>): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const [name, s] of Object.entries(states)) counts[name] = s.rows
  return counts
}
