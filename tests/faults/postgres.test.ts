/**
 * Faults under load on PostgreSQL: 1,000 first-scan check-ins from 64 concurrent clients while
 * (1) every database connection of the runtime is terminated twice, (2) the runtime is killed
 * with SIGKILL twice and restarted. A quarter of the citizens are yellow or red, so the alert
 * outbox delivers under the same faults.
 */
import { randomBytes } from 'crypto'
import { Client } from 'pg'
import type { Db } from '../../server/db'
import type { JobResult } from './support/load'
import { describeOnPostgres } from '../support/postgres-only'
import { startScenario, type Scenario } from './support/scenario'
import { entryViolations, failureReasons, outboxViolations, summary, unsettled } from './support/verify'

const FAULTS_DATABASE = 'csm_faults'
const PLAN = { people: 100, venues: 10, abnormalEvery: 4 }

/** The server of TEST_DATABASE_URL, database csm_faults, made if missing. */
async function faultsDatabaseUrl(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    const [exists] = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [FAULTS_DATABASE])).rows
    if (!exists) {
      await admin.query(`CREATE DATABASE ${FAULTS_DATABASE}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err
      })
    }
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${FAULTS_DATABASE}`
  return url.toString()
}

/** Waits until the outbox has nothing left to send (claims of a killed process aside). */
async function drained(db: Db, scenario: Scenario, timeoutMs = 150000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (await unsettled(db, scenario.lastKill()) > 0) {
    if (Date.now() > deadline) throw new Error(`outbox not drained in ${timeoutMs} ms: ${await unsettled(db, scenario.lastKill())} rows unsettled`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

function abnormalEntryIds(scenario: Scenario, results: JobResult[]): string[] {
  return results.filter((r) => r.final === 'ok' && scenario.seeded.abnormal.has(r.job.personId))
    .map((r) => (r.attempts.find((a) => a.kind === 'ok') as { entryId: string }).entryId)
}

describeOnPostgres(__filename, 'faults under load on PostgreSQL', (adminUrl) => {
  let databaseUrl: string
  let killer: Client
  const schemas: string[] = []

  beforeAll(async () => {
    databaseUrl = await faultsDatabaseUrl(adminUrl)
    killer = new Client({ connectionString: databaseUrl })
    await killer.connect()
  })
  afterAll(async () => {
    for (const schema of schemas) await killer.query(`DROP SCHEMA IF EXISTS ${schema}, ${schema}_boss CASCADE`)
    await killer.end()
  })

  /** A runtime whose connections carry an application_name no one else uses, in a schema of its own. */
  async function scenario(): Promise<{ scenario: Scenario; applicationName: string }> {
    const id = randomBytes(5).toString('hex')
    const schema = `faults_${id}`
    const applicationName = `csm-faults-${id}`
    schemas.push(schema)
    const url = new URL(databaseUrl)
    url.searchParams.set('application_name', applicationName)
    return { scenario: await startScenario(PLAN, { DATABASE_URL: url.toString(), DATABASE_SCHEMA: schema }), applicationName }
  }

  async function verify(s: Scenario, results: JobResult[]): Promise<void> {
    const db = await s.openDatabase()
    try {
      await drained(db, s)
      const states = await db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM notification_outbox GROUP BY state ORDER BY state')
      console.log('outbox:', JSON.stringify(Object.fromEntries(states.map((r) => [r.state, r.n]))))
      expect(await entryViolations(db, results)).toEqual([])
      expect(await outboxViolations(db, abnormalEntryIds(s, results), s.notificationLog, s.lastKill())).toEqual([])
    } finally {
      await db.close()
    }
  }

  test('every connection terminated twice mid-run: ok check-ins stored once, retries make no second row, no notification lost or doubled', async () => {
    const { scenario: s, applicationName } = await scenario()
    const terminated: number[] = []
    const terminate = async () => {
      // pg_terminate_backend(pid, timeout) waits until each backend is gone.
      const { rows } = await killer.query<{ n: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))::int AS n
         FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
        [applicationName])
      terminated.push(rows[0].n)
    }
    try {
      const results = await s.load([{ afterOk: 300, inject: terminate }, { afterOk: 600, inject: terminate }])
      console.log('terminate backends:', JSON.stringify({ terminated, ...summary(results), failures: failureReasons(results) }))
      // The faults hit live connections, and the runtime came back from them.
      expect(terminated).toHaveLength(2)
      expect(terminated.every((n) => n > 0)).toBe(true)
      expect(summary(results)).toMatchObject({ ok: PLAN.people * PLAN.venues, refused: 0, gaveUp: 0 })
      await verify(s, results)
    } finally {
      await s.stop()
    }
    s.remove()
  })

  test('runtime killed with SIGKILL and restarted twice mid-run: the same, but for claims the killed process held', async () => {
    const { scenario: s } = await scenario()
    try {
      const results = await s.load([{ afterOk: 300, inject: () => s.killAndRestart() }, { afterOk: 600, inject: () => s.killAndRestart() }])
      console.log('SIGKILL runtime:', JSON.stringify({ ...summary(results), failures: failureReasons(results) }))
      expect(summary(results)).toMatchObject({ ok: PLAN.people * PLAN.venues, refused: 0, gaveUp: 0 })
      await verify(s, results)
    } finally {
      await s.stop()
    }
    s.remove()
  })
})
