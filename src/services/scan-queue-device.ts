/**
 * This device's one scan queue (scan-queue.ts holds its rules): kept in Taro storage, uploaded
 * through checkIn with the scan's own id and time, tried on timers while the app runs. Also the
 * holder's last known colour, which the 已保存 screen shows marked with its age.
 */
import type { HealthStatus, Me, PersonEntry } from '../shared/api'
import { callFunction } from './cloud'
import { createScanQueue, newScanId, type LastKnownStatus } from './scan-queue'
import { taroScanQueueStore } from './scan-queue-store'

export const scanQueue = createScanQueue({
  store: taroScanQueueStore,
  now: () => Date.now(),
  random: Math.random,
  // A late upload always names its companions ([] = the holder alone): nobody is at the door to
  // answer 本次同行人员 any more. scannedAt tells the server when the person was there.
  upload: (scan) => callFunction('checkIn', { code: scan.code, companionIds: scan.companionIds, scanId: scan.scanId, scannedAt: scan.scannedAt }),
  schedule: (fn, ms) => {
    const t = setTimeout(fn, ms)
    return () => clearTimeout(t)
  }
})

/** The platform's random bytes where it has them (browser crypto); Math.random in the mini-programs. */
function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n)
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (c?.getRandomValues) return c.getRandomValues(bytes)
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(Math.random() * 256)
  return bytes
}

/** A new scan's id, made before its first try. */
export function newDeviceScanId(): string {
  return newScanId(randomBytes)
}

// ---- the holder's last known colour -------------------------------------------------------------

const LAST_STATUS_KEY = 'csm.lastStatus'
const STATUSES: readonly HealthStatus[] = ['green', 'yellow', 'red']

export function readLastKnownStatus(): LastKnownStatus | null {
  const text = taroScanQueueStore.get(LAST_STATUS_KEY)
  if (!text) return null
  try {
    const v = JSON.parse(text) as Partial<LastKnownStatus>
    return v.status && STATUSES.includes(v.status) && typeof v.knownAt === 'string' ? { status: v.status, knownAt: v.knownAt } : null
  } catch {
    return null
  }
}

function writeLastKnownStatus(value: LastKnownStatus | null): void {
  try { taroScanQueueStore.set(LAST_STATUS_KEY, value ? JSON.stringify(value) : '') } catch { /* storage full: none shown */ }
}

/**
 * What whoAmI said of the holder: a colour is only ever given for a verified account, so only
 * that is remembered; an account that is not (or no longer) verified has none to show.
 */
export function rememberOwnStatus(me: Pick<Me, 'healthStatus'>): void {
  writeLastKnownStatus(me.healthStatus ? { status: me.healthStatus, knownAt: new Date().toISOString() } : null)
}

/**
 * What a check-in answered for the holder: the colour when shown; forgotten when the account's
 * identity hides it; left as it was when only the venue hides it (that says nothing of the person).
 */
export function rememberStatusFromEntry(people: ReadonlyArray<Pick<PersonEntry, 'method' | 'healthStatus' | 'statusHidden'>>): void {
  const holder = people.find((p) => p.method === 'self')
  if (!holder) return
  if (holder.healthStatus) writeLastKnownStatus({ status: holder.healthStatus, knownAt: new Date().toISOString() })
  else if (holder.statusHidden === 'identity_unverified') writeLastKnownStatus(null)
}

/** 退出登录: this device's kept scans and colour belong to the account that leaves, not the next one. */
export function forgetDeviceScans(): void {
  scanQueue.clear()
  writeLastKnownStatus(null)
}
