import { execFile } from 'child_process'
import { mkdtempSync, readFileSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join, resolve } from 'path'
import { promisify } from 'util'
import { loadConfig } from '../../server/config'
import { migrate, openDb } from '../../server/db'
import { seedDemoAccounts } from '../../server/domain/demo'
import { dataKeyUsage } from '../../server/domain/key-rotation'
import { loadMe } from '../../server/domain/users'
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore: plain ESM helper shared with the local stack
import { ensureKeys, keyEnv } from '../../scripts/local-keys.mjs'

const run = promisify(execFile)
const root = resolve(__dirname, '../..')

/** `npm run rotate-data-key -- --local` on a local stack's key file and PGlite directory. */
test('the local rotation command adds a key, re-encrypts everything with it, and the data reads back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-rotate-'))
  try {
    const keysFile = join(dir, 'keys.json')
    const dataDir = join(dir, 'pglite')
    const envOf = () => ({ ...keyEnv(ensureKeys(keysFile)), LOCAL_STACK: '1', DATA_DIR: dataDir, PUBLIC_BASE_URL: 'http://127.0.0.1:8080' })
    // A local stack's first start: keys made, demo people and venue stored under k1.
    let config = loadConfig(envOf())
    let db = await openDb(config)
    await migrate(db)
    await seedDemoAccounts({ db, config })
    expect(Object.keys(await dataKeyUsage(db))).toEqual(['k1'])
    await db.close()

    const { stdout } = await run(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'server/tools/rotate-data-key.ts', '--local'], {
      cwd: root, env: { ...process.env, KEYS_FILE: keysFile, DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: '' }, timeout: 120_000
    })
    expect(stdout).toContain('已在')
    expect(stdout).toMatch(/已用密钥 k2 重新加密 \d+ 个字段/)
    expect(stdout).toContain('所有个人数据均已使用当前密钥')
    const keys = JSON.parse(readFileSync(keysFile, 'utf8'))
    expect(keys.dataEncryptionKid).toBe('k2')
    expect(Object.keys(keys.dataEncryptionKeys)).toEqual(['k1', 'k2'])

    // Restart with k1 gone from the key file's environment: everything still reads.
    config = loadConfig({ ...envOf(), DATA_ENCRYPTION_KEYS: `k2:${keys.dataEncryptionKeys.k2}`, DATA_ENCRYPTION_KID: 'k2' })
    db = await openDb(config)
    expect(await dataKeyUsage(db)).toEqual({ k2: expect.any(Number) })
    const [u] = await db.query<{ id: string }>("SELECT id FROM users WHERE demo_account = 'citizen'")
    expect((await loadMe({ db, config }, u.id)).nameMasked).toBe('张*')
    await db.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 180_000)
