import type PgBoss from 'pg-boss'
import { rollUpVenueLog } from '../db/citus'
import type { Deps } from '../domain/deps'
import { deliverDue, fileLogSender, logSender, setDeliveryWake, type Senders } from '../domain/outbox'
import { ensureEntryPartitions } from '../domain/partitions'
import { purgeExpired } from '../domain/retention'
import { deliverStatusDue, fileStatusLogSender, statusLogSender, type StatusSenders } from '../domain/status-messages'
import { logEvent, logUnexpected } from '../log'
import { upkeep } from './upkeep'

/**
 * Scheduled work where no WeChat timer trigger exists (the local stack): pg-boss@10.4.2 queues
 * in the same database (DESIGN §6). Delivery is woken right after an alert commits and swept
 * every minute; the purge runs at 03:00 China time, as the purge function's trigger does on
 * WeChat. At-most-once delivery is the outbox's own doing, not pg-boss's: a job run twice only
 * finds nothing left to send.
 */
export const DELIVERY_QUEUE = 'alert-delivery'
export const PURGE_QUEUE = 'purge'
export const DELIVERY_SWEEP_CRON = '* * * * *'
export const PURGE_CRON = '0 3 * * *'
export const PURGE_TZ = 'Asia/Shanghai'
/** Proposal expiry, the audit heads' publication and a due 停用 (server/jobs/upkeep.ts): hourly. */
export const UPKEEP_QUEUE = 'upkeep'
export const UPKEEP_CRON = '0 * * * *'
/**
 * On Citus, venue_log (the statistics' and the gate's copy by venue) is fed this often; with the
 * job's 10 s lag an entry reaches the gate 10–15 s after the scan (docs/scale.md §3).
 */
export const ROLL_UP_SECONDS = 5

export interface JobsOptions {
  senders: Senders
  /** The channels of status messages (status-messages.ts); none, they wait for the alert timer. */
  statusSenders?: StatusSenders
  /** Where job events and failures are told (default: the server log). */
  log?: (event: string, fields: Record<string, unknown>) => void
  /** How often the workers look for jobs; pg-boss's minimum is 0.5 s. */
  pollingIntervalSeconds?: number
}

export interface Jobs {
  boss: PgBoss
  schema: string
  stop(): Promise<void>
}

/** pg-boss's own tables: beside ours, in a schema of their own (per test schema on a shared server). */
export function bossSchema(deps: Deps): string {
  return deps.config.databaseSchema ? `${deps.config.databaseSchema}_boss` : 'pgboss'
}

/**
 * pg-boss through our own connection: statements without values may be several at once (its
 * schema, its locked blocks), which only PGlite's exec and pg's simple protocol run.
 */
function bossDb(deps: Deps): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const rows = values && values.length ? await deps.db.query(text, values) : await deps.db.exec(text)
      return { rows }
    }
  }
}

/** The channels a local process delivers to: the server log, and the notification file when configured. */
export function localSenders(deps: Deps): Senders {
  const file = deps.config.notificationLogFile
  return { log: file ? fileLogSender(file) : logSender }
}

/** localSenders for status messages: the same log and file. */
export function localStatusSenders(deps: Deps): StatusSenders {
  const file = deps.config.notificationLogFile
  return { log: file ? fileStatusLogSender(file) : statusLogSender }
}

const JOBS_KEY = Symbol.for('changsuoma.jobs')

/**
 * Starts the jobs once per process (each bundled function carries its own copy of this module;
 * the local stack loads them all into one process). A second call gets the same jobs.
 */
export function startJobs(deps: Deps, opts: JobsOptions): Promise<Jobs> {
  const g = globalThis as unknown as Record<symbol, Promise<Jobs> | undefined>
  const running = g[JOBS_KEY]
  if (running) return running
  const starting = start(deps, opts)
  g[JOBS_KEY] = starting
  starting.catch(() => { if (g[JOBS_KEY] === starting) g[JOBS_KEY] = undefined })
  return starting
}

async function start(deps: Deps, opts: JobsOptions): Promise<Jobs> {
  const log = opts.log ?? logEvent
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const PgBossClass = require('pg-boss') as typeof PgBoss
  const schema = bossSchema(deps)
  const polling = opts.pollingIntervalSeconds ?? 1
  const boss = new PgBossClass({ db: bossDb(deps), schema, pollingIntervalSeconds: polling })
  boss.on('error', (err) => logUnexpected('jobs', err))
  await boss.start()
  await boss.createQueue(DELIVERY_QUEUE, { name: DELIVERY_QUEUE, retryLimit: 1 })
  await boss.createQueue(PURGE_QUEUE, { name: PURGE_QUEUE, retryLimit: 2, retryDelay: 60 })
  await boss.createQueue(UPKEEP_QUEUE, { name: UPKEEP_QUEUE, retryLimit: 2, retryDelay: 60 })

  await boss.work(DELIVERY_QUEUE, { pollingIntervalSeconds: polling }, async () => {
    const report = await deliverDue(deps, opts.senders)
    if (report.claimed || report.uncertain) log('alert-delivery', { ...report })
    if (opts.statusSenders) {
      const told = await deliverStatusDue(deps, opts.statusSenders)
      if (told.claimed || told.uncertain) log('status-delivery', { ...told })
    }
  })
  await boss.work(PURGE_QUEUE, { pollingIntervalSeconds: polling }, async () => {
    log('purge', { ...await purgeExpired(deps) })
  })
  await boss.schedule(DELIVERY_QUEUE, DELIVERY_SWEEP_CRON)
  await boss.work(UPKEEP_QUEUE, { pollingIntervalSeconds: polling }, async () => {
    log('upkeep', { ...await upkeep(deps) })
  })
  await boss.schedule(PURGE_QUEUE, PURGE_CRON, {}, { tz: PURGE_TZ })
  await boss.schedule(UPKEEP_QUEUE, UPKEEP_CRON)

  setDeliveryWake((delaySeconds) => {
    boss.send(DELIVERY_QUEUE, {}, delaySeconds > 0 ? { startAfter: delaySeconds } : {})
      .catch((err) => logUnexpected('jobs:wake', err))
  })
  // pg-boss schedules by the minute: the roll-up runs on a timer of its own, one run at a time.
  let rolling = false
  const rollUp = deps.db.distributed ? setInterval(() => {
    if (rolling) return
    rolling = true
    rollUpVenueLog(deps.db).catch((err) => logUnexpected('jobs:roll-up', err)).finally(() => { rolling = false })
  }, ROLL_UP_SECONDS * 1000) : null
  // A stack that was down past midnights (or a fresh one) gets its days ahead before 03:00.
  const created = await ensureEntryPartitions(deps.db)
  if (created) log('entry-partitions', { created })
  // Rows left from before this process started (or raised while it was down) go out now.
  await boss.send(DELIVERY_QUEUE, {})

  const g = globalThis as unknown as Record<symbol, Promise<Jobs> | undefined>
  return {
    boss,
    schema,
    async stop() {
      if (rollUp) clearInterval(rollUp)
      setDeliveryWake(null)
      await boss.stop({ graceful: true, wait: true, timeout: 10000 })
      g[JOBS_KEY] = undefined
    }
  }
}
