/**
 * The data a fault run needs, written through the domain code into the database the local stack
 * will open, before it starts: citizens with 实名信息 and a session each, venues each with their
 * own admin, and every pair (citizen, venue) as one first-scan check-in to make.
 */
import type { HealthStatus } from '../../../src/shared/api'
import { loadConfig, type Config } from '../../../server/config'
import { registerVenue } from '../../../server/domain/venues'
import { saveProfile } from '../../../server/domain/people'
import { createSession } from '../../../server/domain/sessions'
import { setHealthStatus } from '../../../server/domain/users'
import { closeRuntime, configureRuntime, getDeps } from '../../../server/runtime'
import { localStackEnv } from '../../../server/tools/local-env'
import { makeIdCard, makePhone, venueInput } from '../../integration/fixtures'
import type { CheckInJob } from './load'

export interface SeedPlan {
  people: number
  venues: number
  /** Every n-th citizen is yellow or red, so their check-ins raise alerts; 0 for none. */
  abnormalEvery: number
}

export interface Seeded {
  /** The functions' configuration, to open the same database afterwards. */
  config: Config
  jobs: CheckInJob[]
  /** Persons whose check-ins raise a status alert. */
  abnormal: Set<string>
}

const SURNAMES = ['赵', '钱', '孙', '李', '周', '吴', '郑', '王', '冯', '陈']
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋']

/** `env`: the local stack's variables (KEYS_FILE, DATA_DIR or DATABASE_URL/SCHEMA, PUBLIC_BASE_URL). */
export async function seedCheckIns(env: Record<string, string>, plan: SeedPlan): Promise<Seeded> {
  const config = loadConfig(localStackEnv({ ...env, DEMO_LOGIN: '1' }))
  configureRuntime(config)
  try {
    // Migrations and the demo accounts, among them the 济南 official every alert here also goes to.
    const deps = await getDeps()
    const venues: Array<{ venueId: string; code: string }> = []
    for (let v = 0; v < plan.venues; v++) {
      const [admin] = await deps.db.query<{ id: string }>('INSERT INTO users DEFAULT VALUES RETURNING id')
      const { venue, code } = await registerVenue(deps, admin.id, venueInput({ name: `故障演练场所${v + 1}号` }))
      venues.push({ venueId: venue.id, code: code.url })
    }
    const people: Array<{ personId: string; token: string }> = []
    const abnormal = new Set<string>()
    for (let p = 0; p < plan.people; p++) {
      const [user] = await deps.db.query<{ id: string }>('INSERT INTO users DEFAULT VALUES RETURNING id')
      const name = SURNAMES[p % 10] + GIVEN[Math.floor(p / 10) % 10] + GIVEN[p % 7]
      await saveProfile(deps, user.id, { name, idCard: makeIdCard('19850315'), phone: makePhone() })
      // Verified, as a citizen who passed 人脸核身 is: their colour is shown and alerts reach the venue.
      const [{ person_id: personId }] = await deps.db.query<{ person_id: string }>(
        `UPDATE users SET verified_at = now(), verified_via = 'demo' WHERE id = $1 RETURNING person_id`, [user.id])
      if (plan.abnormalEvery && p % plan.abnormalEvery === 0) {
        const status: HealthStatus = (p / plan.abnormalEvery) % 2 ? 'red' : 'yellow'
        await setHealthStatus(deps.db, personId, status)
        abnormal.add(personId)
      }
      people.push({ personId, token: await createSession(deps.db, user.id) })
    }
    // Interleaved, so the clients running at any moment hit many venues and many people.
    const jobs: CheckInJob[] = []
    for (let v = 0; v < venues.length; v++) {
      for (const person of people) {
        jobs.push({ key: `${person.personId}:${venues[v].venueId}`, personId: person.personId, venueId: venues[v].venueId, token: person.token, code: venues[v].code })
      }
    }
    return { config, jobs: shuffle(jobs), abnormal }
  } finally {
    await closeRuntime()
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[items[i], items[j]] = [items[j], items[i]]
  }
  return items
}
