/**
 * The HTTP part every fake outside service shares (tests/support/fake-alipay.ts,
 * fake-wechat.ts): a listener on a free loopback port that can go down and come back on the
 * same port, and the ways a service in trouble answers, or does not.
 */
import http from 'http'
import type { AddressInfo, Socket } from 'net'

/**
 * How a service in trouble answers: `bad-gateway` (502 from a proxy in front); `hang` (accepts
 * and never answers); `garbage` (200 with an HTML error page). `up` is the service itself.
 */
export type TransportMode = 'up' | 'bad-gateway' | 'hang' | 'garbage'

export interface FakeRequest {
  method: string
  url: URL
  body: Buffer
}

export interface FakeAnswer {
  status?: number
  type?: string
  body: string
}

export interface FakeServer {
  port: number
  /** Stops listening: connections are refused until comeBack(). */
  goDown(): Promise<void>
  comeBack(): Promise<void>
  close(): Promise<void>
}

/** `answer` is asked only while `mode()` is up; null leaves the request hanging. */
export async function startFakeServer(mode: () => string, answer: (request: FakeRequest) => FakeAnswer | null): Promise<FakeServer> {
  const sockets = new Set<Socket>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const now = mode()
      if (now === 'hang') return
      if (now === 'bad-gateway') return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>')
      if (now === 'garbage') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>系统繁忙</body></html>')
      const reply = answer({ method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://fake'), body: Buffer.concat(chunks) })
      if (reply) res.writeHead(reply.status ?? 200, { 'content-type': reply.type ?? 'application/json; charset=utf-8' }).end(reply.body)
    })
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve() })
  })
  const stop = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy()
    server.close(() => resolve())
  })

  await listen(0)
  const port = (server.address() as AddressInfo).port
  return {
    port,
    goDown: stop,
    comeBack: () => listen(port),
    close: async () => { if (server.listening) await stop() }
  }
}
