import http, { type IncomingMessage, type ServerResponse } from 'http'
import { isResult, type Fail } from '../../src/shared/api'
import { ERRORS, type ErrorCode } from '../../src/shared/errors'
import { errorLogLine, newRequestId } from '../log'
import { CLIENT_ADDRESS_HEADER, REQUEST_ID_HEADER } from './headers'
import { maxBodyBytes, parseEventBody, timeoutFor } from './request-body'
import { httpStatusOf } from './status'

/**
 * The door of our HTTP runtime: every request for /api/<name> passes here before
 * functions-framework sees it, and every answer passes back through. functions-framework answers
 * malformed bodies, unknown paths and its own failures in English, without `ok`, and accepts
 * bodies of up to a gigabyte; here bodies are capped per function (request-body.ts) and each of
 * those becomes `{ ok: false, code, message, requestId }` in Chinese, with the status of the one
 * table in status.ts. The gateway also stamps each request with the id the client and the log
 * line share, and with the client's address for rate limits (replacing whatever the client claimed).
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
}

const JSON_TYPE = 'application/json; charset=utf-8'
/** Answers are small; a runaway one is cut off rather than buffered. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024

function send(res: ServerResponse, requestId: string, status: number, body: string | Buffer, extra: Record<string, string> = {}): void {
  if (res.headersSent) { res.end(); return }
  res.writeHead(status, { 'content-type': JSON_TYPE, 'cache-control': 'no-store', [REQUEST_ID_HEADER]: requestId, ...extra })
  res.end(body)
}

function refuse(res: ServerResponse, requestId: string, code: ErrorCode, why?: string, extra?: Record<string, string>): void {
  const answer: Fail = { ok: false, code, message: ERRORS[code], ...(why ? { fields: { _: why } } : {}), requestId }
  send(res, requestId, httpStatusOf(answer), JSON.stringify(answer), extra)
}

function clientAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress || 'unknown').replace(/^::ffff:/, '')
}

/** Reads the body up to the limit; null when it is larger. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) { req.resume(); resolve(null); return }
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (c: Buffer) => {
      if (over) return
      size += c.length
      if (size > limit) { over = true; chunks.length = 0; return }
      chunks.push(c)
    })
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function createApiGateway(options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const names = new Set(options.functionNames)
  const log = options.log ?? ((line: string) => { process.stderr.write(line) })
  const defaultTimeoutMs = options.timeoutMs ?? 30000

  return (req, res) => {
    const requestId = newRequestId()
    const unexpected = (what: string, err: unknown) => {
      log(errorLogLine(`gateway ${what}`, err, requestId))
      refuse(res, requestId, 'INTERNAL')
    }
    const path = (req.url || '').split('?')[0]
    const m = /^\/api\/([A-Za-z]{1,64})$/.exec(path)
    if (!m || !names.has(m[1])) return refuse(res, requestId, 'NOT_FOUND')
    const name = m[1]
    if (req.method !== 'POST') return refuse(res, requestId, 'METHOD_NOT_ALLOWED', '请使用 POST 请求', { allow: 'POST' })

    const timeoutMs = timeoutFor(name, defaultTimeoutMs)
    readBody(req, maxBodyBytes(name)).then((body) => {
      if (body === null) return refuse(res, requestId, 'PAYLOAD_TOO_LARGE')
      const parsed = parseEventBody(body)
      if (!parsed.ok) return refuse(res, requestId, parsed.code, parsed.fields?._)
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': body.length,
        [REQUEST_ID_HEADER]: requestId,
        [CLIENT_ADDRESS_HEADER]: clientAddress(req)
      }
      if (typeof req.headers.authorization === 'string') headers.authorization = req.headers.authorization
      const upstream = http.request({ host: '127.0.0.1', port: options.upstreamPort, path: `/api/${name}`, method: 'POST', headers, timeout: timeoutMs }, (up) => {
        const chunks: Buffer[] = []
        let size = 0
        up.on('data', (c: Buffer) => { size += c.length; if (size <= MAX_ANSWER_BYTES) chunks.push(c) })
        up.on('error', (err) => unexpected(name, err))
        up.on('end', () => {
          const raw = Buffer.concat(chunks)
          let answer: unknown
          try { answer = size <= MAX_ANSWER_BYTES ? JSON.parse(raw.toString('utf8')) : undefined } catch { answer = undefined }
          // Anything but one of our answers is the framework speaking (its 400/404/500/timeout).
          if (up.statusCode !== 200 || !isResult(answer)) {
            return unexpected(name, new Error(`functions-framework answered ${up.statusCode}: ${raw.toString('utf8').slice(0, 300)}`))
          }
          send(res, requestId, httpStatusOf(answer), raw)
        })
      })
      upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${timeoutMs} ms`)))
      upstream.on('error', (err) => unexpected(name, err))
      upstream.end(body)
    }).catch((err) => unexpected(name, err))
  }
}
