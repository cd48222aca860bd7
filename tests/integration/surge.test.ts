/**
 * A small morning rush against the README's local stack (scripts/local-stack.mjs, built by
 * `npm run build:cloud`): a few hundred connections at once for a few seconds, each request the
 * first scan of a different citizen, and an admission limit small enough to turn most away. Every
 * answer must be one of ours within its deadline (a check-in, or SYSTEM_BUSY with HTTP 503 and
 * Retry-After), never INTERNAL, never a hang; and the entries in the database are exactly the
 * check-ins acknowledged. The overload curve at 16–2,048 connections is `npm run bench`'s.
 */
import fs from 'fs'
import http from 'http'
import os from 'os'
import path from 'path'
import { loadConfig } from '../../server/config'
import { localStackEnv } from '../../server/tools/local-env'
import { seedScans, type Scans } from '../../bench/scans'
import { startLocalStack, type RunningStack } from '../support/local-stack-process'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'

const CONNECTIONS = 300
const SURGE_MS = 3000
/** Every answer within this, refusals included: the queue waits 200 ms at most. */
const ANSWER_DEADLINE_MS = 10_000
/** More people than the surge can scan, so every request is a first scan by someone new. */
const PEOPLE = 6000
const BASE_URL = 'https://surge.example.test'
const SURGE_LIMITS = { API_MAX_IN_FLIGHT: '4', API_QUEUE_LENGTH: '16', API_QUEUE_WAIT_MS: '200' }

interface Answer { status: number; retryAfter: string | null; body: { ok?: boolean; code?: string; retryAfterMs?: number; data?: { kind?: string; people?: Array<{ repeated: boolean }> } } | null; ms: number; error?: string }

