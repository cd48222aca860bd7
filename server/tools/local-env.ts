import { resolve } from 'path'
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore: plain ESM helper shared with the local stack
import { ensureKeys, keyEnv } from '../../scripts/local-keys.mjs'

type Env = Record<string, string | undefined>

/** Where the local stack keeps its keys (KEYS_FILE, as scripts/local-stack.mjs reads it). */
export function localKeysFile(env: Env): string {
  return resolve(env.KEYS_FILE || '.data/keys.json')
}

/**
 * The environment the local stack gives its functions, for an admin command run with `--local`
 * (the stack stopped): its keys file, its PGlite directory, its base URL. The keys file decides
 * the data keys, so a single key left in the shell must not contradict it.
 */
export function localStackEnv(env: Env): Env {
  const out: Env = { ...env }
  delete out.DATA_ENCRYPTION_KEY
  return Object.assign(out, keyEnv(ensureKeys(localKeysFile(env))), {
    LOCAL_STACK: '1',
    DATA_DIR: resolve(env.DATA_DIR || '.data/pglite'),
    PUBLIC_BASE_URL: env.PUBLIC_BASE_URL || 'http://127.0.0.1:8080'
  })
}
