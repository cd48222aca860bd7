/**
 * Our HTTP gateway (server/http/gateway.ts) on a real port, in front of a test stack that stands
 * in for functions-framework: each forwarded request reaches the function's real entry with the
 * headers the gateway set, as functions-framework passes them on. No build and no child process,
 * so a test can run it on both databases.
 */
import http from 'http'
import type { AddressInfo } from 'net'
import { FUNCTION_NAMES, type FunctionName } from '../../src/shared/api'
import { createApiGateway, type GatewayOptions } from '../../server/http/gateway'
import type { TestStack } from './stack'

export interface RunningGateway {
  base: string
  port: number
  close(): Promise<void>
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))
}

export async function startGateway(stack: TestStack, options: Partial<GatewayOptions> = {}): Promise<RunningGateway> {
  const upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const name = (req.url ?? '').split('/').pop() as FunctionName
      const answer = await stack.invoke(name, JSON.parse(Buffer.concat(chunks).toString('utf8')), {
        httpContext: { url: req.url ?? '', httpMethod: 'POST', headers: req.headers }
      })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer))
    })
  })
  const gateway = http.createServer(createApiGateway({
    upstreamPort: await listen(upstream), functionNames: FUNCTION_NAMES, log: () => undefined, ...options
  }))
  const port = await listen(gateway)
  const close = (server: http.Server) => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) })
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    async close() { await close(gateway); await close(upstream) }
  }
}