function checkIn(agent: http.Agent, base: URL, token: string, code: string): Promise<Answer> {
  const data = Buffer.from(JSON.stringify({ code }))
  const started = Date.now()
  return new Promise((resolve) => {
    const req = http.request({
      agent, host: base.hostname, port: base.port, path: '/api/checkIn', method: 'POST', timeout: ANSWER_DEADLINE_MS,
      headers: { 'content-type': 'application/json', 'content-length': data.length, authorization: `Bearer ${token}` }
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        let body: Answer['body'] = null
        try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')) } catch { /* reported as not ours below */ }
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] ?? null, body, ms: Date.now() - started })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ANSWER_DEADLINE_MS} ms`)))
    req.on('error', (err) => resolve({ status: 0, retryAfter: null, body: null, ms: Date.now() - started, error: err.message }))
    req.end(data)
  })
}

/** CONNECTIONS clients, each sending one first scan after another until the surge ends or the people run out. */
async function surge(url: string, scans: Scans): Promise<{ answers: Answer[]; ms: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const base = new URL(url)
  const answers: Answer[] = []
  const started = Date.now()
  const end = started + SURGE_MS
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < end && scans.next < PEOPLE) {
      const s = scans.scan(scans.next++)
      answers.push(await checkIn(agent, base, s.token, s.code))
    }
  }))
  agent.destroy()
  return { answers, ms: Date.now() - started }
}

/** The H5 build is never read here: a one-line stand-in spares the test a `npm run build:h5`. */
function standInH5(work: string): string {
  const dir = path.join(work, 'h5')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>场所码</title>\n')
  return dir
}

const databases = testDatabases().filter((d) => d.label !== 'Citus')

describe.each(databases)('a surge on $label', ({ databaseUrl }) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-surge-'))
  const keysFile = path.join(work, 'keys.json')
  const dataDir = path.join(work, 'pglite')
  let seeded: TestStack | null = null
  let running: RunningStack
  let scans: Scans
  let answers: Answer[]
  let surgeMs = 0

  /** A test stack with the local stack's keys, on the same database (PGlite: the same directory, one at a time). */
  const open = () => {
    const keyed = loadConfig(localStackEnv({ KEYS_FILE: keysFile, PUBLIC_BASE_URL: BASE_URL, DATA_DIR: dataDir }))
    return createTestStack({
      databaseUrl,
      config: {
        ...(databaseUrl ? {} : { dataDir }), codeSigningKeys: keyed.codeSigningKeys, codeSigningKid: keyed.codeSigningKid,
        dataKeys: keyed.dataKeys, lookupHashKey: keyed.lookupHashKey, publicBaseUrl: BASE_URL, codeLinkBases: [BASE_URL]
      }
    })
  }

  beforeAll(async () => {
    seeded = await open()
    scans = await seedScans(seeded, PEOPLE, 1)
    const schema = seeded.config.databaseSchema
    // PGlite is one process's database: the local stack opens the directory once this test lets go.
    if (!databaseUrl) { await seeded.close(); seeded = null }
    running = await startLocalStack({
      KEYS_FILE: keysFile, PUBLIC_BASE_URL: BASE_URL, H5_DIR: standInH5(work), LOG_DIR: path.join(work, 'logs'), ...SURGE_LIMITS,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema ?? '' } : { DATA_DIR: dataDir })
    })
    // One check-in first, so the functions' first load is not what the surge measures.
    const first = scans.scan(scans.next++)
    const agent = new http.Agent()
    answers = [await checkIn(agent, new URL(running.url), first.token, first.code)]
    agent.destroy()
    const pressed = await surge(running.url, scans)
    answers.push(...pressed.answers)
    surgeMs = pressed.ms
  })

  afterAll(async () => {
    await running?.stop()
    await seeded?.close()
  })

  it('answers every request in our shape within its deadline: a check-in, or SYSTEM_BUSY with Retry-After', () => {
    const shapes = new Map<string, number>()
    for (const a of answers) {
      const shape = a.error ? `no answer: ${a.error}` : `${a.status} ${a.body?.ok === true ? 'ok' : a.body?.code ?? 'not ours'}`
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1)
    }
    // The whole tally at once, so a failure shows what came back instead of the first stray answer.
    expect([...shapes.keys()].filter((s) => s !== '200 ok' && s !== '503 SYSTEM_BUSY')).toEqual([])
    expect(shapes.get('200 ok')).toBeGreaterThan(0)
    expect(shapes.get('503 SYSTEM_BUSY')).toBeGreaterThan(0)
    // Printed for the reader of a CI log: how hard the surge pressed.
    console.log(`surge: ${answers.length} requests from ${CONNECTIONS} connections in ${surgeMs} ms: ${JSON.stringify(Object.fromEntries(shapes))}, ` +
      `slowest answer ${Math.max(...answers.map((a) => a.ms))} ms`)
    for (const a of answers) {
      expect(a.ms).toBeLessThan(ANSWER_DEADLINE_MS)
      if (a.body?.ok) expect(a.body.data).toMatchObject({ kind: 'entered', people: [{ repeated: false }] })
      else {
        expect(a.body?.retryAfterMs).toBeGreaterThan(0)
        expect(Number(a.retryAfter)).toBe(Math.ceil((a.body?.retryAfterMs ?? 0) / 1000))
      }
    }
  })

  it('stores exactly the check-ins it acknowledged', async () => {
    await running.stop()
    if (!databaseUrl) seeded = await open()
    const [{ n }] = await seeded!.db.query<{ n: number }>("SELECT count(*)::int AS n FROM entries WHERE venue_id = 'tv1'")
    expect(n).toBe(answers.filter((a) => a.body?.ok === true).length)
  })

  it('summed the refusals up in one line per interval, without a stack, in errors.log, and wrote no access log', () => {
    const log = fs.readFileSync(path.join(work, 'logs', 'errors.log'), 'utf8')
    const lines = log.trim().split('\n').map((l) => JSON.parse(l) as { tag: string; refused?: Record<string, Record<string, number>> })
    expect(lines.filter((l) => l.tag !== 'csm-overload')).toEqual([])
    const refused = lines.reduce((sum, l) => sum + (l.refused?.SYSTEM_BUSY?.checkIn ?? 0), 0)
    expect(refused).toBe(answers.filter((a) => a.body?.code === 'SYSTEM_BUSY').length)
    // functions-framework's access log is off unless ACCESS_LOG_SAMPLE asks for it.
    const access = fs.readdirSync(path.join(work, 'logs')).filter((f) => f.startsWith('accesslog') && f.endsWith('.log'))
    expect(access.length).toBeGreaterThan(0)
    expect(access.map((f) => fs.statSync(path.join(work, 'logs', f)).size)).toEqual(access.map(() => 0))
  })
})
