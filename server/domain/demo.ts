import type { DemoAccount, DemoAccountId, HealthStatus, Role } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { encrypt, lookupHash } from '../crypto/personal-data'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { createSession } from './sessions'
import { setHealthStatus } from './users'
import { registerVenue } from './venues'

/**
 * Demo accounts of the local stack: fictional people whose ID and phone numbers pass the real
 * validators, so every screen shows realistic (masked) data.
 */
interface DemoPerson {
  id: DemoAccountId
  label: string
  role: Role
  roles: Role[]
  name: string
  idCard: string
  phone: string
  health: HealthStatus
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { id: 'citizen', label: '市民（绿码）', role: 'citizen', roles: ['citizen'], name: '张三', idCard: '370102199001011231', phone: '13800000001', health: 'green' },
  { id: 'citizen_yellow', label: '市民（黄码）', role: 'citizen', roles: ['citizen'], name: '钱七', idCard: '370102198512124567', phone: '13800000002', health: 'yellow' },
  { id: 'citizen_red', label: '市民（红码）', role: 'citizen', roles: ['citizen'], name: '孙八', idCard: '370102199203157896', phone: '13800000003', health: 'red' },
  { id: 'venue_admin', label: '场所管理员', role: 'venue_admin', roles: ['citizen', 'venue_admin'], name: '李四', idCard: '370102198808082343', phone: '13800000004', health: 'green' },
  { id: 'inspector', label: '检测员', role: 'inspector', roles: ['citizen', 'inspector'], name: '王五', idCard: '370102197506065674', phone: '13800000005', health: 'green' },
  { id: 'official', label: '防控人员', role: 'official', roles: ['citizen', 'official'], name: '赵六', idCard: '370102199509098905', phone: '13800000006', health: 'green' }
]

/** The venue the demo administrator owns, so a fresh stack has a code to scan. */
export const DEMO_VENUE = {
  townCode: '370102004',
  address: '泉城路1号',
  type: 'scenic' as const,
  name: '泉城广场',
  creditCode: '91370102MA3C0QCP0L',
  adminName: '李四',
  adminMobile: '13800000004'
}

export function isDemoAccountId(v: unknown): v is DemoAccountId {
  return typeof v === 'string' && DEMO_PEOPLE.some((p) => p.id === v)
}

export function demoAccounts(): DemoAccount[] {
  return DEMO_PEOPLE.map((p) => ({ id: p.id, label: p.label, role: p.role, nameMasked: maskName(p.name) }))
}

/** Creates the demo people and venue unless they exist; safe to run on every start. */
export async function seedDemoAccounts(deps: Deps): Promise<void> {
  const { dataEncryptionKey: key, lookupHashKey } = deps.config
  for (const p of DEMO_PEOPLE) {
    await deps.db.query(
      `INSERT INTO users (demo_account, name_enc, id_card_enc, id_card_hash, phone_enc, phone_hash, roles)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (demo_account) DO NOTHING`,
      [p.id, encrypt(key, p.name), encrypt(key, p.idCard), lookupHash(lookupHashKey, p.idCard),
        encrypt(key, p.phone), lookupHash(lookupHashKey, p.phone), p.roles])
    const userId = await demoUserId(deps, p.id)
    const status = await deps.db.query('SELECT 1 FROM health_status WHERE user_id = $1', [userId])
    // Only the first seed sets the status: an official may have changed it since.
    if (!status.length) await setHealthStatus(deps.db, userId, p.health)
    if (p.id === 'venue_admin') {
      const owned = await deps.db.query('SELECT 1 FROM venues WHERE admin_user_id = $1', [userId])
      if (!owned.length) {
        try {
          await registerVenue(deps, userId, DEMO_VENUE)
        } catch (err) {
          // Another process seeded it between the check and the insert.
          if (!(err instanceof DomainError && err.code === 'VENUE_ALREADY_REGISTERED')) throw err
        }
      }
    }
  }
}

async function demoUserId(deps: Deps, account: DemoAccountId): Promise<string> {
  const rows = await deps.db.query<{ id: string }>('SELECT id FROM users WHERE demo_account = $1', [account])
  if (!rows.length) throw new DomainError('UNKNOWN_ACCOUNT')
  return rows[0].id
}

/** Signs in as a demo account (only when DEMO_LOGIN=1; the caller checks). */
export async function demoLogin(deps: Deps, account: DemoAccountId): Promise<{ userId: string; token: string }> {
  const userId = await demoUserId(deps, account)
  return { userId, token: await createSession(deps.db, userId) }
}
