/**
 * An in-process back end for tests: the real cloud-function entry points
 * (cloudfunctions/<name>/index.ts → makeMain) on a fresh database with random keys.
 *
 * The database handle is a per-process singleton (as in production), so only one stack can be
 * open at a time in a test file; close() it (afterAll) before creating another. Jest gives
 * every test file its own globals, so separate files never share a stack.
 */
import { randomBytes } from 'crypto'
import { DEFAULT_ASSIST_DAILY_CAP, type ActionMaps, type Api, type DemoAccountId, type FunctionName, type HealthStatus, type PersonInput, type Result } from '../../src/shared/api'

type ActionFields<T> = T extends [infer Q, unknown] ? Q : never
type ActionResult<T> = T extends [unknown, infer R] ? R : never
import type { Config } from '../../server/config'
import type { Db } from '../../server/db'
import { rollUpVenueLog, setUpCitus } from '../../server/db/citus'
import { DEFAULT_RULES } from '../../server/domain/public-health-rules'
import { createSession } from '../../server/domain/sessions'
import { setHealthStatus as storeHealthStatus } from '../../server/domain/users'
import type { Main, MainContext } from '../../server/platform/main'
import { closeRuntime, configureRuntime, getDeps } from '../../server/runtime'

export interface TestStackOptions {
  /** PostgreSQL server to use (each stack gets its own schema, dropped on close); default in-memory PGlite. */
  databaseUrl?: string
  /** Demo login switch; on by default so tests can sign in with login(). */
  demoLogin?: boolean
  /** Any other configuration to override (keys, public base URL…). */
  config?: Partial<Config>
  /**
   * databaseUrl is a Citus coordinator: the stack's schema is set up as `npm run citus:setup`
   * does (server/db/citus.ts) before anything else runs, and the database reopened to see it.
   */
  citus?: boolean
}

export interface TestStack {
  /** Calls a function through its real entry with an HTTP context carrying the bearer token. */
  call<N extends FunctionName>(name: N, data: Api[N][0] | Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<Result<Api[N][1]>>
  /** Calls one action of an action function (people, entries, assist), typed by that action. */
  act<N extends keyof ActionMaps, A extends keyof ActionMaps[N] & string>(
    name: N, action: A, data: ActionFields<ActionMaps[N][A]> | Record<string, unknown>, token?: string
  ): Promise<Result<ActionResult<ActionMaps[N][A]>>>
  /** Calls a function's main with any event and context, e.g. a WeChat context without httpContext. */
  invoke<N extends FunctionName>(name: N, event: unknown, context?: MainContext): Promise<Result<Api[N][1]>>
  /** Signs in as a demo account and returns the session token. */
  login(account: DemoAccountId): Promise<string>
  /** A new account with no 实名信息 (as a first WeChat sign-in makes), signed in: its token. */
  newAccount(): Promise<string>
  /**
   * Verifies the account's 实名信息 (or `person`, saving it as the account's) through the real
   * people function and the demo provider, as the newcomer's one tap does. Needs demoLogin.
   */
  verify(token: string, person?: PersonInput): Promise<void>
  /** A new account that has verified `person` as its holder: its token. */
  verifiedAccount(person: PersonInput): Promise<string>
  /** userId of the session token's owner. */
  userIdOf(token: string): Promise<string>
  /** Sets the status of the account holder's person (status belongs to people). */
  setHealthStatus(userId: string, status: HealthStatus): Promise<void>
  setPersonStatus(personId: string, status: HealthStatus): Promise<void>
  db: Db
  config: Config
  close(): Promise<void>
}

/**
 * Databases every integration suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is
 * set, and a Citus cluster when CITUS_TEST_URL names its coordinator (docs/scale.md §5).
 */
export function testDatabases(): Array<{ label: string; databaseUrl?: string }> {
  const list: Array<{ label: string; databaseUrl?: string }> = [{ label: 'PGlite' }]
  if (process.env.TEST_DATABASE_URL) list.push({ label: 'PostgreSQL', databaseUrl: process.env.TEST_DATABASE_URL })
  if (process.env.CITUS_TEST_URL) list.push({ label: 'Citus', databaseUrl: process.env.CITUS_TEST_URL })
  return list
}

export const TEST_BASE_URL = 'https://csm.example.test'

export function randomTestKeys(): Pick<Config, 'codeSigningKeys' | 'codeSigningKid' | 'dataKeys' | 'lookupHashKey'> {
  return {
    codeSigningKeys: { k1: randomBytes(32) },
    codeSigningKid: 'k1',
    dataKeys: { keys: { d1: randomBytes(32) }, currentKid: 'd1' },
    lookupHashKey: randomBytes(32)
  }
}

export async function createTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const schema = options.databaseUrl ? `test_${randomBytes(6).toString('hex')}` : undefined
  const config: Config = {
    databaseUrl: options.databaseUrl,
    databaseSchema: schema,
    dataDir: ':memory:',
    ...randomTestKeys(),
    publicBaseUrl: TEST_BASE_URL,
    codeLinkBases: [TEST_BASE_URL],
    demoLogin: options.demoLogin ?? true,
    localStack: false,
    rules: DEFAULT_RULES,
    assistDailyCap: DEFAULT_ASSIST_DAILY_CAP,
    ...options.config
  }
  // A stack left open by an earlier test in this file would otherwise be reused silently.
  await closeRuntime()
  configureRuntime(config)
  if (options.citus ?? (options.databaseUrl !== undefined && options.databaseUrl === process.env.CITUS_TEST_URL)) {
    await setUpCitus((await getDeps()).db, schema)
    await closeRuntime()
    configureRuntime(config)
  }
  const { db } = await getDeps()

