/**
 * The whole HTTP path of a check-in: the README's local stack (our gateway in front of
 * functions-framework) as a child process on the benchmark's database, driven by keep-alive
 * clients with real session tokens, every call a first scan by a different person, against the
 * function that does nothing (listDemoAccounts: no session, no database) through the same
 * runtime, interleaved run by run. Also the runtime's peak memory (VmHWM) after the load.
 */
import fs from 'fs'
import http from 'http'
import os from 'os'
import path from 'path'
import { startLocalStack } from '../tests/support/local-stack-process'
import type { TestStack } from '../tests/support/stack'
import { assertFirstScan, medianRun, type PathComparison } from './db-path'
import { closedLoop, type LoadResult } from './load'
import type { Scans } from './scans'

const root = path.resolve(__dirname, '..')

/** POSTs JSON to /api/<name> on a keep-alive agent; the answer's data, or an error with its code. */
function call(agent: http.Agent, base: URL, name: string, body: unknown, token?: string): Promise<unknown> {
  const data = Buffer.from(JSON.stringify(body))
  return new Promise((resolve, reject) => {
    const req = http.request({
      agent, host: base.hostname, port: base.port, path: `/api/${name}`, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': data.length, ...(token ? { authorization: `Bearer ${token}` } : {}) }
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
  const read = (p: number) => {
    const status = fs.readFileSync(`/proc/${p}/status`, 'utf8')
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)
    const cmdline = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean)
    return { pid: p, command: path.basename(cmdline[1] ?? cmdline[0] ?? '?'), bytes: kb ? Number(kb[1]) * 1024 : NaN }
  }
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  return [read(pid), ...children.map(read)]
}

/** The H5 build when there is one; the API never reads it, so a fresh clone gets a one-line stand-in. */
function h5Dir(work: string): string {
  if (fs.existsSync(path.join(root, 'dist/h5/index.html'))) return path.join(root, 'dist/h5')
  const dir = path.join(work, 'h5')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>场所码基准</title>\n')
  return dir
}

export interface HttpPathResult { rows: PathComparison[]; memory: Array<{ pid: number; command: string; bytes: number }> }

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
    const rows: PathComparison[] = []
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
      // Open the sockets and warm both paths before anything counts.
      await checkIns(1)
      await nothing(1)
      const ours: LoadResult[] = []
      const theirs: LoadResult[] = []
      for (let r = 0; r < opts.repeats; r++) {
        ours.push(await checkIns(opts.seconds))
        theirs.push(await nothing(opts.seconds))
      }
      agent.destroy()
      rows.push({ clients, ours: medianRun(ours), baseline: medianRun(theirs) })
    }
    return { rows, memory: peakMemory(running.pid) }
  } catch (err) {
    throw new Error(`${(err as Error).message}\nlocal stack output:\n${running.output().slice(-3000)}`)
  } finally {
    await running.stop()
    fs.rmSync(work, { recursive: true, force: true })
  }
}
