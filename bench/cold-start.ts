/**
 * Cold start of the checkIn function, as a fresh instance meets it: in new Node processes, the
 * time to `require` its bundle, and the time from that `require` to the answer of a first call (a
 * real first scan: it opens the pool, checks the migrations and checks in), each against a bare
 * `require('pg')` in another new process. Runs alternate (pg, bundle, first call, pg, …) so each
 * side sees the same machine; medians of `runs`.
 */
import { execFile } from 'child_process'
import fs from 'fs'
import { createRequire } from 'module'
import os from 'os'
import path from 'path'
import { CLIENT_ADDRESS_HEADER } from '../server/http/headers'
import { percentile } from './median'
import type { Scans } from './scans'

const root = path.resolve(__dirname, '..')
export const CHECK_IN_BUNDLE = path.join(root, 'cloudfunctions/checkIn/index.js')

/** Runs in the fresh process: times one `require` and, for a call, the answer of exports.main. */
const CHILD = `
const [target, eventJson, contextJson] = process.argv.slice(2)
const t0 = process.hrtime.bigint()
const mod = require(target)
const required = Number(process.hrtime.bigint() - t0) / 1e6
;(async () => {
  let answered = null, answer = null
  if (eventJson) {
    answer = await mod.main(JSON.parse(eventJson), JSON.parse(contextJson))
    answered = Number(process.hrtime.bigint() - t0) / 1e6
  }
  process.stdout.write(JSON.stringify({ required, answered, ok: answer ? answer.ok : null, code: answer && !answer.ok ? answer.code : null }))
  process.exit(0)
})().catch((err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1) })
`

interface ChildTimes { required: number; answered: number | null; ok: boolean | null; code: string | null }

function runChild(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildTimes> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { cwd: root, env, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`cold-start child failed: ${stderr || err.message}`))
      try { resolve(JSON.parse(stdout) as ChildTimes) } catch { reject(new Error(`cold-start child printed ${stdout.slice(0, 200)} ${stderr.slice(0, 500)}`)) }
    })
  })
}

export interface ColdStart {
  runs: number
  /** Medians, ms. */
  pg: number
  bundle: number
  firstAnswer: number
  bundleBytes: number
}

/**
 * `env` is the functions' environment (keys, DATABASE_URL, PUBLIC_BASE_URL): the first call
 * answers from the benchmark's database, as a deployed instance would from its own.
 */
export async function benchColdStart(scans: Scans, env: Record<string, string | undefined>, runs: number): Promise<ColdStart> {
  if (!fs.existsSync(CHECK_IN_BUNDLE)) throw new Error('cloudfunctions/checkIn/index.js is missing: run `npm run build:cloud` first')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-cold-'))
  try {
    const script = path.join(dir, 'child.js')
    fs.writeFileSync(script, CHILD)
    const pgPath = createRequire(path.join(root, 'package.json')).resolve('pg')
    const childEnv = { ...process.env, ...env } as NodeJS.ProcessEnv
    const pg: number[] = []
    const bundle: number[] = []
    const first: number[] = []
    // One unmeasured round: the page cache then holds both files for every measured one.
    await runChild(script, [pgPath], childEnv)
    await runChild(script, [CHECK_IN_BUNDLE], childEnv)
    for (let r = 0; r < runs; r++) {
      pg.push((await runChild(script, [pgPath], childEnv)).required)
      bundle.push((await runChild(script, [CHECK_IN_BUNDLE], childEnv)).required)
      const s = scans.scan(scans.next++)
      const context = { httpContext: { url: '/api/checkIn', method: 'POST', headers: { authorization: `Bearer ${s.token}`, [CLIENT_ADDRESS_HEADER]: '127.0.0.1' } } }
      const call = await runChild(script, [CHECK_IN_BUNDLE, JSON.stringify({ code: s.code }), JSON.stringify(context)], childEnv)
      if (!call.ok) throw new Error(`cold-start first call answered ${call.code}`)
      first.push(call.answered!)
    }
    return {
      runs, pg: percentile(pg, 0.5), bundle: percentile(bundle, 0.5), firstAnswer: percentile(first, 0.5),
      bundleBytes: fs.statSync(CHECK_IN_BUNDLE).size
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
