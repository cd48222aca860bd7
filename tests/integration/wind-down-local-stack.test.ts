/**
 * 停用 as an operator runs it on the local stack (README): `npm start`'s stack filled over HTTP,
 * stopped; `npm run wind-down -- start --local` and `destroy --local`; started again. Every
 * function then answers 410 SYSTEM_ENDED with the receipt the command wrote, and no file the stack
 * ever wrote (the PGlite directory, functions-framework's and our logs, the key file, the audit
 * heads, the receipt) holds any personal value it was given or stored. PGlite only: a PostgreSQL
 * server's files are not the stack's to read (wind-down.test.ts reads its every table).
 */
import { execFile } from 'child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs'
import os from 'os'
import path from 'path'
import { promisify } from 'util'
import { openDb } from '../../server/db'
import { startLocalStack, type RunningStack } from '../support/local-stack-process'
import { makeIdCard, makePhone } from './fixtures'

const root = path.resolve(__dirname, '../..')
const run = promisify(execFile)

async function post(url: string, name: string, body: unknown, token?: string) {
  const res = await fetch(`${url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  return { status: res.status, json: await res.json() as any }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : []
  })
}

describe('停用 on the local stack, by the command', () => {
  let stack: RunningStack | null = null
  let home: string
  let h5: string
  let env: Record<string, string>
  const plain: string[] = []
  const stored: string[] = []

  beforeAll(() => {
    h5 = mkdtempSync(path.join(os.tmpdir(), 'csm-h5-'))
    writeFileSync(path.join(h5, 'index.html'), '<!doctype html><title>场所码</title>')
  })
  afterAll(async () => {
    await stack?.stop()
    rmSync(h5, { recursive: true, force: true })
    if (home) rmSync(home, { recursive: true, force: true })
  })

  const tool = (...args: string[]) => run(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'server/tools/wind-down.ts', ...args],
    { cwd: root, env: { ...process.env, ...env } })

  it('is filled over HTTP, then wound down and destroyed by the command with the stack stopped', async () => {
    // functions-framework's access log on, one line per request: a log that exists to be emptied.
    stack = await startLocalStack({ H5_DIR: h5, ACCESS_LOG_SAMPLE: '1' })
    home = stack.dataDir
    env = { DATA_DIR: path.join(home, 'pglite'), KEYS_FILE: path.join(home, 'keys.json'), LOG_DIR: path.join(home, 'logs'), H5_DIR: h5 }
    const login = async (account: string) => (await post(stack!.url, 'demoLogin', { account })).json.data.token as string
    const admin = await login('venue_admin')
    const code = (await post(stack.url, 'myVenues', {}, admin)).json.data.venues[0].code.url as string
    const newcomer = await login('newcomer')
    const person = { name: '端木春华', idCard: makeIdCard('19700101'), phone: makePhone() }
    const started = await post(stack.url, 'people', { action: 'startVerification', ...person }, newcomer)
    expect(started.json.ok).toBe(true)
    expect((await post(stack.url, 'people', { action: 'confirmVerification', checkId: started.json.data.checkId }, newcomer)).json.ok).toBe(true)
    expect((await post(stack.url, 'checkIn', { code }, newcomer)).json.ok).toBe(true)
    expect((await post(stack.url, 'checkIn', { code }, await login('citizen_red'))).json.ok).toBe(true)
    plain.push(person.name, person.idCard, person.phone, '370102199001011231', '13800000001', '370102199203157896')
    await stack.stop()
    stack = null

    const db = await openDb({ dataDir: env.DATA_DIR } as never)
    try {
      const cols = await db.query<{ t: string; c: string }>(
        `SELECT c.relname AS t, a.attname AS c FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
           AND (a.attname LIKE '%\\_enc' OR a.attname LIKE '%\\_hash') AND c.relname <> 'sessions'
           AND a.attname NOT IN ('prev_hash', 'row_hash', 'anchor_hash')`)
      // (A session token's hash names nobody; the audit chains' link hashes are published outside on purpose.)
      for (const { t, c } of cols) stored.push(...(await db.query<{ v: string }>(`SELECT ${c}::text AS v FROM ${t} WHERE ${c} IS NOT NULL`)).map((r) => r.v))
    } finally {
      await db.close()
    }
    expect(stored.length).toBeGreaterThan(10)
    expect(filesUnder(env.LOG_DIR).length).toBeGreaterThan(0)
    // The search below can find them: before 停用 the data directory holds what was stored.
    expect(filesUnder(env.DATA_DIR).some((f) => stored.some((v) => readFileSync(f).includes(Buffer.from(v))))).toBe(true)

    const start = await tool('start', '--local', '--grace-days', '30')
    expect(start.stdout).toMatch(/本系统已于\d{4}年\d{1,2}月\d{1,2}日停止登记/)
    // Before the grace period the command refuses, and says until when.
    await expect(tool('destroy', '--local')).rejects.toMatchObject({ stderr: expect.stringContaining('宽限期未满') })
    await expect(tool('destroy', '--local', '--now')).rejects.toMatchObject({ stderr: expect.stringContaining('--now --yes') })
    const destroyed = await tool('destroy', '--local', '--now', '--yes')
    expect(destroyed.stdout).toContain('已销毁')
    expect(destroyed.stdout).toContain(path.join(home, 'deletion-receipt.json'))
  })

  it('starts again and answers every call, signed in or not, with 410 SYSTEM_ENDED and the receipt it published', async () => {
    stack = await startLocalStack(env)
    expect(stack.output()).toContain('本系统已停用')
    const receipt = JSON.parse(readFileSync(path.join(home, 'deletion-receipt.json'), 'utf8'))
    expect(receipt.counts.persons).toBeGreaterThan(5)
    expect(receipt.counts.log_files).toBeGreaterThan(0)
    for (const name of ['listDemoAccounts', 'demoLogin', 'checkIn', 'whoAmI', 'entries']) {
      expect(await post(stack.url, name, {})).toEqual({ status: 410, json: expect.objectContaining({ ok: false, code: 'SYSTEM_ENDED', receipt }) })
    }
    // The last audit head it names is the last one published to the heads file.
    const heads = readFileSync(path.join(home, 'audit-heads.jsonl'), 'utf8').trim().split('\n')
    expect(JSON.parse(heads[heads.length - 1]).digest).toBe(receipt.lastAuditHead)
    await stack.stop()
    stack = null
  })

  it('leaves no personal value in any file the stack wrote, and no data key in its key file', () => {
    const files = filesUnder(home)
    expect(files.length).toBeGreaterThan(100)
    const found: string[] = []
    for (const f of files) {
      const bytes = readFileSync(f)
      for (const v of [...plain, ...stored]) if (bytes.includes(Buffer.from(v, 'utf8'))) found.push(`${path.relative(home, f)}: ${v}`)
    }
    expect(found).toEqual([])
    const keys = JSON.parse(readFileSync(env.KEYS_FILE, 'utf8'))
    expect(keys.destroyedKeys).toEqual(['k1'])
    expect(Object.keys(keys.dataEncryptionKeys)).toEqual(['ended'])
  })
})
