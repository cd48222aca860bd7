/**
 * Runs the README's local stack (scripts/local-stack.mjs) as a child process on a free port
 * with a throw-away data directory, and waits for the URL it prints.
 */
import { spawn, type ChildProcess } from 'child_process'
import fs from 'fs'
import net from 'net'
import os from 'os'
import path from 'path'

const root = path.resolve(__dirname, '../..')

export interface RunningStack {
  url: string
  dataDir: string
  /** The stack's own process (it runs the functions in a child of its own). */
  pid: number
  stop(): Promise<void>
  /**
   * SIGKILL to the stack and its functions process at once, as a crash or an OOM kill would do:
   * nothing gets to clean up. Only for a stack started with `killable`.
   */
  kill(): Promise<void>
  output(): string
}

export interface StackOptions {
  /**
   * Starts the stack in a process group of its own, so kill() reaches its functions process too.
   * Off by default: a stack outside the terminal's group outlives a Ctrl-C of the test run.
   */
  killable?: boolean
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

export async function startLocalStack(extraEnv: Record<string, string> = {}, options: StackOptions = {}): Promise<RunningStack> {
  // H5_DIR, as the stack reads it: a caller that never opens a page may serve a stand-in.
  if (!fs.existsSync(path.resolve(root, extraEnv.H5_DIR ?? 'dist/h5', 'index.html'))) {
    throw new Error('dist/h5 is missing: run `npm run build:h5` first (npm test does it)')
  }
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-e2e-'))
  let out = ''
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts/local-stack.mjs')], {
    cwd: root,
    env: {
      ...process.env, PORT: String(port), DATA_DIR: path.join(dataDir, 'pglite'), KEYS_FILE: path.join(dataDir, 'keys.json'),
      LOG_DIR: path.join(dataDir, 'logs'), ...extraEnv
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.killable ?? false
  })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('local stack did not start in 120 s:\n' + out)), 120000)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m && out.includes('已启动')) { clearTimeout(timer); resolve(m[1]) }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`local stack exited with ${code}:\n${out}`)) })
  })
  return {
    url,
    dataDir,
    pid: child.pid!,
    output: () => out,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 5000).unref()
    }),
    kill: () => new Promise<void>((resolve) => {
      if (!options.killable) throw new Error('kill() needs a stack started with { killable: true }')
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      process.kill(-child.pid!, 'SIGKILL')
    })
  }
}
