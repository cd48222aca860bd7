/**
 * The benchmarks' HTTP client: one POST of JSON on a keep-alive agent, answered with the status,
 * our answer's shape and the server's Retry-After, or with what went wrong on the way (a client
 * timeout, a reset connection). Nothing is thrown: under overload every outcome is counted.
 */
import fs from 'fs'
import http from 'http'
import path from 'path'

export interface Posted {
  /** HTTP status, or 0 when no answer came (see `failure`). */
  status: number
  answer?: { ok: boolean; data?: unknown; code?: string; message?: string; retryAfterMs?: number }
  /** Retry-After, in ms. */
  retryAfterMs: number | null
  /** 'timeout', or the socket error's code, when nothing was answered. */
  failure?: string
}

export function post(agent: http.Agent, target: { host: string; port: number }, urlPath: string, body: unknown,
  headers: Record<string, string>, timeoutMs: number): Promise<Posted> {
  const data = Buffer.from(JSON.stringify(body))
  return new Promise((resolve) => {
    let settled = false
    const done = (p: Posted) => { if (!settled) { settled = true; clearTimeout(timer); resolve(p) } }
    const req = http.request({
      agent, host: target.host, port: target.port, path: urlPath, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers }
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', (err: NodeJS.ErrnoException) => done({ status: 0, retryAfterMs: null, failure: err.code ?? err.message }))
      res.on('end', () => {
        const header = Number(res.headers['retry-after'])
        let answer: Posted['answer']
        try { answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) } catch { answer = undefined }
        done({ status: res.statusCode ?? 0, answer, retryAfterMs: Number.isFinite(header) && header > 0 ? header * 1000 : null })
      })
    })
    // The caller picks the timeout; the overload curve uses the mini-program's (REQUEST_TIMEOUT_MS, src/services/cloud.ts).
    const timer = setTimeout(() => { done({ status: 0, retryAfterMs: null, failure: 'timeout' }); req.destroy() }, timeoutMs)
    req.on('error', (err: NodeJS.ErrnoException) => done({ status: 0, retryAfterMs: null, failure: err.code ?? err.message }))
    req.end(data)
  })
}

/** "200 ok", "503 SYSTEM_BUSY", "timeout": what one request got, for counting. */
export function outcomeOf(p: Posted): string {
  if (p.status === 0) return p.failure ?? 'no answer'
  return `${p.status} ${p.answer ? (p.answer.ok ? 'ok' : p.answer.code ?? '?') : '(not our JSON)'}`
}

/** The functions-framework process the local stack started (a child of its pid), and its internal port. */
export function functionsProcess(stackPid: number): { pid: number; port: number } {
  for (const child of childrenOf(stackPid)) {
    const args = fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0')
    const i = args.indexOf('--port')
    if (args.some((a) => a.endsWith('tcb-ff.js')) && i > 0) return { pid: child, port: Number(args[i + 1]) }
  }
  throw new Error(`no functions-framework process under pid ${stackPid}`)
}

export function childrenOf(pid: number): number[] {
  return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
}

/** Resident memory now (VmRSS) and at its peak (VmHWM), bytes, with the process's script name. */
export function memoryOf(pid: number): { pid: number; command: string; rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024
  const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
  // The script, not a module preloaded before it (--require x.cjs): the last script-like argument.
  const script = [...cmdline.slice(1)].reverse().find((a) => /\.[cm]?js$/.test(a)) ?? cmdline[1] ?? cmdline[0] ?? '?'
  return { pid, command: path.basename(script), rss: kb('VmRSS'), hwm: kb('VmHWM') }
}

/** Samples the resident memory of a process and its children every `everyMs`; the peak of each. */
export function sampleMemory(pid: number, everyMs = 250): { stop(): Map<string, number> } {
  const peak = new Map<string, number>()
  const sample = () => {
    for (const p of [pid, ...childrenOf(pid)]) {
      try {
        const m = memoryOf(p)
        peak.set(m.command, Math.max(peak.get(m.command) ?? 0, m.rss))
      } catch { /* a process that just ended */ }
    }
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return { stop: () => { clearInterval(timer); sample(); return peak } }
}

/** The soft limit on open files of a process (Node raises its own to the hard limit at start). */
export function openFilesLimit(pid: number | 'self' = 'self'): number {
  const m = /Max open files\s+(\d+|unlimited)/.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'))
  return !m || m[1] === 'unlimited' ? Infinity : Number(m[1])
}
