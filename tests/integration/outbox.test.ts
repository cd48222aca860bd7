// WeChat cloud is the edge: the timer trigger's context (no OPENID) and openapi.subscribeMessage
// come from wx-server-sdk, replaced here by a fake the test scripts.
const mockWx: { OPENID?: string; send?: (req: SubscribeMessageRequest) => Promise<unknown> } = {}
jest.mock('wx-server-sdk', () => ({
  DYNAMIC_CURRENT_ENV: 'dynamic-env',
  init: () => undefined,
  getWXContext: () => ({ OPENID: mockWx.OPENID }),
  openapi: { subscribeMessage: { send: (req: SubscribeMessageRequest) => mockWx.send!(req) } }
}), { virtual: true })

import { spawn } from 'child_process'
import { buildSync } from 'esbuild'
import fs from 'fs'
import os from 'os'
import path from 'path'
import type { GenerateCodeResponse } from '../../src/shared/api'
import type { Deps } from '../../server/domain/deps'
import { BACKOFF_BASE_SECONDS, deliverDue, NO_GRANT_ERROR } from '../../server/domain/outbox'
import { ALERT_PAGE, wechatSubscribeSender } from '../../server/platform/wechat-subscribe'
import type { SubscribeMessageRequest } from '../../server/platform/wx-sdk'
import { startJobs } from '../../server/jobs/scheduler'
import { getDeps } from '../../server/runtime'
import { fakeSubscribeMessage } from '../support/fake-wechat-subscribe'
import { itOnPostgres } from '../support/postgres-only'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, makePhone, solo, unwrap, shiftBack } from './fixtures'

const TEMPLATE = 'tpl-alert-outbox'

/** WeChat's server, the one thing faked (tests/support/fake-wechat-subscribe.ts), and the alert sender through it. */
function fakeWeChat(script: (req: SubscribeMessageRequest, n: number) => number = () => 0) {
  const wx = fakeSubscribeMessage(script)
  return { ...wx, senders: { wechat: wechatSubscribeSender(wx.cloud) } }
}

