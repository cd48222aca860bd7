/**
 * `npm run official -- <command>`: appoints health officials (DESIGN §4: by configuration or this
 * command, never by self-service).
 *
 *   appoint --user <用户编号> | --demo <演示账号> --region <地区代码> --office <机构名称>
 *   revoke  --user <用户编号> | --demo <演示账号>
 *   list
 *
 * The region is a prefix of 统计用区划代码（2023）: 2 (省), 4 (市), 6 (区县) or 9 digits (乡镇街道). It opens the
 * database as `npm run rotate-data-key` does: the deployment's environment, or with `--local`
 * the local stack's key file and PGlite directory (stop the stack first: PGlite has one writer).
 */
import { ConfigError, loadConfig } from '../config'
import { migrate, openDb, type Db } from '../db'
import type { Deps } from '../domain/deps'
import { DomainError } from '../domain/errors'
import { localStackEnv } from './local-env'
import { appointmentProblems, appointOfficial, listOfficials, revokeOfficial } from '../domain/officials'

const USAGE = `用法：
  npm run official -- appoint --user <用户编号> --region <地区代码> --office <机构名称>
  npm run official -- appoint --demo <演示账号> --region <地区代码> --office <机构名称>
  npm run official -- revoke --user <用户编号>（或 --demo <演示账号>）
  npm run official -- list
地区代码为统计用区划代码（2023）的前缀：2位（省）、4位（市）、6位（区县）或9位（乡镇街道），如 3701 为济南市；开发区（如 370176）属于市一级，由市级或该开发区代码的防控人员负责。
本地环境加 --local（先停止 npm start）。`

/** A refusal the operator can act on: printed in Chinese, exit code 1. */
class UsageError extends Error {}

const APPOINTED_BY_LABELS = { config: '配置', command: '管理命令', demo: '演示数据' } as const

function parseArgs(argv: string[]): { command: string | undefined; flags: Map<string, string> } {
  const flags = new Map<string, string>()
  let command: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--local') { flags.set('local', '1'); continue }
    if (a.startsWith('--')) {
      const value = argv[i + 1]
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${a} 后面缺少取值`)
      flags.set(a.slice(2), value)
      i++
    } else if (!command) {
      command = a
    } else {
      throw new UsageError(`多余的参数：${a}`)
    }
  }
  return { command, flags }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function userOf(db: Db, flags: Map<string, string>): Promise<string> {
  const user = flags.get('user')
  const demo = flags.get('demo')
  if (!!user === !!demo) throw new UsageError('请用 --user <用户编号> 或 --demo <演示账号> 指定一个用户（二者选一）')
  if (user) {
    if (!UUID.test(user)) throw new UsageError(`用户编号格式不正确：${user}`)
    const rows = await db.query('SELECT 1 FROM users WHERE id = $1', [user])
    if (!rows.length) throw new UsageError(`没有编号为 ${user} 的用户`)
    return user
  }
  const rows = await db.query<{ id: string }>('SELECT id FROM users WHERE demo_account = $1', [demo])
  if (!rows.length) throw new UsageError(`没有名为 ${demo} 的演示账号（本地环境启动一次后才有演示账号）`)
  return rows[0].id
}

async function run(deps: Deps, command: string | undefined, flags: Map<string, string>): Promise<void> {
  switch (command) {
    case 'appoint': {
      const region = flags.get('region')
      const office = flags.get('office')
      if (!region) throw new UsageError('请用 --region 指定地区代码，如 3701（济南市）')
      if (!office) throw new UsageError('请用 --office 指定机构名称，如 济南市疫情防控指挥部')
      const problems = Object.values(appointmentProblems(region, office))
      if (problems.length) throw new UsageError(problems.join('；'))
      const userId = await userOf(deps.db, flags)
      const o = await appointOfficial(deps.db, { userId, regionCode: region, office, appointedBy: 'command' })
      console.log(`已任命：用户 ${userId} 为 ${o.office} 工作人员，负责 ${o.regionName}（${o.regionCode}）`)
      return
    }
    case 'revoke': {
      const userId = await userOf(deps.db, flags)
      if (!await revokeOfficial(deps.db, userId)) throw new UsageError(`用户 ${userId} 不是疫情防控工作人员，无需撤销`)
      console.log(`已撤销用户 ${userId} 的疫情防控工作人员任命`)
      return
    }
    case 'list': {
      const list = await listOfficials(deps)
      if (!list.length) { console.log('目前没有疫情防控工作人员'); return }
      console.log(`共 ${list.length} 名疫情防控工作人员：`)
      for (const o of list) {
        const who = o.demoAccount ? `${o.nameMasked}（演示账号 ${o.demoAccount}）` : o.nameMasked
        console.log(`  ${o.userId}  ${who}  ${o.office}  ${o.regionName}（${o.regionCode}）  ${APPOINTED_BY_LABELS[o.appointedBy]}任命于 ${o.appointedAt}`)
      }
      return
    }
    default:
      throw new UsageError(command ? `不支持的命令：${command}` : '请指定命令：appoint、revoke 或 list')
  }
}

async function main(): Promise<void> {
  const { command, flags } = parseArgs(process.argv.slice(2))
  const config = loadConfig(flags.has('local') ? localStackEnv(process.env) : process.env)
  const db = await openDb(config)
  try {
    await migrate(db)
    await run({ db, config }, command, flags)
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`)
  else if (err instanceof DomainError) console.error(Object.values(err.fields ?? {}).join('；') || err.message)
  else if (err instanceof ConfigError) console.error(`配置错误：${err.message}`)
  else console.error(err)
  process.exit(1)
})
