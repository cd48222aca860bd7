/**
 * `npm run citus:setup`: turns the Citus coordinator named by DATABASE_URL (and DATABASE_SCHEMA,
 * default public) into a working deployment: the migrations, every table into its role
 * (docs/scale.md §3), the check-in delegated to the workers, venue_log distributed by venue.
 * Idempotent: run it again after an upgrade and it does only what is missing.
 *
 * Needs: the citus extension created in that database on the coordinator and on every worker,
 * and the workers added (citus_add_node). The local stack (`npm start` with this DATABASE_URL)
 * runs the same set-up when it finds the extension.
 */
import { openDb } from '../db'
import { setUpCitus } from '../db/citus'

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    console.error('请设置 DATABASE_URL 为 Citus 协调节点的地址 / set DATABASE_URL to the Citus coordinator')
    process.exit(2)
  }
  const schema = process.env.DATABASE_SCHEMA || undefined
  const db = await openDb({ databaseUrl, databaseSchema: schema, dataDir: '' })
  try {
    const report = await setUpCitus(db, schema)
    const list = (xs: string[]) => (xs.length ? xs.join('、') : '无（已完成）')
    console.log(`Citus 工作节点 ${report.workers} 个`)
    console.log(`按人员或场所分布的表：${list(report.distributed)}`)
    console.log(`参考表（每个节点一份）：${list(report.reference)}`)
    console.log(`协调节点本地表：${list(report.local)}`)
    console.log(`下推到工作节点的函数：${list(report.functions)}`)
    if (!report.workers) console.log('注意：还没有工作节点（citus_add_node），数据都在协调节点上')
    console.log('Citus 部署已就绪 / Citus deployment ready')
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(`Citus 部署失败 / set-up failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
