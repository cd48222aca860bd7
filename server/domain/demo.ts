import type { DemoAccount, DemoAccountId, HealthStatus, Role } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { createSession } from './sessions'
import { appointOfficial } from './officials'
import { findOrCreatePerson } from './people'
import { UNNAMED_USER } from './users'
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
  /** Without these the account has no 实名信息 yet (the newcomer tries that flow). */
  name?: string
  idCard?: string
  phone?: string
  health?: HealthStatus
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { id: 'citizen', label: '市民（绿码）', role: 'citizen', roles: ['citizen'], name: '张三', idCard: '370102199001011231', phone: '13800000001', health: 'green' },
  { id: 'citizen_yellow', label: '市民（黄码）', role: 'citizen', roles: ['citizen'], name: '钱七', idCard: '370102198512124567', phone: '13800000002', health: 'yellow' },
  { id: 'citizen_red', label: '市民（红码）', role: 'citizen', roles: ['citizen'], name: '孙八', idCard: '370102199203157896', phone: '13800000003', health: 'red' },
  { id: 'newcomer', label: '新用户（未实名）', role: 'citizen', roles: ['citizen'] },
  { id: 'venue_admin', label: '场所管理员', role: 'venue_admin', roles: ['citizen'], name: '李四', idCard: '370102198808082343', phone: '13800000004', health: 'green' },
  { id: 'inspector', label: '检测员', role: 'inspector', roles: ['citizen'], name: '王五', idCard: '370102197506065674', phone: '13800000005', health: 'green' },
  { id: 'official', label: '防控人员', role: 'official', roles: ['citizen'], name: '赵六', idCard: '370102199509098905', phone: '13800000006', health: 'green' },
  // A second official of the same office: every change of status and every trace confirmation
  // takes two (issue 20), so the demo has someone to approve what 赵六 proposes.
  { id: 'official_reviewer', label: '防控人员（复核）', role: 'official', roles: ['citizen'], name: '周九', idCard: '370102198704153215', phone: '13800000007', health: 'green' }
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

/** The demo official's appointment: the demo venue's city, so the console has something to act on. */
export const DEMO_OFFICIAL = { regionCode: '3701', office: '济南市疫情防控指挥部' }

export function isDemoAccountId(v: unknown): v is DemoAccountId {
  return typeof v === 'string' && DEMO_PEOPLE.some((p) => p.id === v)
}

export function demoAccounts(): DemoAccount[] {
  return DEMO_PEOPLE.map((p) => ({ id: p.id, label: p.label, role: p.role, nameMasked: p.name ? maskName(p.name) : UNNAMED_USER }))
}

/** Creates the demo people and venue unless they exist; safe to run on every start. */
export async function seedDemoAccounts(deps: Deps): Promise<void> {
  for (const p of DEMO_PEOPLE) {
    await deps.db.query(
      'INSERT INTO users (demo_account, roles) VALUES ($1, $2) ON CONFLICT (demo_account) DO NOTHING', [p.id, p.roles])
    const userId = await demoUserId(deps, p.id)
    if (p.name && p.idCard) {
      // Only the first seed records the person and status: an official may have changed it since.
      await deps.db.transaction(async (tx) => {
        const [u] = await tx.query<{ person_id: string | null }>('SELECT person_id FROM users WHERE id = $1 FOR UPDATE', [userId])
        if (u.person_id) return
        const personId = await findOrCreatePerson(deps, tx, { name: p.name!, idCard: p.idCard!, phone: p.phone }, userId)
        // The demo people arrive verified (by the demo provider), unless someone else has since
        // verified as them: a person is held by one account.
        const [held] = await tx.query<{ held: boolean }>(
          'SELECT EXISTS (SELECT 1 FROM users h WHERE h.person_id = $1 AND h.verified_at IS NOT NULL) AS held', [personId])
        await tx.query(held.held ? 'UPDATE users SET person_id = $2 WHERE id = $1'
          : `UPDATE users SET person_id = $2, verified_at = now(), verified_via = 'demo' WHERE id = $1`, [userId, personId])
        await tx.query('INSERT INTO health_status (person_id, status) VALUES ($1, $2) ON CONFLICT DO NOTHING', [personId, p.health ?? 'green'])
      })
    }
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
  // Data seeded before identity (migration 007): the demo people verified, the demo venue approved.
  await deps.db.query(
    `UPDATE users u SET verified_at = now(), verified_via = 'demo'
     WHERE u.demo_account IS NOT NULL AND u.person_id IS NOT NULL AND u.verified_at IS NULL AND u.identity_moved_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM users h WHERE h.person_id = u.person_id AND h.verified_at IS NOT NULL)`)
  // venues is a reference table on Citus: changed by its own columns, not joined with accounts.
  await deps.db.query(
    `UPDATE venues v SET review_status = 'approved', reviewed_at = now(), review_reason = '演示场所'
     WHERE v.admin_user_id = $1 AND v.review_status = 'pending' AND v.reviewed_at IS NULL`, [await demoUserId(deps, 'venue_admin')])
  // An appointment the admin command has changed since is kept as it is.
  for (const account of ['official', 'official_reviewer'] as const) {
    await appointOfficial(deps.db, { userId: await demoUserId(deps, account), ...DEMO_OFFICIAL, appointedBy: 'demo', keepExisting: true })
  }
  // The demo inspector starts out bound to the demo venue, as if with its 场所申报码, so the gate
  // has someone on a fresh stack; other accounts bind with the code like anyone would.
  await deps.db.query(
    `INSERT INTO venue_inspectors (venue_id, user_id)
     SELECT v.id, i.id FROM venues v JOIN users a ON a.id = v.admin_user_id AND a.demo_account = 'venue_admin'
     CROSS JOIN users i WHERE i.demo_account = 'inspector'
       AND NOT EXISTS (SELECT 1 FROM venue_inspectors x WHERE x.user_id = i.id)
     ON CONFLICT DO NOTHING`)
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
