import { loadConfig, type Config } from './config'
import { migrate, openDb } from './db'
import { hasCitusExtension, setUpCitus } from './db/citus'
import type { Deps } from './domain/deps'
import { seedDemoAccounts } from './domain/demo'
import { readSystemState } from './domain/wind-down'

/**
 * Process-wide state. It lives on globalThis, not in module scope, because each bundled cloud
 * function carries its own copy of this module while the local stack loads all of them into
 * one process, and PGlite must be opened exactly once per process.
 */
const STATE_KEY = Symbol.for('changsuoma.db')

interface RuntimeState {
  config?: Config
  deps?: Promise<Deps>
}

function state(): RuntimeState {
  const g = globalThis as unknown as Record<symbol, RuntimeState | undefined>
  return (g[STATE_KEY] ??= {})
}

/** Injects a configuration instead of reading the environment (tests, embedding). */
export function configureRuntime(config: Config): void {
  const s = state()
  if (s.deps) throw new Error('configureRuntime called after the database was opened; call closeRuntime first')
  s.config = config
}

export function getConfig(): Config {
  const s = state()
  return (s.config ??= loadConfig())
}

export function hasConfig(): boolean {
  return state().config !== undefined
}

/** Opens the database once per process, applies migrations and seeds demo accounts if enabled. */
export function getDeps(): Promise<Deps> {
  const s = state()
  if (!s.deps) {
    const config = getConfig()
    const pending = (async () => {
      let db = await openDb(config)
      try {
        await migrate(db)
        // The local stack on a Citus coordinator sets itself up as `npm run citus:setup` does
        // (idempotent), then reopens to see the distributed schema. Deployed functions leave it
        // to that command: many cold starts at once must not race the set-up.
        if (config.localStack && db.kind === 'pg' && !db.distributed && await hasCitusExtension(db)) {
          await setUpCitus(db, config.databaseSchema)
          await db.close()
          db = await openDb(config)
        }
        const deps = { db, config }
        // After 停用 nothing personal may come back: not even the demo people.
        if (config.demoLogin && (await readSystemState(db)).phase !== 'ended') await seedDemoAccounts(deps)
        return deps
      } catch (err) {
        await db.close().catch(() => undefined)
        throw err
      }
    })()
    s.deps = pending
    // A failed start must not be cached forever: the next call tries again.
    pending.catch(() => { if (state().deps === pending) state().deps = undefined })
  }
  return s.deps
}

/** Closes the database and forgets the configuration, so a new one can be opened. */
export async function closeRuntime(): Promise<void> {
  const s = state()
  const deps = s.deps
  s.deps = undefined
  s.config = undefined
  if (deps) {
    const opened = await deps.catch(() => null)
    if (opened) await opened.db.close()
  }
}
