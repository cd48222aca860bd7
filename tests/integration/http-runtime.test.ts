/**
 * The HTTP runtime as `npm start` runs it (scripts/local-stack.mjs: our gateway in front of
 * functions-framework): malformed requests are answered in our shape and in Chinese, unexpected
 * errors reach the log with the request id the client was given, a claimed address does not
 * escape a rate limit, and the start banner names the database actually used.
 */
import { readFileSync, writeFileSync } from 'fs'
import path from 'path'
import { Client } from 'pg'
import { randomBytes } from 'crypto'
import { startLocalStack, type RunningStack } from '../support/local-stack-process'
import { describeOnPostgres } from '../support/postgres-only'

async function post(url: string, name: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  return { status: res.status, requestId: res.headers.get('x-request-id'), json: await res.json() as any }
}

describe('answers on the local stack', () => {
  let stack: RunningStack
  beforeAll(async () => { stack = await startLocalStack() })
  afterAll(async () => { await stack.stop() })

  it.each(['not json', 'null', '42', '"x"', '[]', '{"__proto__":{"a":1}}', ''])(
    'answers the body %j with INVALID_INPUT in Chinese, for every function alike', async (body) => {
      for (const name of ['checkIn', 'demoLogin', 'whoAmI']) {
        const res = await post(stack.url, name, body)
        expect(res.status).toBe(400)
        expect(res.json).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '提交的信息有误，请按提示修改后重试' })
        expect(res.json.fields._).toMatch(/[\u4e00-\u9fff]/)
        expect(res.json.requestId).toBe(res.requestId)
      }
    })

  it('answers an unknown function, a GET and an oversized body in the same shape', async () => {
    expect(await post(stack.url, 'dropTables', '{}')).toMatchObject({ status: 404, json: { ok: false, code: 'NOT_FOUND' } })
    const get = await fetch(`${stack.url}/api/checkIn`)
    expect(get.status).toBe(405)
    expect(await get.json()).toMatchObject({ ok: false, code: 'METHOD_NOT_ALLOWED' })
    const big = await post(stack.url, 'checkIn', JSON.stringify({ code: 'x'.repeat(70 * 1024) }))
    expect(big).toMatchObject({ status: 413, json: { ok: false, code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大，请精简后重试' } })
  })

  it('gives every answer a request id, and a refusal the status of the one table', async () => {
    const ok = await post(stack.url, 'listDemoAccounts', '{}')
    expect(ok.status).toBe(200)
    expect(ok.requestId).toMatch(/^[0-9a-f]{16}$/)
    expect((await post(stack.url, 'whoAmI', '{}')).status).toBe(401)
    const citizen = (await post(stack.url, 'demoLogin', '{"account":"citizen"}')).json.data.token
    const foreign = await post(stack.url, 'checkIn', JSON.stringify({ code: 'https://evil.example/c?t=x' }), { authorization: `Bearer ${citizen}` })
    expect(foreign).toMatchObject({ status: 200, json: { ok: false, code: 'VENUE_CODE_FOREIGN' } })
  })

  it('does not let a client choose its address to escape the sign-in limit', async () => {
    const answers: string[] = []
    for (let i = 0; i < 12; i++) {
      const res = await post(stack.url, 'demoLogin', JSON.stringify({ account: `nobody${i}` }), { 'x-forwarded-for': `10.9.8.${i}` })
      answers.push(res.json.code)
    }
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('UNKNOWN_ACCOUNT'))
    expect(answers.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED'])
    expect((await post(stack.url, 'demoLogin', '{"account":"citizen"}')).status).toBe(429)
  })
})

describe('an unexpected error on the local stack', () => {
  it('answers INTERNAL with a request id, and that id is in the stack\'s standard error and in errors.log', async () => {
    const first = await startLocalStack()
    await first.stop()
    // The same data read with another encryption key: decrypting a name fails, as a broken key would.
    const keysFile = path.join(first.dataDir, 'keys.json')
    const keys = JSON.parse(readFileSync(keysFile, 'utf8'))
    keys.dataEncryptionKeys = { [keys.dataEncryptionKid]: randomBytes(32).toString('base64') }
    const otherKeys = path.join(first.dataDir, 'other-keys.json')
    writeFileSync(otherKeys, JSON.stringify(keys))
    const stack = await startLocalStack({ DATA_DIR: path.join(first.dataDir, 'pglite'), KEYS_FILE: otherKeys, LOG_DIR: path.join(first.dataDir, 'logs') })
    try {
      const res = await post(stack.url, 'demoLogin', '{"account":"citizen"}')
      expect(res.status).toBe(500)
      expect(res.json).toEqual({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后重试', requestId: res.requestId })
      expect(res.json.requestId).toMatch(/^[0-9a-f]{16}$/)
      const deadline = Date.now() + 5000
      while (!stack.output().includes(res.json.requestId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      const line = stack.output().split('\n').find((l) => l.includes(res.json.requestId))
      expect(JSON.parse(line as string)).toMatchObject({ tag: 'csm-error', requestId: res.json.requestId, function: 'demoLogin' })
      const logged = readFileSync(path.join(first.dataDir, 'logs', 'errors.log'), 'utf8')
      expect(logged).toContain(`"requestId":"${res.json.requestId}"`)
      expect(JSON.stringify(res.json)).not.toMatch(/decrypt|Error|at \//)
    } finally {
      await stack.stop()
    }
  })
})

describeOnPostgres(__filename, 'the start banner on PostgreSQL', (databaseUrl) => {
  const schema = `banner_${randomBytes(4).toString('hex')}`
  afterAll(async () => {
    const client = new Client({ connectionString: databaseUrl })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  })

  it('names the PostgreSQL server, not a PGlite directory, when DATABASE_URL is set', async () => {
    const stack = await startLocalStack({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema })
    try {
      const banner = stack.output()
      expect(banner).toContain('数据库: PostgreSQL 127.0.0.1:5432/test')
      expect(banner).not.toMatch(/PGlite|数据目录/)
    } finally {
      await stack.stop()
    }
  })
})
