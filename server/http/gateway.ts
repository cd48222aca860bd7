import http, { type IncomingMessage, type ServerResponse } from 'http'
import { isResult, type Fail, type Me, type Result } from '../../src/shared/api'
import { ERRORS, type ErrorCode } from '../../src/shared/errors'
import { createOverloadCounter, errorLogLine, newRequestId } from '../log'
import { createAdmission, priorityBeforeBody, priorityOf, type Admission, type AdmissionOptions, type AdmissionState, type Priority } from './admission'
import { CLIENT_ADDRESS_HEADER, REQUEST_ID_HEADER } from './headers'
import { largeBodyAllowance, MAX_BODY_BYTES, parseEventBody, timeoutFor } from './request-body'
import { httpStatusOf } from './status'

/**
 * The door of our HTTP runtime: every request for /api/<name> passes here before
 * functions-framework sees it, and every answer passes back through. functions-framework answers
 * malformed bodies, unknown paths and its own failures in English, without `ok`, and accepts
 * bodies of up to a gigabyte; here bodies are capped at 64 KiB (a health official's status file
 * excepted, request-body.ts) and each of those becomes `{ ok: false, code, message, requestId }`
 * in Chinese, with the status of the one table in status.ts. The gateway also stamps each request with the id the client and the log
 * line share, and with the client's address for rate limits (replacing whatever the client claimed).
 * It admits only as many requests as the functions' database can serve (admission.ts) and answers
 * the rest at once with SYSTEM_BUSY, HTTP 503 and Retry-After; GET /api/health is its own answer.
 */
export interface GatewayOptions {
  /** functions-framework on 127.0.0.1. */
  upstreamPort: number
  /** Names served at /api/<name>; anything else is NOT_FOUND without bothering the functions. */
  functionNames: readonly string[]
  /** Where unexpected-error lines go (default: standard error). */
  log?: (line: string) => void
  /** How long a function may take before the client is told INTERNAL. */
  timeoutMs?: number
  /** How long the rest of a refused body is read and thrown away (default 15 s). */
  drainMs?: number
  /** How many requests reach the functions at once, and how many wait (default: admissionFor(10), pg's pool). */
  admission?: Admission | AdmissionOptions
  /** Where the periodic count of refusals goes (default: `log`), and how often (default 10 s). */
  overloadLog?: (line: string) => void
  overloadLogIntervalMs?: number
}

/** The pool size of server/db/pg.ts, for a gateway told nothing else. */
const DEFAULT_POOL_SIZE = 10

/**
 * The admission a pool of `poolSize` connections serves best. A request holds a connection only
 * for its statements and spends the rest of its time in Node (decoding, signing, JSON), so twice
 * the pool keeps every connection busy; more only lengthens each request's wait in the pool.
 * The queue absorbs a burst of one second or so at capacity; a request waiting longer than half
 * a second is better told to come back (its client would otherwise time out behind the queue).
 */
export function admissionFor(poolSize: number): AdmissionOptions {
  const maxInFlight = Math.max(1, 2 * poolSize)
  return { maxInFlight, maxQueued: 8 * maxInFlight, queueWaitMs: 500 }
}

const JSON_TYPE = 'application/json; charset=utf-8'
/** The gateway's own health check; no function is named health. */
export const HEALTH_PATH = '/api/health'
/** Answers are small; a runaway one is cut off rather than buffered. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024
/**
 * How long the rest of a refused body is read and thrown away. A client still sending when its
 * answer is ready must be able to finish, or it meets a closed connection (EPIPE, ECONNRESET)
 * instead of reading the answer; a client that keeps sending beyond this is cut off.
 */
const DRAIN_MS = 15_000

/** One request being answered. */
interface Exchange {
  req: IncomingMessage
  res: ServerResponse
  requestId: string
  drainMs: number
}

/**
 * Sends one answer. When the request body has not been read to its end (a refusal before or
 * while reading), the whole answer goes out at once but the response is ended only after the rest
 * of the body has been read and discarded, or DRAIN_MS have passed: Node closes a connection
 * whose response has ended, and a client still writing would then never see its answer.
 */
