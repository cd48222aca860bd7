/**
 * Oversized request bodies through the real HTTP gateway: every client, however much it is still
 * sending, reads its 413 answer instead of a broken connection; and the one large-body allowance
 * (a health official's status file) is granted only to a signed-in official, for the import.
 */
import net from 'net'
import { FUNCTION_NAMES, type ProposalView } from '../../src/shared/api'
import { MAX_BODY_BYTES } from '../../server/http/request-body'
import { startGateway, type RunningGateway } from '../support/gateway'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard } from './fixtures'
import { approve } from '../support/two-officials'

interface Answer { status: number; json: any; answeredBeforeAllSent: boolean }
interface UploadOptions { headers?: Record<string, string>; chunked?: boolean; connection?: 'close' | 'keep-alive'; pauseAfter?: number }

/**
 * POSTs `body` over a plain socket as a client uploading a file does: the whole body, honouring
 * back-pressure, with a Content-Length unless `chunked`, on a keep-alive connection unless told
 * `close`; the answer is read as it comes. With `pauseAfter`, sending stops after that many bytes until the answer has
 * arrived, then goes on. Resolves once everything is sent and the answer read; rejects with the
 * socket error (EPIPE, ECONNRESET) a client meets when the server hangs up while it is sending.
 * (Node's own client stops writing once it has an answer, so it cannot show this.)
 */
function upload(port: number, name: string, body: Buffer, options: UploadOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const headers = {
      host: '127.0.0.1', 'content-type': 'application/json', connection: options.connection ?? 'keep-alive',
      ...(options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length) }),
      ...options.headers
    }
    const frame = (part: Buffer) => (options.chunked ? [Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')] : [part])
    let received = Buffer.alloc(0)
    let answer: Answer | undefined
    let allSent = false
    let resumeSending: (() => void) | undefined
    const finish = (err?: Error) => {
      clearTimeout(timer)
      socket.destroy()
      if (err) reject(err)
      else resolve(answer as Answer)
    }
    const timer = setTimeout(() => finish(new Error(`no answer within 20 s (answer: ${answer?.status}, all sent: ${allSent})`)), 20_000)
    socket.on('error', (err) => finish(err))
    socket.on('close', () => { if (!answer || !allSent) finish(new Error(`closed by the server (answer: ${answer?.status}, all sent: ${allSent})`)) })
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      if (answer) return
      try {
        const reply = parseReply(received)
        if (!reply) return
        answer = { ...reply, answeredBeforeAllSent: !allSent }
      } catch (err) {
        return finish(err as Error)
      }
      if (resumeSending) resumeSending()
      else if (allSent) finish()
    })
    socket.write(`POST /api/${name} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`)
    let sent = 0
    const pump = (): void => {
      while (sent < body.length) {
        if (options.pauseAfter !== undefined && sent >= options.pauseAfter && !answer) {
          resumeSending = () => { resumeSending = undefined; pump() }
          return
        }
        const part = body.subarray(sent, sent + 64 * 1024)
        sent += part.length
        if (!frame(part).map((b) => socket.write(b)).every(Boolean)) { socket.once('drain', pump); return }
      }
      socket.write(options.chunked ? '0\r\n\r\n' : '', () => {
        allSent = true
        if (answer) finish()
      })
    }
    pump()
  })
}

/** Status and JSON body of a complete HTTP/1.1 reply (Content-Length or chunked), or null while incomplete. */
function parseReply(bytes: Buffer): { status: number; json: any } | null {
  const end = bytes.indexOf('\r\n\r\n')
  if (end < 0) return null
  const head = bytes.subarray(0, end).toString('latin1')
  const status = Number(head.split(' ')[1])
  let rest = bytes.subarray(end + 4)
  const length = /\r\ncontent-length: *(\d+)/i.exec(head)
  if (length) {
    if (rest.length < Number(length[1])) return null
    return { status, json: JSON.parse(rest.subarray(0, Number(length[1])).toString('utf8')) }
  }
  const parts: Buffer[] = []
  for (;;) {
    const line = rest.indexOf('\r\n')
    if (line < 0) return null
    const size = parseInt(rest.subarray(0, line).toString('latin1'), 16)
    if (size === 0) return { status, json: JSON.parse(Buffer.concat(parts).toString('utf8')) }
    if (rest.length < line + 2 + size + 2) return null
    parts.push(rest.subarray(line + 2, line + 2 + size))
    rest = rest.subarray(line + 2 + size + 2)
  }
}

/** A JSON object of exactly `size` bytes. */
const jsonOf = (size: number, fields: Record<string, unknown> = {}) => {
  const head = JSON.stringify({ ...fields, pad: '' })
  return Buffer.from(head.slice(0, -2) + 'x'.repeat(size - head.length) + '"}', 'utf8')
}

