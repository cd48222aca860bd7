// The local stack's secrets, kept in one JSON file (.data/keys.json) like a deployment keeps
// them in its environment: made once, reused on every start, and turned into the same
// environment variables a deployed function reads.
import { randomBytes } from 'crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs'
import { dirname } from 'path'

/** The id the single `dataEncryptionKey` of older key files stands for (server/config.ts LEGACY_DATA_KID). */
const LEGACY_DATA_KID = 'k1'

const newKey = () => randomBytes(32).toString('base64')

/** Reads the key file, or creates it; throws with the reason when it cannot be read. */
export function ensureKeys(keysFile) {
  if (existsSync(keysFile)) return upgrade(JSON.parse(readFileSync(keysFile, 'utf8')))
  const keys = {
    codeSigningKid: 'local1',
    codeSigningKeys: { local1: newKey() },
    dataEncryptionKid: LEGACY_DATA_KID,
    dataEncryptionKeys: { [LEGACY_DATA_KID]: newKey() },
    lookupHashKey: newKey()
  }
  write(keysFile, keys)
  return keys
}

/** Files written before data keys had ids hold one `dataEncryptionKey`: it is key k1. */
function upgrade(keys) {
  if (keys.dataEncryptionKeys) return keys
  const { dataEncryptionKey, ...rest } = keys
  return { ...rest, dataEncryptionKid: LEGACY_DATA_KID, dataEncryptionKeys: { [LEGACY_DATA_KID]: dataEncryptionKey } }
}

function write(keysFile, keys) {
  mkdirSync(dirname(keysFile), { recursive: true })
  writeFileSync(keysFile, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 })
}

/** Adds a fresh data key, makes it current (older ones stay, to read old values) and returns its id. */
export function addDataKey(keysFile) {
  const keys = ensureKeys(keysFile)
  let n = Object.keys(keys.dataEncryptionKeys).length + 1
  while (keys.dataEncryptionKeys[`k${n}`]) n++
  const kid = `k${n}`
  keys.dataEncryptionKeys[kid] = newKey()
  keys.dataEncryptionKid = kid
  write(keysFile, keys)
  return kid
}

const list = (byId) => Object.entries(byId).map(([kid, k]) => `${kid}:${k}`).join(',')

/** The environment variables server/config.ts reads, from the key file's contents. */
export function keyEnv(keys) {
  return {
    CODE_SIGNING_KID: keys.codeSigningKid,
    CODE_SIGNING_KEYS: list(keys.codeSigningKeys),
    DATA_ENCRYPTION_KID: keys.dataEncryptionKid,
    DATA_ENCRYPTION_KEYS: list(keys.dataEncryptionKeys),
    LOOKUP_HASH_KEY: keys.lookupHashKey
  }
}
