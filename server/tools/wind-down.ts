/**
 * `npm run wind-down -- <start|status|destroy>`: 停用, the designed end of a deployment (issue 20).
 *
 *   start [--grace-days N]   registrations are refused from today, with the date; personal data is
 *                            destroyed N days later (default WIND_DOWN_GRACE_DAYS, else 30)
 *   status                   the phase, the dates, and the receipt once destroyed
 *   destroy                  destroys now if the grace period has passed (the daily job does the same);
 *                            `--now --yes` destroys before it (an operator's decision, tests)
 *
 * Deployment: run with the functions' environment (DATABASE_URL, the keys). Local stack: add
 * `--local`, with the stack stopped (PGlite has one writer): .data/keys.json (KEYS_FILE),
 * .data/pglite (DATA_DIR) and .data/logs (LOG_DIR). The receipt goes to WIND_DOWN_RECEIPT_FILE,
 * by default deletion-receipt.json beside the data directory.
 */
import { resolve } from 'path'
import { ConfigError, loadConfig } from '../config'
import { migrate, openDb } from '../db'
import { DEFAULT_GRACE_DAYS, defaultLogDirs, defaultReceiptFile, destroyPersonalData, readSystemState, startWindDown, stoppedMessage, WindDownError } from '../domain/wind-down'
import { localKeysFile, localStackEnv } from './local-env'

const USAGE = `用法 / usage: npm run wind-down -- start [--grace-days N] | status | destroy [--now --yes]  [--local]`

/** The secrets a deployment keeps in its environment that held personal data's keys: the operator deletes them. */
export const KEY_VARIABLES = ['DATA_ENCRYPTION_KEYS', 'DATA_ENCRYPTION_KID', 'DATA_ENCRYPTION_KEY', 'LOOKUP_HASH_KEY']

function graceDays(args: string[], env: Record<string, string | undefined>): number {
  const i = args.indexOf('--grace-days')
  const raw = i >= 0 ? args[i + 1] : env.WIND_DOWN_GRACE_DAYS
  if (raw === undefined || raw === '') return DEFAULT_GRACE_DAYS
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 3650) throw new ConfigError(`宽限期应为 0–3650 之间的整数天 / --grace-days (WIND_DOWN_GRACE_DAYS) must be a whole number from 0 to 3650, got "${raw}"`)
  return n
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const command = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a))
  if (!command || !['start', 'status', 'destroy'].includes(command)) {
    console.error(USAGE)
    process.exit(2)
  }
  const local = args.includes('--local')
  let env: Record<string, string | undefined> = process.env
  if (local) env = { LOG_DIR: resolve(env.LOG_DIR || '.data/logs'), ...localStackEnv(env) }
  const config = loadConfig(env)
  const db = await openDb(config)
  const deps = { db, config }
  try {
    await migrate(db)
    if (command === 'start') {
      const state = await startWindDown(deps, { graceDays: graceDays(args, env) })
      console.log(`${stoppedMessage(state.stoppedOn)}：扫码、辅助登记、场所申领和新的实名信息自 ${state.stoppedOn} 起一律拒绝。`)
      console.log(`个人信息和扫码记录将于 ${state.destroyAfter} 之后销毁（每日任务或 npm run wind-down -- destroy）。`)
      console.log(`Wind-down started ${state.stoppedAt}: registrations refused from ${state.stoppedOn}; personal data is destroyed after ${state.destroyAfter}.`)
      return
    }
    if (command === 'status') {
      const state = await readSystemState(db)
      console.log(JSON.stringify(state, null, 2))
      return
    }
    const now = args.includes('--now')
    if (now && !args.includes('--yes')) {
      console.error('提前销毁需要同时给出 --now --yes / destroying before the grace period needs both --now and --yes')
      process.exit(2)
    }
    const receiptFile = defaultReceiptFile(deps, env)
    const receipt = await destroyPersonalData(deps, {
      ignoreGrace: now,
      receiptFile,
      logDirs: defaultLogDirs(deps, env),
      keysFile: local ? localKeysFile(env) : undefined
    })
    console.log(`已销毁 / destroyed at ${receipt.destroyedAt}`)
    console.log(Object.entries(receipt.counts).map(([k, n]) => `  ${k}: ${n}`).join('\n'))
    if (receipt.counts.statistics_rows === -1) {
      console.log('注意：数据库账号无权删除 pg_statistic 中的列值样本，请以超级用户执行 DELETE FROM pg_statistic（仅本库表）/ the database role could not delete the planner\'s samples (pg_statistic): a superuser must')
    }
    console.log(`最后的审计链头 / last audit head: ${receipt.lastAuditHead ?? '（无）'}`)
    console.log(`销毁回执 / deletion receipt: ${receiptFile}`)
    if (local) {
      console.log(`本地密钥文件中的数据密钥 ${receipt.keysDestroyed.join('、')} 已覆盖并销毁 / the key file's data and look-up keys are destroyed`)
    } else {
      console.log([
        '运维人员还须完成 / the operator must still:',
        `  1. 从每个云函数的环境变量和密钥管理中删除 ${KEY_VARIABLES.join('、')}（数据密钥 ${receipt.keysDestroyed.join('、')}）`,
        `     delete ${KEY_VARIABLES.join(', ')} from every function's environment and the secret store (key ids ${receipt.keysDestroyed.join(', ')})`,
        '  2. 销毁数据库的备份、归档的 WAL、只读副本和数据库服务器日志 / destroy the database\'s backups, archived WAL, replicas and server logs',
        '  3. 删除平台日志（云函数日志）中停用前的记录 / delete the platform\'s function logs from before the end',
        '  4. 公布销毁回执 / publish the deletion receipt'
      ].join('\n'))
    }
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(`配置错误：${err.message}`)
  else if (err instanceof WindDownError) console.error(err.message)
  else console.error(err)
  process.exit(1)
})