  const mains = new Map<FunctionName, Main<FunctionName>>()
  const mainOf = <N extends FunctionName>(name: N): Main<N> => {
    let main = mains.get(name)
    if (!main) {
      // The TypeScript entry, not a possibly stale bundle: index.js is exercised by the HTTP
      // and browser tests, which build it first.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      main = (require(`../../cloudfunctions/${name}/index.ts`) as { main: Main<FunctionName> }).main
      mains.set(name, main)
    }
    return main as unknown as Main<N>
  }

  // On Citus the statistics and the gate read venue_log, which the roll-up job fills every few
  // seconds, 10 s behind (server/db/citus.ts): every call here starts as if the job had just run,
  // over the whole log, since tests also write entries in the past by hand. After the call too,
  // so a test that compares the tables before and after a refused call sees only what the call did.
  const rollUp = () => rollUpVenueLog(db, { lagSeconds: 0, from: new Date(0) })
  const invoke: TestStack['invoke'] = async (name, event, context) => {
    if (db.distributed) await rollUp()
    const answer = await mainOf(name)(event, context)
    if (db.distributed) await rollUp()
    return answer
  }
  const call: TestStack['call'] = (name, data, token, headers = {}) => invoke(name, data, {
    httpContext: {
      url: `http://127.0.0.1/api/${name}`,
      httpMethod: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }
    }
  })

  const stack: TestStack = {
    call,
    act: (name, action, data, token) => call(name, { action, ...(data as object) } as never, token) as never,
    invoke,
    async login(account) {
      const res = await call('demoLogin', { account })
      if (!res.ok) throw new Error(`demoLogin(${account}) failed: ${res.code} ${res.message}`)
      return res.data.token
    },
    async newAccount() {
      const [u] = await db.query<{ id: string }>('INSERT INTO users DEFAULT VALUES RETURNING id')
      return createSession(db, u.id)
    },
    async verify(token, person) {
      const started = await call('people', { action: 'startVerification', ...(person ?? {}) }, token)
      if (!started.ok) throw new Error(`startVerification failed: ${started.code} ${JSON.stringify(started.fields ?? {})}`)
      const { checkId } = started.data as { checkId: string }
      const done = await call('people', { action: 'confirmVerification', checkId }, token)
      if (!done.ok) throw new Error(`confirmVerification failed: ${done.code}`)
    },
    async verifiedAccount(person) {
      const [u] = await db.query<{ id: string }>('INSERT INTO users DEFAULT VALUES RETURNING id')
      const token = await createSession(db, u.id)
      await stack.verify(token, person)
      return token
    },
    async userIdOf(token) {
      const res = await call('whoAmI', {}, token)
      if (!res.ok) throw new Error(`whoAmI failed: ${res.code}`)
      return res.data.userId
    },
    async setHealthStatus(userId, status) {
      const [u] = await db.query<{ person_id: string | null }>('SELECT person_id FROM users WHERE id = $1', [userId])
      if (!u?.person_id) throw new Error('this account has no 实名信息')
      await storeHealthStatus(db, u.person_id, status)
    },
    setPersonStatus: (personId, status) => storeHealthStatus(db, personId, status),
    db,
    config,
    async close() {
      // On Citus dropping a schema takes locks on every node; Citus's own background work can meet
      // it in a deadlock, which one of the two loses: the drop is simply tried again.
      for (let attempt = 1; schema; attempt++) {
        try {
          await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
          break
        } catch (err) {
          if ((err as { code?: string }).code !== '40P01' || attempt === 3) throw err
        }
      }
      await closeRuntime()
    }
  }
  return stack
}
