/**
 * The gateway under overload, in front of a stand-in for functions-framework that answers only
 * when the test says: refusals come at once in our shape with Retry-After, polls give way first,
 * sign-out and the health check still answer, and a function's own SYSTEM_BUSY (a lost database
 * connection) carries its Retry-After too.
 */
import http from 'http'
import type { AddressInfo } from 'net'
import { FUNCTION_NAMES } from '../../src/shared/api'
import { createApiGateway, type ApiGateway } from '../../server/http/gateway'

interface Held { name: string; answer(body: unknown, status?: number): void }

let upstream: http.Server
let front: http.Server
let gateway: ApiGateway
let base: string
const OK = { ok: true, data: {} }
/** Long enough for the steps of a test on a loaded machine; a refusal 'at once' comes well before it. */
const QUEUE_WAIT_MS = 2000
const held: Held[] = []
const logged: string[] = []

const listen = (server: http.Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => held.push({
      name: (req.url ?? '').split('/').pop() ?? '',
      answer: (body, status = 200) => { if (res.headersSent) return; res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)) }
    }))
  })
  gateway = createApiGateway({
    upstreamPort: await listen(upstream), functionNames: FUNCTION_NAMES, log: (l) => { logged.push(l) },
    admission: { maxInFlight: 2, maxQueued: 2, queueWaitMs: QUEUE_WAIT_MS, urgentReserve: 1, backgroundShare: 0.5, busyRetryAfterMs: 1000, backgroundRetryAfterMs: 15_000 }
  })
  front = http.createServer(gateway)
  base = `http://127.0.0.1:${await listen(front)}`
})

afterAll(async () => {
  for (const s of [front, upstream]) await new Promise((r) => { s.closeAllConnections(); s.close(r) })
})

const post = async (name: string, body: unknown) => {
  const res = await fetch(`${base}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: await res.json() as Record<string, unknown> }
}
/** Waits for the stand-in to hold what the test expects; fails instead of hanging. */
const until = async (cond: () => boolean) => {
  const end = Date.now() + 5000
  while (!cond()) {
    if (Date.now() > end) throw new Error(`the stand-in holds ${held.map((h) => h.name).join(', ') || 'nothing'}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

// Whatever a test left held is answered, so the next starts with an empty runtime.
afterEach(async () => {
  held.splice(0).forEach((h) => h.answer(OK))
  await until(() => gateway.state().inFlight === 0)
  gateway.flush()
  logged.length = 0
})

test('a full runtime refuses at once with SYSTEM_BUSY, 503 and Retry-After; polls first; sign-out and health still answer', async () => {
  // Two scans take the two places; two more wait in the queue.
  const scans = [1, 2, 3, 4].map(() => post('checkIn', { code: 'x' }))
  await until(() => held.length === 2)

  const started = Date.now()
  const refused = await post('checkIn', { code: 'x' })
  expect(Date.now() - started).toBeLessThan(QUEUE_WAIT_MS / 2)
  expect(refused.status).toBe(503)
  expect(refused.retryAfter).toBe('1')
  expect(refused.json).toEqual({ ok: false, code: 'SYSTEM_BUSY', message: '当前扫码人数较多，请稍候，将自动重试', retryAfterMs: 1000, requestId: expect.stringMatching(/^[0-9a-f]{16}$/) })

  const poll = await post('inspector', { action: 'feed', venueId: 'v1' })
  expect(poll).toMatchObject({ status: 503, retryAfter: '15', json: { code: 'SYSTEM_BUSY', retryAfterMs: 15_000 } })

  const health = await fetch(`${base}/api/health`)
  expect(health.status).toBe(200)
  expect(await health.json()).toEqual({ ok: true, data: { status: 'busy', inFlight: 2, queued: 2, maxInFlight: 2 } })

  // Sign-out passes the full runtime by the reserve, ahead of the queued scans.
  const signOut = post('signOut', {})
  await until(() => held.length === 3)
  expect(held[2].name).toBe('signOut')
  held[2].answer(OK)
  expect((await signOut).status).toBe(200)

  // The queued scans go on as places free up, in order, and nothing was logged as an error.
  held[0].answer(OK)
  held[1].answer(OK)
  await until(() => held.length === 5)
  held[3].answer(OK)
  held[4].answer(OK)
  expect((await Promise.all(scans)).map((r) => r.status)).toEqual([200, 200, 200, 200])
  expect(logged).toEqual([])
  gateway.flush()
  expect(logged).toHaveLength(1)
  expect(JSON.parse(logged[0])).toMatchObject({ tag: 'csm-overload', refused: { SYSTEM_BUSY: { checkIn: 1, inspector: 1 } } })
})

test('a queued request that waits past the deadline is refused, not left hanging', async () => {
  const scans = [1, 2].map(() => post('checkIn', { code: 'x' }))
  await until(() => held.length === 2)
  const late = await post('checkIn', { code: 'x' })
  expect(late).toMatchObject({ status: 503, retryAfter: '1', json: { code: 'SYSTEM_BUSY' } })
  held.splice(0).forEach((h) => h.answer(OK))
  await Promise.all(scans)
})

test('a function\'s own SYSTEM_BUSY keeps its retryAfterMs and gets Retry-After; functions-framework\'s 429 is busy, not INTERNAL', async () => {
  const lost = post('checkIn', { code: 'x' })
  await until(() => held.length === 1)
  held.pop()!.answer({ ok: false, code: 'SYSTEM_BUSY', message: '当前扫码人数较多，请稍候，将自动重试', retryAfterMs: 2000, requestId: 'r' })
  expect(await lost).toMatchObject({ status: 503, retryAfter: '2', json: { code: 'SYSTEM_BUSY', retryAfterMs: 2000 } })

  const framework = post('checkIn', { code: 'x' })
  await until(() => held.length === 1)
  held.pop()!.answer({ error: 'Server is busy, please try again later' }, 429)
  expect(await framework).toMatchObject({ status: 503, retryAfter: '1', json: { code: 'SYSTEM_BUSY', retryAfterMs: 1000 } })
  expect(logged).toEqual([])
})