function send({ req, res, requestId, drainMs }: Exchange, status: number, body: string | Buffer, extra: Record<string, string> = {}): void {
  if (res.headersSent) { res.end(); return }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(status, {
    'content-type': JSON_TYPE, 'cache-control': 'no-store', 'content-length': String(bytes.length), [REQUEST_ID_HEADER]: requestId, ...extra
  })
  if (req.complete || req.destroyed) { res.end(bytes); return }
  res.write(bytes)
  const cutOff = setTimeout(() => { res.end(); req.socket.destroy() }, drainMs)
  cutOff.unref()
  const drained = () => { clearTimeout(cutOff); res.end() }
  req.once('end', drained)
  req.once('close', drained)
  req.resume()
}

function refuse(x: Exchange, code: ErrorCode, why?: string, extra?: Record<string, string>): void {
  const answer: Fail = { ok: false, code, message: ERRORS[code], ...(why ? { fields: { _: why } } : {}), requestId: x.requestId }
  send(x, httpStatusOf(answer), JSON.stringify(answer), extra)
}

/** Retry-After in whole seconds (at least 1), from an answer's retryAfterMs. */
export function retryAfterHeader(retryAfterMs: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) }
}

/** SYSTEM_BUSY: come back after retryAfterMs (also in Retry-After, for HTTP clients and proxies). */
function refuseBusy(x: Exchange, retryAfterMs: number): void {
  const answer: Fail = { ok: false, code: 'SYSTEM_BUSY', message: ERRORS.SYSTEM_BUSY, retryAfterMs, requestId: x.requestId }
  send(x, httpStatusOf(answer), JSON.stringify(answer), retryAfterHeader(retryAfterMs))
}

/** The retryAfterMs of an answer, when it carries a sensible one. */
function retryAfterOf(answer: Result<unknown>): number | null {
  const ms = answer.ok ? undefined : answer.retryAfterMs
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : null
}

function clientAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress || 'unknown').replace(/^::ffff:/, '')
}

/**
 * Reads the body up to `limit` bytes. Past that (by the declared length, or while reading) it asks
 * `raise` once, before reading further, for a larger limit. Resolves null as soon as the body is
 * known to be too large, with the rest left unread.
 */
function readBody(req: IncomingMessage, limit: number, raise?: () => Promise<number | null>): Promise<Buffer | null> {
  let asked = false
  const allows = async (size: number): Promise<boolean> => {
    if (size > limit && raise && !asked) {
      asked = true
      limit = (await raise()) ?? limit
    }
    return size <= limit
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let deciding: Promise<boolean> | null = null
    const stop = (result: Buffer | null | Error) => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', stop)
      if (result instanceof Error) reject(result)
      else resolve(result)
    }
    const decide = (bytes: number) => {
      req.pause()
      deciding = allows(bytes)
      deciding.then((ok) => { deciding = null; if (ok) req.resume(); else stop(null) }, stop)
    }
    function onData(chunk: Buffer) {
      chunks.push(chunk)
      size += chunk.length
      if (size > limit && !deciding) decide(size)
    }
    function onEnd() {
      Promise.resolve(deciding).then(() => stop(size <= limit ? Buffer.concat(chunks) : null), stop)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', stop)
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) decide(declared)
  })
}

interface Upstream { port: number; timeoutMs: number }

