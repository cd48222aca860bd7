/**
 * One fault run: seed, start the local stack (the real HTTP runtime, as a child process), load it
 * with check-ins while faults fire, and hand back everything the assertions need.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { openDb, type Db } from '../../../server/db'
import { freePort, startLocalStack, type RunningStack } from '../../support/local-stack-process'
import { runCheckIns, type JobResult, type LoadOptions } from './load'
import { seedCheckIns, type SeedPlan, type Seeded } from './seed'

export interface Scenario {
  dir: string
  env: Record<string, string>
  seeded: Seeded
  /** The stack now running (a fault may have replaced the first one). */
  stack(): RunningStack
  /** Kills the running stack with SIGKILL and starts it again on the same data, port and keys. */
  killAndRestart(): Promise<void>
  /** When the last kill happened: claims before it belong to a dead process. */
  lastKill(): Date | null
  notificationLog: string
  load(faults: LoadOptions['faults'], options?: Partial<LoadOptions>): Promise<JobResult[]>
  /** The same database, opened by the test (after the stack has stopped, for PGlite). */
  openDatabase(): Promise<Db>
  stop(): Promise<void>
  /** Deletes the run's directory (data, keys, logs); left in place when a run fails, to be read. */
  remove(): void
}

/** `databaseEnv`: DATABASE_URL and DATABASE_SCHEMA for a PostgreSQL run; none for PGlite in `dir`. */
export async function startScenario(plan: SeedPlan, databaseEnv: Record<string, string> = {}): Promise<Scenario> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-faults-'))
  const port = await freePort()
  const env = {
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: path.join(dir, 'pglite'),
    KEYS_FILE: path.join(dir, 'keys.json'),
    LOG_DIR: path.join(dir, 'logs'),
    ...databaseEnv
  }
  const seeded = await seedCheckIns(env, plan)
  let stack = await startLocalStack(env, { killable: true })
  let lastKill: Date | null = null
  return {
    dir,
    env,
    seeded,
    stack: () => stack,
    notificationLog: path.join(env.LOG_DIR, 'notifications.log'),
    async killAndRestart() {
      await stack.kill()
      lastKill = new Date()
      stack = await startLocalStack(env, { killable: true })
    },
    lastKill: () => lastKill,
    load: (faults, options = {}) => runCheckIns(stack.url, seeded.jobs, { clients: 64, giveUpMs: 120000, ...options, faults }),
    openDatabase: () => openDb(seeded.config),
    async stop() {
      await stack.stop()
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true })
  }
}
