/**
 * The real HTTP runtime: functions-framework (tcb-ff) loading the esbuild bundles, and the
 * local-stack script in front of it. Requests are exactly what the browser client sends.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process'
import { randomBytes } from 'crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs'
import net from 'net'
import { tmpdir } from 'os'
import { join, resolve } from 'path'
import { Client } from 'pg'
import { startFakeAlipay } from '../support/fake-alipay'
import { testDatabases } from '../support/stack'

const root = resolve(__dirname, '../..')

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = net.createServer()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => res(port))
    })
  })
}

async function post(base: string, name: string, body: unknown, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  return { status: res.status, json: await res.json() }
}

function waitForOutput(child: ChildProcess, pattern: RegExp, log: { text: string }, timeoutMs = 60000): Promise<RegExpExecArray> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`timed out waiting for ${pattern}:\n${log.text}`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      log.text += chunk.toString()
      const m = pattern.exec(log.text)
      if (m) { clearTimeout(timer); res(m) }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => { clearTimeout(timer); rej(new Error(`exited with ${code}:\n${log.text}`)) })
  })
}

function stop(child: ChildProcess | undefined): Promise<void> {
  return new Promise((res) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return res()
    child.once('exit', () => res())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 5000).unref()
  })
}

const keyEnv = () => ({
  CODE_SIGNING_KEYS: `h1:${randomBytes(32).toString('base64')}`,
  CODE_SIGNING_KID: 'h1',
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  LOOKUP_HASH_KEY: randomBytes(32).toString('base64')
})

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build-cloud.mjs')], { cwd: root, stdio: 'pipe' })
})

describe.each(testDatabases())('functions-framework over HTTP on $label', ({ databaseUrl }) => {
  let child: ChildProcess | undefined
  let tmp: string
  let base: string
  const schema = `http_${randomBytes(5).toString('hex')}`

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'csm-http-'))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    const env: NodeJS.ProcessEnv = {
      ...process.env, ...keyEnv(),
      LOCAL_STACK: '1', DEMO_LOGIN: '1', PUBLIC_BASE_URL: base, DATA_DIR: join(tmp, 'pglite'),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema } : {})
    }
    delete env.PORT
    child = spawn(process.execPath, [
      join(root, 'node_modules/@cloudbase/functions-framework/bin/tcb-ff.js'),
      '--port', String(port), '--functionsConfigFile', join(root, 'cloudbase-functions.json'),
      '--logDirname', join(tmp, 'logs'), '--logEventContext=false'
    ], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    await waitForOutput(child, /Server listening on port/, { text: '' })
  })
  afterAll(async () => {
    await stop(child)
    if (databaseUrl) {
      const client = new Client({ connectionString: databaseUrl })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
    rmSync(tmp, { recursive: true, force: true })
  })

  it('signs in, reads the demo venue and checks in with a bearer token', async () => {
    const login = await post(base, 'demoLogin', { account: 'citizen_yellow' })
    expect(login.status).toBe(200)
    expect(login.json).toMatchObject({ ok: true, data: { me: { nameMasked: '钱*', healthStatus: 'yellow' } } })
    const admin = (await post(base, 'demoLogin', { account: 'venue_admin' })).json.data.token
    const venues = await post(base, 'myVenues', {}, admin)
    const url: string = venues.json.data.venues[0].code.url
    expect(url.startsWith(`${base}/c?t=CSM1.h1.`)).toBe(true)

    const checkIn = await post(base, 'checkIn', { code: url }, login.json.data.token)
    expect(checkIn.status).toBe(200)
    expect(checkIn.json).toMatchObject({
      ok: true,
      data: { kind: 'entered', venue: { name: '泉城广场' }, people: [{ repeated: false, nameMasked: '钱*', healthStatus: 'yellow', method: 'self' }] }
    })
  })

  it('answers refusals as JSON with no stack trace', async () => {
    const noToken = await post(base, 'checkIn', { code: 'https://evil.example.com/c?t=x' })
    expect(noToken.json).toEqual({ ok: false, code: 'NOT_LOGGED_IN', message: '请先登录后再操作' })
    const token = (await post(base, 'demoLogin', { account: 'citizen' })).json.data.token
    const foreign = await post(base, 'checkIn', { code: 'https://evil.example.com/login' }, token)
    expect(foreign.json).toMatchObject({ ok: false, code: 'VENUE_CODE_FOREIGN' })
    const bad = await post(base, 'generateCode', { action: 'apply', name: 1 }, token)
    expect(bad.json.code).toBe('INVALID_INPUT')
    expect(JSON.stringify([noToken.json, foreign.json, bad.json])).not.toMatch(/stack|Error|at \//)
  })
})

/** scripts/local-stack.mjs on a free port, its data under `dir`, once it says it has started. */
async function startStack(dir: string, extraEnv: Record<string, string>): Promise<{ child: ChildProcess; base: string; log: string }> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), DATA_DIR: join(dir, 'pglite'), KEYS_FILE: join(dir, 'keys.json'), LOG_DIR: join(dir, 'logs'), ...extraEnv
  }
  delete env.DATABASE_URL
  const child = spawn(process.execPath, [join(root, 'scripts/local-stack.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const log = { text: '' }
  try {
    await waitForOutput(child, /按 Ctrl-C 停止/, log, 120000)
  } catch (err) {
    await stop(child)
    throw err
  }
  return { child, base: `http://127.0.0.1:${port}`, log: log.text }
}

describe('scripts/local-stack.mjs', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'csm-stack-'))
  afterAll(() => rmSync(tmp, { recursive: true, force: true }))

  it('exits non-zero with a clear message when the H5 build is missing', async () => {
    const child = spawn(process.execPath, [join(root, 'scripts/local-stack.mjs')], {
      cwd: root, env: { ...process.env, H5_DIR: join(tmp, 'missing'), PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe']
    })
    let err = ''
    child.stderr.on('data', (c) => { err += c.toString() })
    const code = await new Promise<number | null>((res) => child.on('exit', res))
    expect(code).not.toBe(0)
    expect(err).toContain('npm run build:h5')
  })

  it('serves the H5 app (index.html for router paths) and proxies /api to the functions', async () => {
    const h5 = join(tmp, 'h5')
    mkdirSync(join(h5, 'js'), { recursive: true })
    writeFileSync(join(h5, 'index.html'), '<!doctype html><title>场所码</title>')
    writeFileSync(join(h5, 'js', 'app.js'), 'console.log(1)')
    const { child, base, log } = await startStack(tmp, { H5_DIR: h5 })
    try {
      expect(log).toContain(`场所码本地环境已启动: ${base}`)
      expect(log).toContain('李*')
      const page = await fetch(`${base}/c?t=CSM1.local1.abc.def.1.AAAAAAAAAAAAAAAAAAAAAA`)
      expect(page.headers.get('content-type')).toContain('text/html')
      expect(await page.text()).toContain('<title>场所码</title>')
      expect(await (await fetch(`${base}/js/app.js`)).text()).toBe('console.log(1)')
      const admin = (await post(base, 'demoLogin', { account: 'venue_admin' })).json.data.token
      const url: string = (await post(base, 'myVenues', {}, admin)).json.data.venues[0].code.url
      expect(url.startsWith(`${base}/c?t=CSM1.local1.`)).toBe(true)
      const citizen = (await post(base, 'demoLogin', { account: 'citizen' })).json.data.token
      expect((await post(base, 'checkIn', { code: url }, citizen)).json).toMatchObject({ ok: true, data: { people: [{ nameMasked: '张*' }] } })
    } finally {
      await stop(child)
    }
  })

  const fakeH5 = () => {
    const h5 = join(tmp, 'h5-alipay')
    mkdirSync(h5, { recursive: true })
    writeFileSync(join(h5, 'index.html'), '<!doctype html><title>场所码</title>')
    return h5
  }

  it('passes the Alipay settings to the functions: sign-in through the bundle, and 503 when Alipay is down', async () => {
    const fake = await startFakeAlipay()
    const { child, base, log } = await startStack(mkdtempSync(join(tmp, 'alipay-')), { ...fake.env, H5_DIR: fakeH5() })
    try {
      expect(log).toContain(`支付宝登录: 已开通（应用 ${fake.config.appId}`)
      const signIn = await post(base, 'alipayLogin', { authCode: fake.issueCode('2088000000000777') })
      expect(signIn).toMatchObject({ status: 200, json: { ok: true, data: { me: { roles: ['citizen'] } } } })
      expect((await post(base, 'whoAmI', {}, signIn.json.data.token)).json.data.userId).toBe(signIn.json.data.me.userId)
      await fake.goDown()
      expect(await post(base, 'alipayLogin', { authCode: fake.issueCode('2088000000000777') }))
        .toEqual({ status: 503, json: { ok: false, code: 'ALIPAY_UNAVAILABLE', message: '支付宝服务暂时不可用，请稍后重试' } })
    } finally {
      await stop(child)
      await fake.close()
    }
  })

  it('exits at once, naming the variable, when the Alipay settings are half set', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, H5_DIR: fakeH5(), PORT: String(await freePort()), ALIPAY_APP_ID: '2021000122671080' }
    for (const name of ['ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY', 'ALIPAY_GATEWAY']) delete env[name]
    const child = spawn(process.execPath, [join(root, 'scripts/local-stack.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (c) => { err += c.toString() })
    const code = await new Promise<number | null>((res) => child.on('exit', res))
    expect(code).not.toBe(0)
    expect(err).toContain('Missing required environment variable ALIPAY_PRIVATE_KEY')
  })
})