const TOO_LARGE = { status: 413, json: { ok: false, code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大，请精简后重试' } }

describe.each(testDatabases())('oversized bodies through the HTTP gateway on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let gateway: RunningGateway
  let citizen: string
  let official: string
  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    gateway = await startGateway(stack)
    citizen = await stack.login('citizen')
    official = await stack.login('official')
  })
  afterAll(async () => {
    await gateway?.close()
    await stack?.close()
  })

  it('answers a 5 MB body with 413 to every function, and the client still sending reads it', async () => {
    const body = jsonOf(5 * 1024 * 1024)
    const answers: Record<string, unknown> = {}
    for (const name of FUNCTION_NAMES) {
      for (const chunked of [false, true]) {
        for (const connection of ['close', 'keep-alive'] as const) {
          const label = `${name}, ${chunked ? 'chunked' : 'Content-Length'}, Connection: ${connection}`
          answers[label] = await upload(gateway.port, name, body, { chunked, connection, headers: { authorization: `Bearer ${citizen}` } })
            .then((a) => ({ status: a.status, json: a.json }), (err: NodeJS.ErrnoException) => err.code ?? err.message)
        }
      }
    }
    const wrong = Object.entries(answers).filter(([, a]) => {
      try { expect(a).toMatchObject(TOO_LARGE); return false } catch { return true }
    })
    expect(Object.fromEntries(wrong)).toEqual({})
    // A refusal before the body is read at all drains it the same way.
    expect(await upload(gateway.port, 'noSuchFunction', body, { connection: 'close' }))
      .toMatchObject({ status: 404, json: { ok: false, code: 'NOT_FOUND' } })
  })

  it('stops reading a refused body once the drain time has passed', async () => {
    const quick = await startGateway(stack, { drainMs: 300 })
    try {
      // 100 KiB of a declared megabyte, and then nothing more.
      const socket = net.connect(quick.port, '127.0.0.1')
      socket.on('error', () => undefined)
      let received = Buffer.alloc(0)
      socket.on('data', (c: Buffer) => { received = Buffer.concat([received, c]) })
      const closed = new Promise((resolve) => socket.on('close', () => resolve('closed')))
      socket.write(`POST /api/whoAmI HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${1024 * 1024}\r\n\r\n${'x'.repeat(100 * 1024)}`)
      expect(await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000, 'still open'))])).toBe('closed')
      expect(parseReply(received)).toMatchObject(TOO_LARGE)
    } finally {
      await quick.close()
    }
  })

  it('refuses a 1 MB body to official before reading it, unless an official is signed in', async () => {
    const body = jsonOf(1024 * 1024, { action: 'importStatus', fileName: 'a.csv' })
    const callers: Array<Record<string, string>> = [{}, { authorization: `Bearer ${citizen}` }, { authorization: 'Bearer NotASessionTokenAtAll0000' }]
    for (const headers of callers) {
      for (const chunked of [false, true]) {
        // 100 KiB sent, the rest held back until the answer has come: the gateway never waited for it.
        const answer = await upload(gateway.port, 'official', body, { headers, chunked, pauseAfter: 100 * 1024 })
        expect(answer).toMatchObject({ ...TOO_LARGE, answeredBeforeAllSent: true })
      }
    }
  }, 30_000)

  it('takes a signed-in official\'s large status file, and only the import', async () => {
    const lines = ['身份证号,姓名,健康码,原因']
    for (let i = 0; Buffer.byteLength(lines.join('\n')) < 2 * MAX_BODY_BYTES; i++) {
      const birth = new Date(Date.UTC(1960, 0, 1) + i * 86400_000).toISOString().slice(0, 10).replace(/-/g, '')
      lines.push(`${makeIdCard(birth)},张${'明华强伟芳'[i % 5]}${'一二三四五六七八九十'[i % 10]},黄码,居家健康监测`)
    }
    const auth = { authorization: `Bearer ${official}` }
    const file = Buffer.from(JSON.stringify({ action: 'importStatus', fileName: '健康码.csv', csv: lines.join('\n') }), 'utf8')
    expect(file.length).toBeGreaterThan(MAX_BODY_BYTES)
    const imported = await upload(gateway.port, 'official', file, { headers: auth })
    expect(imported).toMatchObject({ status: 200, json: { ok: true, data: { applied: true, rows: lines.length - 1, changed: lines.length - 1 } } })
    // Approved by a second official (two-person rule), so the same file again changes nobody.
    await approve(stack, await stack.login('official_reviewer'), (imported.json as { data: { proposal: ProposalView } }).data.proposal)
    const streamed = await upload(gateway.port, 'official', file, { headers: auth, chunked: true })
    expect(streamed).toMatchObject({ status: 200, json: { ok: true, data: { applied: true, rows: lines.length - 1, changed: 0 } } })
    // Any other action of the same size is over the 64 KiB every other request has.
    const other = await upload(gateway.port, 'official', jsonOf(2 * MAX_BODY_BYTES, { action: 'person', idCard: '11010519491231002X' }), { headers: auth })
    expect(other).toMatchObject(TOO_LARGE)
  })
})
