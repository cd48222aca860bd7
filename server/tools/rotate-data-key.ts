/**
 * `npm run rotate-data-key`: re-encrypts all personal data with the current data key.
 *
 * Deployment: put the new key in DATA_ENCRYPTION_KEYS beside the old ones, point
 * DATA_ENCRYPTION_KID at it, deploy (new values use it at once), then run this with the same
 * environment. When it reports no value left under an old id, that key can be removed.
 *
 * Local stack (`-- --local`, with the stack stopped: PGlite has one writer): adds a fresh key to
 * .data/keys.json (KEYS_FILE), makes it current and re-encrypts .data/pglite (DATA_DIR).
 */
import { ConfigError, loadConfig } from '../config'
import { migrate, openDb } from '../db'
import { dataKeyUsage, rotateDataKey } from '../domain/key-rotation'
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore: plain ESM helper shared with the local stack
import { addDataKey } from '../../scripts/local-keys.mjs'
import { localKeysFile, localStackEnv } from './local-env'

async function main(): Promise<void> {
  let env: Record<string, string | undefined> = process.env
  if (process.argv.includes('--local')) {
    const keysFile = localKeysFile(env)
    const kid = addDataKey(keysFile)
    console.log(`已在 ${keysFile} 中生成新的数据密钥 ${kid} 并设为当前密钥`)
    env = localStackEnv(env)
  }
  const config = loadConfig(env)
  const db = await openDb(config)
  try {
    await migrate(db)
    const done = await rotateDataKey(db, config.dataKeys)
    const total = Object.values(done).reduce((a, b) => a + b, 0)
    console.log(`已用密钥 ${config.dataKeys.currentKid} 重新加密 ${total} 个字段（${Object.entries(done).map(([t, n]) => `${t} ${n}`).join('，')}）`)
    const usage = await dataKeyUsage(db)
    const old = Object.keys(usage).filter((kid) => kid !== config.dataKeys.currentKid)
    console.log(old.length
      ? `仍有数据使用旧密钥：${old.map((k) => `${k}（${usage[k]}）`).join('，')}`
      : '所有个人数据均已使用当前密钥，旧密钥可以从配置中移除')
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `配置错误：${err.message}` : err)
  process.exit(1)
})
