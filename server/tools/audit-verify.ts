/**
 * `npm run audit:verify`: checks every audit chain (access records and status changes, migration
 * 012) row by row, each chain against its head, and each head against the last time it was
 * published (the heads file), then prints the first broken link or 审计链完整 with the counts.
 * Exit code 0 when whole, 1 when broken (or the heads file itself was edited), 2 when it could not run.
 *
 *   npm run audit:verify                       DATABASE_URL (DATABASE_SCHEMA), AUDIT_HEADS_FILE
 *   npm run audit:verify -- --local            the local stack's .data/pglite and .data/audit-heads.jsonl (stop the stack first)
 *   npm run audit:verify -- --heads <file>     another copy of the heads file (the operator's own)
 *
 * It needs no key: an auditor given the database and the heads file can run it. It recomputes
 * every hash itself (server/domain/audit-chain.ts) and trusts no function stored in the database,
 * and it only reads.
 */
import { resolve } from 'path'

import { DEFAULT_DATA_DIR } from '../config'
import { openDb } from '../db'
import { BREAK_TEXT, readPublishedHeads, verifyChains, type AuditBreak } from '../domain/audit-chain'

const USAGE = `用法：npm run audit:verify [-- --local] [-- --heads <链头公布文件>]
未加 --local 时读取 DATABASE_URL（及 DATABASE_SCHEMA）或 DATA_DIR；链头公布文件默认取 AUDIT_HEADS_FILE。`

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  if (i < 0) return undefined
  const v = argv[i + 1]
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} 后面缺少取值\n${USAGE}`)
  return v
}

export function describeBreak(b: AuditBreak): string {
  return [
    `表 table: ${b.table}`,
    `记录 row: ${b.rowId ?? '（无，已不存在 / none left）'}`,
    `人员链 chain: ${b.personId ?? '—'} (${b.chain})`,
    `序号 seq: ${b.seq ?? '—'}`,
    `问题 what: ${BREAK_TEXT[b.kind]} / ${b.kind}: ${b.detail}`
  ].join('\n  ')
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  if (argv.includes('--help')) {
    console.log(USAGE)
    return 0
  }
  const local = argv.includes('--local')
  const env = process.env
  const databaseUrl = local ? undefined : env.DATABASE_URL || undefined
  const dataDir = resolve(env.DATA_DIR || DEFAULT_DATA_DIR)
  if (!local && !databaseUrl && !env.DATA_DIR) {
    console.error(`没有指定数据库 / no database given: DATABASE_URL, DATA_DIR or --local\n${USAGE}`)
    return 2
  }
  const headsFile = argValue(argv, '--heads') ?? env.AUDIT_HEADS_FILE ?? (local || !databaseUrl ? resolve(dataDir, '..', 'audit-heads.jsonl') : undefined)
  const published = headsFile ? readPublishedHeads(headsFile) : null

  const db = await openDb({ databaseUrl, databaseSchema: env.DATABASE_SCHEMA || undefined, dataDir })
  try {
    const report = await verifyChains(db, { published: published?.heads })
    const where = databaseUrl ? 'PostgreSQL' : `PGlite ${dataDir}`
    console.log(`数据库 database: ${where}`)
    console.log(published
      ? `链头公布文件 heads file: ${headsFile}（${published.publications} 次公布 publications，最近 last ${published.last ?? '—'}）`
      : '未提供链头公布文件：只能发现链内的断裂，发现不了被整段重写或截短的链 / no heads file: rewritten or truncated chains cannot be found')
    let broken = false
    if (published?.problems.length) {
      broken = true
      console.log(`链头公布文件被改动 / the heads file was altered:\n  ${published.problems.join('\n  ')}`)
    }
    if (!report.ok) {
      broken = true
      console.log(`审计链断裂 / audit chain broken. 第一处 / first broken link:\n  ${describeBreak(report.first!)}`)
      if (report.breaks.length > 1) {
        console.log(`另有 ${report.breaks.length - 1} 处 / ${report.breaks.length - 1} more:`)
        for (const b of report.breaks.slice(1, 20)) console.log(`  - ${b.table} ${b.rowId ?? '—'} seq ${b.seq ?? '—'}: ${b.kind}: ${b.detail}`)
      }
    }
    if (!broken) {
      console.log(`审计链完整 / audit chains intact: ${report.chains} 条链 chains，${report.rows} 条记录 rows，` +
        `${report.publishedChecked} 个已公布链头已核对 published heads checked`)
    }
    return broken ? 1 : 0
  } finally {
    await db.close()
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(2)
})