/** One request to functions-framework: its status and raw answer, if it gave one in time. */
function forward(upstream: Upstream, name: string, body: Buffer, headers: Record<string, string | number>): Promise<{ status: number; raw: Buffer; answer: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: upstream.port, path: `/api/${name}`, method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length }, timeout: upstream.timeoutMs
    }, (up) => {
      const chunks: Buffer[] = []
      let size = 0
      up.on('data', (c: Buffer) => { size += c.length; if (size <= MAX_ANSWER_BYTES) chunks.push(c) })
      up.on('error', reject)
      up.on('end', () => {
        const raw = Buffer.concat(chunks)
        let answer: unknown
        try { answer = size <= MAX_ANSWER_BYTES ? JSON.parse(raw.toString('utf8')) : undefined } catch { answer = undefined }
        resolve({ status: up.statusCode ?? 0, raw, answer })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${upstream.timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

/** The request handler, `flush` for the count of refusals not yet written (on shutdown), and the admission's state. */
export type ApiGateway = ((req: IncomingMessage, res: ServerResponse) => void) & { flush(): void; state(): AdmissionState }

export function createApiGateway(options: GatewayOptions): ApiGateway {
  const names = new Set(options.functionNames)
  const log = options.log ?? ((line: string) => { process.stderr.write(line) })
  const defaultTimeoutMs = options.timeoutMs ?? 30000
  const admission = options.admission && 'admit' in options.admission
    ? options.admission
    : createAdmission(options.admission ?? admissionFor(DEFAULT_POOL_SIZE))
  const overload = createOverloadCounter(options.overloadLog ?? log, options.overloadLogIntervalMs, () => ({ ...admission.state() }))

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = newRequestId()
    const x: Exchange = { req, res, requestId, drainMs: options.drainMs ?? DRAIN_MS }
    const unexpected = (what: string, err: unknown) => {
      log(errorLogLine(`gateway ${what}`, err, requestId))
      refuse(x, 'INTERNAL')
    }
    const path = (req.url || '').split('?')[0]
    // Answered here, whatever the load: a monitor (or a person) learns the runtime is up and how full.
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      const state = admission.state()
      return send(x, 200, JSON.stringify({ ok: true, data: { status: state.queued > 0 ? 'busy' : 'ok', ...state } }))
    }
    const m = /^\/api\/([A-Za-z]{1,64})$/.exec(path)
    if (!m || !names.has(m[1])) return refuse(x, 'NOT_FOUND')
    const name = m[1]
    if (req.method !== 'POST') return refuse(x, 'METHOD_NOT_ALLOWED', '请使用 POST 请求', { allow: 'POST' })
    const busy = (retryAfterMs: number) => { overload.refused('SYSTEM_BUSY', name); refuseBusy(x, retryAfterMs) }
    // Beyond the queue already: refused before its body is read, so a surge costs no memory.
    const known = priorityBeforeBody(name)
    if (known && admission.wouldRefuse(known)) return busy(admission.refusalRetryAfterMs(known))

    const upstream: Upstream = { port: options.upstreamPort, timeoutMs: timeoutFor(name, defaultTimeoutMs) }
    const headers: Record<string, string> = { [REQUEST_ID_HEADER]: requestId, [CLIENT_ADDRESS_HEADER]: clientAddress(req) }
    if (typeof req.headers.authorization === 'string') headers.authorization = req.headers.authorization
    const large = largeBodyAllowance(name)
    // The session is looked up the way every function does (an unknown token counts against the
    // address), and only then is a large body read.
    const raise = large && headers.authorization ? async () => {
      const me = await admitted('urgent', () => forward({ port: options.upstreamPort, timeoutMs: defaultTimeoutMs }, 'whoAmI', Buffer.from('{}'), headers))
      const answer = me?.answer as Result<Me> | undefined
      return answer?.ok && answer.data.roles.includes(large.role) ? large.maxBytes : null
    } : undefined
    /** Runs `work` once admitted (releasing its place after); null when refused, with the refusal sent. */
    const admitted = async <T>(priority: Priority, work: () => Promise<T>): Promise<T | null> => {
      const ticket = await admission.admit(priority)
      if (!ticket.admitted) { busy(ticket.retryAfterMs); return null }
      // A client that gave up while queued is not served: its place goes to one still waiting.
      if (res.destroyed || req.socket.destroyed) { ticket.release(); return null }
      overload.admitted()
      try { return await work() } finally { ticket.release() }
    }

    readBody(req, MAX_BODY_BYTES, raise).then(async (body) => {
      if (body === null) return refuse(x, 'PAYLOAD_TOO_LARGE')
      const parsed = parseEventBody(body)
      if (!parsed.ok) return refuse(x, parsed.code, parsed.fields?._)
      if (body.length > MAX_BODY_BYTES && parsed.event.action !== large?.action) return refuse(x, 'PAYLOAD_TOO_LARGE')
      const up = await admitted(priorityOf(name, parsed.event.action), () => forward(upstream, name, body, headers))
      if (!up) return
      // functions-framework's own concurrency limit (set above ours by the local stack): busy, not broken.
      if (up.status === 429) return busy(admission.refusalRetryAfterMs('normal'))
      // Anything but one of our answers is the framework speaking (its 400/404/500/timeout).
      if (up.status !== 200 || !isResult(up.answer)) {
        return unexpected(name, new Error(`functions-framework answered ${up.status}: ${up.raw.toString('utf8').slice(0, 300)}`))
      }
      const retryAfterMs = retryAfterOf(up.answer)
      send(x, httpStatusOf(up.answer), up.raw, retryAfterMs ? retryAfterHeader(retryAfterMs) : {})
    }).catch((err) => unexpected(name, err))
  }
  return Object.assign(handle, { flush: () => overload.flush(), state: () => admission.state() })
}