/** At-most-once delivery of alert notifications: retries, refusals, a crash between send and mark, and racing workers. */
describe.each(testDatabases())('notification outbox on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let deps: Deps
  let demoVenue: GenerateCodeResponse
  let admin: string
  let inspector: string
  const OPENID = { admin: 'o_admin_outbox', inspector: 'o_inspector_outbox' }

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl, config: { alertTemplateId: TEMPLATE } })
    deps = await getDeps()
    admin = await stack.login('venue_admin')
    inspector = await stack.login('inspector')
    demoVenue = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    await stack.db.query('UPDATE users SET wx_openid = $2 WHERE id = $1', [await stack.userIdOf(admin), OPENID.admin])
    await stack.db.query('UPDATE users SET wx_openid = $2 WHERE id = $1', [await stack.userIdOf(inspector), OPENID.inspector])
  })
  afterAll(async () => { await stack.close() })
  beforeEach(async () => {
    // Each test starts with an empty outbox and no grants.
    await stack.db.query('DELETE FROM notification_outbox')
    await stack.db.query('DELETE FROM subscription_grants')
  })

  /** A yellow person checks in at the demo venue: one alert, a WeChat row for the admin and for the inspector. */
  async function raiseAlert(): Promise<string> {
    const token = await stack.newAccount()
    await stack.verify(token, { name: '钟离春', idCard: makeIdCard('19900101'), phone: makePhone() })
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(token)])
    await stack.setPersonStatus(u.person_id, 'yellow')
    const entry = solo(await stack.call('checkIn', { code: demoVenue.code.url }, token))
    const [alert] = await stack.db.query<{ id: string }>('SELECT id FROM alerts WHERE entry_id = $1', [entry.entryId])
    return alert.id
  }

  async function subscribe(token: string, times = 1) {
    for (let i = 0; i < times; i++) unwrap(await stack.act('alert', 'subscribe', { templateIds: [TEMPLATE] }, token))
  }

  async function rowOf(alertId: string, openid: string) {
    const [row] = await stack.db.query<{ id: string; state: string; attempts: number; last_error: string | null; delay: number; due_in: number }>(
      `SELECT o.id, o.state, o.attempts, o.last_error,
              extract(epoch FROM o.next_attempt_at - o.claimed_at)::float AS delay,
              extract(epoch FROM o.next_attempt_at - now())::float AS due_in
       FROM notification_outbox o JOIN users u ON u.id = o.recipient
       WHERE o.alert_id = $1 AND u.wx_openid = $2 AND o.channel = 'wechat'`, [alertId, openid])
    return row
  }

  const remaining = async (openid: string) => (await stack.db.query<{ remaining: number }>(
    `SELECT g.remaining FROM subscription_grants g JOIN users u ON u.id = g.user_id WHERE u.wx_openid = $1`, [openid]))[0]?.remaining ?? null

  it('sends each notification once through WeChat, using one grant each, with nothing personal in it', async () => {
    await subscribe(admin)
    await subscribe(inspector)
    const alertId = await raiseAlert()
    const wx = fakeWeChat()
    const report = await deliverDue(deps, wx.senders)
    expect(report).toMatchObject({ sent: 2, retried: 0, failed: 0, skipped: 0, uncertain: 0 })
    expect(wx.messages.map((m) => m.touser).sort()).toEqual([OPENID.admin, OPENID.inspector])
    const message = wx.messages[0]
    expect(message).toMatchObject({ templateId: TEMPLATE, page: `${ALERT_PAGE}?alertId=${alertId}`, miniprogramState: 'formal' })
    expect(message.data.thing1).toEqual({ value: '泉城广场' })
    expect(message.data.thing2).toEqual({ value: '异常健康码人员扫码' })
    expect(message.data.time3.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(JSON.stringify(wx.messages)).not.toMatch(/钟/)
    expect(await rowOf(alertId, OPENID.admin)).toMatchObject({ state: 'sent', attempts: 1, last_error: null })
    expect(await remaining(OPENID.admin)).toBe(0)

    // Nothing is due any more.
    expect(await deliverDue(deps, wx.senders)).toMatchObject({ claimed: 0, sent: 0 })
    expect(wx.calls).toHaveLength(2)
  })

  it('skips a recipient without a grant without asking WeChat, and one WeChat refuses (43101)', async () => {
    await subscribe(admin)
    const alertId = await raiseAlert()
    const wx = fakeWeChat((req) => (req.touser === OPENID.admin ? 43101 : 0))
    const report = await deliverDue(deps, wx.senders)
    expect(report).toMatchObject({ sent: 0, skipped: 2 })
    expect(wx.calls.map((c) => c.touser)).toEqual([OPENID.admin])
    expect(wx.messages).toEqual([])
    expect(await rowOf(alertId, OPENID.inspector)).toMatchObject({ state: 'skipped', attempts: 1, last_error: NO_GRANT_ERROR })
    const refused = await rowOf(alertId, OPENID.admin)
    expect(refused).toMatchObject({ state: 'skipped', attempts: 1 })
    expect(refused.last_error).toMatch(/43101/)
    await deliverDue(deps, wx.senders)
    expect(wx.calls).toHaveLength(1)
  })

  it('retries a busy WeChat with growing backoff, and sends once', async () => {
    await subscribe(admin)
    const alertId = await raiseAlert()
    const wx = fakeWeChat((req, n) => (req.touser === OPENID.admin && n <= 2 ? -1 : 0))
    const delays: number[] = []
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await deliverDue(deps, wx.senders)).toMatchObject({ retried: 1, sent: 0 })
      const row = await rowOf(alertId, OPENID.admin)
      expect(row).toMatchObject({ state: 'pending', attempts: attempt })
      expect(row.last_error).toMatch(/-1/)
      delays.push(row.delay)
      // Not due yet: a run now leaves it alone.
      expect(row.due_in).toBeGreaterThan(1)
      expect(await deliverDue(deps, wx.senders)).toMatchObject({ claimed: 0 })
      // Time passes.
      await stack.db.query(`UPDATE notification_outbox SET next_attempt_at = now() WHERE id = $1`, [row.id])
    }
    expect(delays[0]).toBeGreaterThanOrEqual(BACKOFF_BASE_SECONDS - 1)
    expect(delays[1]).toBeGreaterThan(delays[0] * 1.5)
    expect(await deliverDue(deps, wx.senders)).toMatchObject({ sent: 1 })
    expect(await rowOf(alertId, OPENID.admin)).toMatchObject({ state: 'sent', attempts: 3 })
    expect(wx.calls.filter((c) => c.touser === OPENID.admin)).toHaveLength(3)
    expect(wx.messages.filter((c) => c.touser === OPENID.admin)).toHaveLength(1)
    // The grant was used once, on the first claim, not on every try.
    await subscribe(admin)
    expect(await remaining(OPENID.admin)).toBe(1)
  })

  it('gives up after the last attempt, and at once on a permanent error', async () => {
    await subscribe(admin)
    await subscribe(inspector)
    const alertId = await raiseAlert()
    const wx = fakeWeChat((req) => (req.touser === OPENID.admin ? -1 : 40003))
    await deliverDue(deps, wx.senders, { maxAttempts: 2 })
    expect(await rowOf(alertId, OPENID.inspector)).toMatchObject({ state: 'failed', attempts: 1 })
    await stack.db.query(`UPDATE notification_outbox SET next_attempt_at = now() WHERE state = 'pending'`)
    await deliverDue(deps, wx.senders, { maxAttempts: 2 })
    expect(await rowOf(alertId, OPENID.admin)).toMatchObject({ state: 'failed', attempts: 2 })
    await stack.db.query(`UPDATE notification_outbox SET next_attempt_at = now()`)
    expect(await deliverDue(deps, wx.senders, { maxAttempts: 2 })).toMatchObject({ claimed: 0 })
    expect(wx.calls).toHaveLength(3)
    expect(wx.messages).toHaveLength(0)
  })

  it('never sends again what a worker sent before it died unmarked; the others are not lost', async () => {
    await subscribe(admin)
    await subscribe(inspector)
    const alertId = await raiseAlert()
    const wx = fakeWeChat()
    // The worker dies right after WeChat accepted the admin's message, before marking it.
    const crash = new Error('worker killed between send and mark')
    await expect(deliverDue(deps, wx.senders, {
      afterSend: (n) => { if (n.openid === OPENID.admin) throw crash }
    })).rejects.toBe(crash)
    expect(wx.messages.map((m) => m.touser).sort()).toEqual([OPENID.admin, OPENID.inspector])
    expect(await rowOf(alertId, OPENID.admin)).toMatchObject({ state: 'sending', attempts: 1 })
    expect(await rowOf(alertId, OPENID.inspector)).toMatchObject({ state: 'sent', attempts: 1 })

    // Within the lease the claim is left alone (its worker may still be working).
    expect(await deliverDue(deps, wx.senders)).toMatchObject({ claimed: 0, uncertain: 0 })
    // The lease runs out: the claim is given up as uncertain, never sent again.
    await shiftBack(stack.db, 'notification_outbox', 'claimed_at', `state = 'sending'`, [], '3 minutes')
    expect(await deliverDue(deps, wx.senders)).toMatchObject({ claimed: 0, uncertain: 1 })
    expect(await deliverDue(deps, wx.senders)).toMatchObject({ claimed: 0, uncertain: 0 })
    const row = await rowOf(alertId, OPENID.admin)
    expect(row.state).toBe('uncertain')
    expect(wx.messages.filter((m) => m.touser === OPENID.admin)).toHaveLength(1)
    expect(wx.messages.filter((m) => m.touser === OPENID.inspector)).toHaveLength(1)
    expect(wx.calls).toHaveLength(2)
  })

  // A real crash: a worker process killed with SIGKILL the instant WeChat accepted a message.
  // PGlite lives inside this process, so only a database server can be shared with a child.
  itOnPostgres(__filename, databaseUrl, 'never resends after a worker process is killed -9 between send and mark', async () => {
    await subscribe(admin)
    await subscribe(inspector)
    const alertId = await raiseAlert()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-crash-'))
    const sentFile = path.join(dir, 'sent.jsonl')
    const worker = path.join(dir, 'worker.js')
    const root = path.resolve(__dirname, '../..')
    // The child's WeChat edge writes each accepted message to a file, then the child kills
    // itself when the message was the admin's: after the send, before any mark.
    buildSync({
      stdin: {
        contents: `
          import { appendFileSync } from 'fs'
          import { openDb } from './server/db'
          import { deliverDue } from './server/domain/outbox'
          import { wechatSubscribeSender } from './server/platform/wechat-subscribe'
          const config = JSON.parse(process.env.WORKER_CONFIG, (k, v) => v && v.__buf ? Buffer.from(v.__buf, 'base64') : v)
          const cloud = { openapi: { subscribeMessage: { async send(req) {
            appendFileSync(process.env.SENT_FILE, JSON.stringify(req) + '\\n')
            if (req.touser === process.env.KILL_AFTER) process.kill(process.pid, 'SIGKILL')
            return { errCode: 0 }
          } } } }
          openDb(config).then((db) => deliverDue({ db, config }, { wechat: wechatSubscribeSender(cloud) }, { batchSize: 1 }))
            .then(() => process.exit(0), (err) => { console.error(err); process.exit(1) })`,
        resolveDir: root,
        loader: 'ts'
      },
      outfile: worker,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['pg', 'pg-native', '@electric-sql/pglite', 'wx-server-sdk'],
      logLevel: 'error'
    })
    const config = JSON.stringify(stack.config, (_k, v) => (v && v.type === 'Buffer' && Array.isArray(v.data) ? { __buf: Buffer.from(v.data).toString('base64') } : v))
    const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => {
      const child = spawn(process.execPath, [worker], {
        cwd: root,
        env: { ...process.env, WORKER_CONFIG: config, SENT_FILE: sentFile, KILL_AFTER: OPENID.admin, NODE_PATH: path.join(root, 'node_modules') },
        stdio: ['ignore', 'ignore', 'inherit']
      })
      child.on('exit', (code, signal) => resolve(signal ?? code))
    })
    expect(exit).toBe('SIGKILL')
    const childSent = fs.readFileSync(sentFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SubscribeMessageRequest)
    expect(childSent.filter((m) => m.touser === OPENID.admin)).toHaveLength(1)
    expect(await rowOf(alertId, OPENID.admin)).toMatchObject({ state: 'sending', attempts: 1 })

    // Another worker, after the lease: the admin's claim is given up, the inspector's row (sent
    // by the child before it died, or still pending) goes out once in all.
    await shiftBack(stack.db, 'notification_outbox', 'claimed_at', `state = 'sending'`, [], '3 minutes')
    const wx = fakeWeChat()
    expect(await deliverDue(deps, wx.senders)).toMatchObject({ uncertain: 1 })
    const all = [...childSent, ...wx.messages]
    expect(all.filter((m) => m.touser === OPENID.admin)).toHaveLength(1)
    expect(all.filter((m) => m.touser === OPENID.inspector)).toHaveLength(1)
    expect(await rowOf(alertId, OPENID.admin)).toMatchObject({ state: 'uncertain' })
    expect(await rowOf(alertId, OPENID.inspector)).toMatchObject({ state: 'sent', attempts: 1 })
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('marks a sent notification whose first mark lost its database connection, instead of leaving it claimed', async () => {
    await subscribe(admin)
    await subscribe(inspector)
    const alertId = await raiseAlert()
    const wx = fakeWeChat()
    // The first "sent" mark meets a connection the server has just terminated (pg_terminate_backend).
    let dropped = 0
    const flaky: Deps = { ...deps, db: { ...deps.db, query: (sql: string, params?: unknown[]) => {
      if (!dropped && sql.includes("SET state = 'sent'")) {
        dropped++
        return Promise.reject(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))
      }
      return deps.db.query(sql, params)
    } } as Deps['db'] }
    expect(await deliverDue(flaky, wx.senders)).toMatchObject({ sent: 2 })
    expect(dropped).toBe(1)
    expect(await rowOf(alertId, OPENID.admin)).toMatchObject({ state: 'sent', attempts: 1 })
    expect(await rowOf(alertId, OPENID.inspector)).toMatchObject({ state: 'sent', attempts: 1 })
    expect(wx.calls).toHaveLength(2)
  })

  it('delivers every row exactly once with five workers at the same time', async () => {
    const alerts = 6
    await subscribe(admin, alerts)
    await subscribe(inspector, alerts)
    const alertIds: string[] = []
    for (let i = 0; i < alerts; i++) alertIds.push(await raiseAlert())
    const wx = fakeWeChat()
    const reports = await Promise.all(Array.from({ length: 5 }, () => deliverDue(deps, wx.senders, { batchSize: 2 })))
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(alerts * 2)
    const keys = wx.messages.map((m) => `${m.touser} ${m.page}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toHaveLength(alerts * 2)
    for (const id of alertIds) {
      expect(keys).toContain(`${OPENID.admin} ${ALERT_PAGE}?alertId=${id}`)
      expect(keys).toContain(`${OPENID.inspector} ${ALERT_PAGE}?alertId=${id}`)
    }
    const states = await stack.db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM notification_outbox GROUP BY state`)
    expect(states).toEqual([{ state: 'sent', n: alerts * 2 }])
    expect(await remaining(OPENID.admin)).toBe(0)
  })

  it("delivers from WeChat's minute timer, which no user can trigger", async () => {
    await subscribe(admin)
    const alertId = await raiseAlert()
    const wx = fakeWeChat()
    mockWx.send = wx.cloud.openapi.subscribeMessage.send
    const timer = { Type: 'Timer', TriggerName: 'deliver', Time: new Date().toISOString() }
    mockWx.OPENID = 'o_someone'
    expect(await stack.invoke('alert', timer, {})).toMatchObject({ ok: false, code: 'TIMER_ONLY' })
    expect(await stack.call('alert', timer)).toMatchObject({ ok: false, code: 'TIMER_ONLY' })
    expect(wx.calls).toEqual([])
    mockWx.OPENID = undefined
    expect(await stack.invoke('alert', timer, {})).toMatchObject({ ok: true, data: { sent: 1, skipped: 1 } })
    expect(wx.messages.map((m) => m.touser)).toEqual([OPENID.admin])
    expect(await rowOf(alertId, OPENID.admin)).toMatchObject({ state: 'sent' })
    expect(await stack.invoke('alert', timer, {})).toMatchObject({ ok: true, data: { claimed: 0 } })
  })

  it('delivers through the job scheduler without anyone running deliverDue, and stops cleanly', async () => {
    await subscribe(admin)
    await subscribe(inspector)
    const wx = fakeWeChat()
    const jobs = await startJobs(deps, { senders: wx.senders, log: () => undefined, pollingIntervalSeconds: 0.5 })
    try {
      expect(await startJobs(deps, { senders: {} })).toBe(jobs)
      const alertId = await raiseAlert()
      const deadline = Date.now() + 30000
      while (wx.messages.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      expect(wx.messages.map((m) => m.touser).sort()).toEqual([OPENID.admin, OPENID.inspector])
      expect(await rowOf(alertId, OPENID.admin)).toMatchObject({ state: 'sent', attempts: 1 })
      const schedules = await jobs.boss.getSchedules()
      expect(schedules.map((x) => [x.name, x.cron, x.options?.tz ?? null]).sort()).toEqual([
        ['alert-delivery', '* * * * *', null], ['purge', '0 3 * * *', 'Asia/Shanghai'], ['upkeep', '0 * * * *', null]
      ])
    } finally {
      await jobs.stop()
      if (databaseUrl) await stack.db.query(`DROP SCHEMA IF EXISTS ${jobs.schema} CASCADE`)
    }
    expect(wx.messages).toHaveLength(2)
  })
})
