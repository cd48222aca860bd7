/**
 * The whole HTTP path of a check-in: the README's local stack (our gateway in front of
 * functions-framework) as a child process on the benchmark's database, driven by keep-alive
 * clients with real session tokens, every call a first scan by a different person, against the
 * function that does nothing (listDemoAccounts: no session, no database) through the same
 * runtime, interleaved run by run. Also the runtime's peak memory (VmHWM) after the load and its
 * resident memory sampled during it, and the gateway's cost: at GATEWAY_CLIENTS clients the same
 * check-ins straight to functions-framework's port (with the headers the gateway would add),
 * interleaved with runs through the gateway.
 */
import fs from 'fs'
import http from 'http'
import os from 'os'
import path from 'path'
import { CLIENT_ADDRESS_HEADER } from '../server/http/headers'
import { startLocalStack } from '../tests/support/local-stack-process'
import type { TestStack } from '../tests/support/stack'
import { assertFirstScan, medianRun, type PathComparison } from './db-path'
import { childrenOf, functionsProcess, memoryOf, sampleMemory } from './http-client'
import { closedLoop, type LoadResult } from './load'
import type { Scans } from './scans'

const root = path.resolve(__dirname, '..')

/** The clients at which the gateway's cost is measured. */
export const GATEWAY_CLIENTS = 16

/** POSTs JSON to /api/<name> on a keep-alive agent; the answer's data, or an error with its code. */
function call(agent: http.Agent, base: URL, name: string, body: unknown, token?: string, extraHeaders: Record<string, string> = {}): Promise<unknown> {
  const data = Buffer.from(JSON.stringify(body))
  return new Promise((resolve, reject) => {
    const req = http.request({
      agent, host: base.hostname, port: base.port, path: `/api/${name}`, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': data.length, ...(token ? { authorization: `Bearer ${token}` } : {}), ...extraHeaders }
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        try {
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; data?: unknown; code?: string; message?: string }
          if (answer.ok) resolve(answer.data)
          else reject(new Error(`${name}: ${answer.code} ${answer.message}`))
        } catch (err) {
          reject(err)
        }
      })
    })
    req.on('error', reject)
    req.end(data)
  })
}

/** Peak resident memory (VmHWM, bytes) of a process and of each of its children. */
function peakMemory(pid: number): Array<{ pid: number; command: string; bytes: number }> {
  return [pid, ...childrenOf(pid)].map((p) => { const m = memoryOf(p); return { pid: p, command: m.command, bytes: m.hwm } })
}

/** The H5 build when there is one; the API never reads it, so a fresh clone gets a one-line stand-in. */
export function h5Dir(work: string): string {
  if (fs.existsSync(path.join(root, 'dist/h5/index.html'))) return path.join(root, 'dist/h5')
  const dir = path.join(work, 'h5')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>场所码基准</title>\n')
  return dir
}

export interface HttpPathResult {
  rows: PathComparison[]
  memory: Array<{ pid: number; command: string; bytes: number }>
  /** Peak resident memory of each runtime process while the check-ins ran (sampled), bytes. */
  underLoad: Map<string, number>
  /** Check-ins through the gateway (ours) against straight to functions-framework (baseline), at GATEWAY_CLIENTS. */
  gateway: PathComparison | null
}

export async function benchHttpPath(stack: TestStack, scans: Scans, opts: {
  url: string; keysFile: string; levels: number[]; seconds: number; repeats: number
}): Promise<HttpPathResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-http-'))
  const running = await startLocalStack({
    DATABASE_URL: opts.url, KEYS_FILE: opts.keysFile, PUBLIC_BASE_URL: stack.config.publicBaseUrl, H5_DIR: h5Dir(work),
    LOG_DIR: path.join(work, 'logs')
  })
  try {
    const base = new URL(running.url)
    const direct = new URL(`http://127.0.0.1:${functionsProcess(running.pid).port}`)
    const rows: PathComparison[] = []
    let gateway: PathComparison | null = null
    const memory = sampleMemory(running.pid)
    for (const clients of opts.levels) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
      const checkIns = async (seconds: number) => {
        const run = await closedLoop(clients, seconds, async (n) => {
          const s = scans.scan(n)
          assertFirstScan(await call(agent, base, 'checkIn', { code: s.code }, s.token))
        }, scans.next)
        scans.next = run.next
        return run
      }
      const nothing = (seconds: number) => closedLoop(clients, seconds, () => call(agent, base, 'listDemoAccounts', {}))
      // What the gateway adds to every request it forwards; functions-framework is asked directly.
      const directAgent = new http.Agent({ keepAlive: true, maxSockets: clients })
      const directCheckIns = async (seconds: number) => {
        const run = await closedLoop(clients, seconds, async (n) => {
          const s = scans.scan(n)
          assertFirstScan(await call(directAgent, direct, 'checkIn', { code: s.code }, s.token, { [CLIENT_ADDRESS_HEADER]: '127.0.0.1' }))
        }, scans.next)
        scans.next = run.next
        return run
      }
      const measureGateway = clients === GATEWAY_CLIENTS
      // Open the sockets and warm both paths before anything counts.
      await checkIns(1)
      await nothing(1)
      if (measureGateway) await directCheckIns(1)
      const ours: LoadResult[] = []
      const theirs: LoadResult[] = []
      const straight: LoadResult[] = []
      for (let r = 0; r < opts.repeats; r++) {
        ours.push(await checkIns(opts.seconds))
        theirs.push(await nothing(opts.seconds))
        if (measureGateway) straight.push(await directCheckIns(opts.seconds))
      }
      agent.destroy()
      directAgent.destroy()
      rows.push({ clients, ours: medianRun(ours), baseline: medianRun(theirs) })
      if (measureGateway) gateway = { clients, ours: medianRun(ours), baseline: medianRun(straight) }
    }
    return { rows, memory: peakMemory(running.pid), underLoad: memory.stop(), gateway }
  } catch (err) {
    throw new Error(`${(err as Error).message}\nlocal stack output:\n${running.output().slice(-3000)}`)
  } finally {
    await running.stop()
    fs.rmSync(work, { recursive: true, force: true })
  }
}
