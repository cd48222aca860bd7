/**
 * One scenario through the real functions, run on two stacks whose answers must be equal: plain
 * PostgreSQL against the postgres_fdw imitation (shards-fdw.test.ts) and against a real Citus
 * cluster (citus.test.ts). See docs/scale.md §5 for what each proves.
 *
 * Answers are compared after normalising what legitimately differs between two runs: generated
 * ids become the names the scenario gave them, live timestamps become their rank (instants 1 ms apart as one), and lists are
 * compared as multisets (several lists break ties on random ids, e.g. people who came in the same
 * instant). Their order on one database is what the other integration tests check.
 */
import { addDays, shanghaiDate } from '../../src/shared/time'
import { makeIdCard, makePhone, unwrap, venueInput } from '../integration/fixtures'
import type { TestStack } from './stack'

/** Fixed across both runs, so masked ID numbers and phones compare equal. */
export const PEOPLE = {
  holder: { name: '张建华', idCard: makeIdCard('19800315'), phone: makePhone() },
  child: { name: '张小雨', idCard: makeIdCard('20150601') },
  grandpa: { name: '张德胜', idCard: makeIdCard('19480203') },
  walker: { name: '李秀英', idCard: makeIdCard('19750808'), phone: makePhone() },
  yellow: { name: '王海', idCard: makeIdCard('19900101'), phone: makePhone() },
  assisted: { name: '刘桂兰', idCard: makeIdCard('19420101') },
  caseK: { name: '赵病例', idCard: makeIdCard('19850505'), phone: makePhone() },
  near: { name: '孙一', idCard: makeIdCard('19860606'), phone: makePhone() },
  before: { name: '孙二', idCard: makeIdCard('19870707'), phone: makePhone() },
  leaver: { name: '孙三', idCard: makeIdCard('19880808'), phone: makePhone() },
  elsewhere: { name: '孙四', idCard: makeIdCard('19890909'), phone: makePhone() },
  withdrawn: { name: '孙五', idCard: makeIdCard('19910101'), phone: makePhone() },
  red: { name: '周红', idCard: makeIdCard('19700707'), phone: makePhone() }
}
type Who = keyof typeof PEOPLE

export interface Run {
  answers: Record<string, unknown>
  /** generated id → the scenario's name for it */
  names: Map<string, string>
  startedAt: string
  personIds: Record<string, string>
}

/** A China wall-clock time on a day, as a UTC instant. */
const at = (day: string, hhmmss: string) => new Date(`${day}T${hhmmss}+08:00`).toISOString()

/**
 * The scenario. `extended` adds what only the Citus suite compares (the fdw imitation shards
 * entries alone): a red scan with its alerts, 实名信息, the companion list, 离场, 撤销, an
 * official's status change and look-up, 风险提示 after a confirmed trace, and 谁查看了我的信息.
 */
export async function scenario(stack: TestStack, opts: { extended?: boolean } = {}): Promise<Run> {
  const startedAt = new Date().toISOString()
  const names = new Map<string, string>()
  const name = (id: string, label: string) => { names.set(id, label); return id }
  const today = shanghaiDate(new Date())
  const D = addDays(today, -3)

  const admin = await stack.login('venue_admin')
  const official = await stack.login('official')
  const officialId = name(await stack.userIdOf(official), 'official')
  const adminId = name(await stack.userIdOf(admin), 'admin')
  await stack.db.query(
    `INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, '3701', '济南市疫情防控指挥部', 'command')
     ON CONFLICT (user_id) DO UPDATE SET region_code = '3701'`, [officialId])

  const restaurant = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '泉城饭店', type: 'restaurant' }), admin))
  const park = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '大明湖景区', type: 'scenic', address: '大明湖路271号' }), admin))
  name(restaurant.venue.id, 'restaurant'); name(restaurant.code.checkpointId, 'restaurant.main')
  name(park.venue.id, 'park'); name(park.code.checkpointId, 'park.main')
  const south = unwrap(await stack.act('venue', 'addCheckpoint', { venueId: restaurant.venue.id, name: '南门' }, admin)).checkpoints[1]
  name(south.id, 'restaurant.south')

  const accounts: Partial<Record<Who, { token: string; userId: string }>> = {}
  const personIds: Record<string, string> = {}
  for (const who of ['holder', 'walker', 'yellow', 'caseK', 'near', 'before', 'leaver', 'elsewhere', 'withdrawn'] as const) {
    const token = await stack.newAccount()
    await stack.verify(token, PEOPLE[who])
    const userId = name(await stack.userIdOf(token), `account:${who}`)
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [userId])
    personIds[who] = name(u.person_id, who)
    accounts[who] = { token, userId }
  }
  const holder = accounts.holder!.token
  for (const [who, relation] of [['child', 'child'], ['grandpa', 'parent']] as const) {
    const c = unwrap(await stack.act('people', 'addCompanion', { ...PEOPLE[who], relation }, holder)).companion
    personIds[who] = name(c.personId, who)
  }
  await stack.setPersonStatus(personIds.yellow, 'yellow')

  const checkIns: unknown[] = []
  // Answers carry instants to the millisecond and live ones are compared by rank: two scans in the
  // same millisecond on one run but not the other would shift every later rank.
  const apart = () => new Promise((resolve) => setTimeout(resolve, 3))
  const scan = async (token: string, url: string, companionIds?: string[]) => {
    const res = unwrap(await stack.call('checkIn', { code: url, ...(companionIds ? { companionIds } : {}) }, token))
    if (res.kind === 'entered') for (const p of res.people) if (!names.has(p.entryId)) name(p.entryId, `entry:${names.get(p.personId)}#${names.size}`)
    checkIns.push(res)
    await apart()
  }
  await scan(accounts.walker!.token, restaurant.code.url)
  // An account with companions is asked who came first; then the group in one scan.
  await scan(holder, south.url)
  await scan(holder, south.url, [personIds.child, personIds.grandpa])
  // Within the idempotency window: the same entries come back, nothing new is logged.
  await scan(accounts.walker!.token, restaurant.code.url)
  await scan(holder, south.url, [personIds.child])
  await scan(accounts.yellow!.token, restaurant.code.url)
  await scan(holder, park.code.url, [])
  const assisted = unwrap(await stack.act('assist', 'register',
    { venueId: restaurant.venue.id, checkpointId: restaurant.code.checkpointId, ...PEOPLE.assisted }, admin))
  personIds.assisted = name(assisted.entry.personId, 'assisted')
  name(assisted.entry.entryId, 'entry:assisted')
  checkIns.push(assisted)

  // Entries at chosen times three days ago, inserted as the tracing tests do (through the
  // coordinator: on the sharded stack each row is routed to its person's shard).
  const enter = async (who: Who, place: 'restaurant' | 'park', hhmmss: string, opts: { out?: string; withdrawn?: boolean; celsius?: number } = {}) => {
    const v = place === 'restaurant' ? restaurant : park
    const when = at(D, hhmmss)
    const [row] = await stack.db.query<{ id: string }>(
      `INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, checked_in_at, checked_out_at, method, scan_id,
         health_status, withdrawn_at, temperature_celsius, temperature_at, temperature_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'self', gen_random_uuid(), 'green', $7, $8, $9, $10) RETURNING id`,
      [personIds[who], accounts[who]!.userId, v.venue.id, v.code.checkpointId, when, opts.out ? at(D, opts.out) : null,
        opts.withdrawn ? when : null, opts.celsius ?? null, opts.celsius ? when : null, opts.celsius ? adminId : null])
    name(row.id, `entry:${who}@${place}${hhmmss}`)
  }
  await enter('caseK', 'restaurant', '10:00:00')
  await enter('near', 'restaurant', '11:59:59', { celsius: 36.6 }) // the extended stay's last second
  await enter('before', 'restaurant', '09:00:00', { celsius: 37.5 }) // 30 minutes of overlap
  await enter('leaver', 'restaurant', '10:30:00', { out: '10:45:00' })
  await enter('elsewhere', 'park', '10:00:00')
  await enter('withdrawn', 'restaurant', '10:10:00', { withdrawn: true })
  await enter('caseK', 'park', '14:00:00')
  await enter('elsewhere', 'park', '14:30:00')

  const extended: Record<string, unknown> = {}
  if (opts.extended) {
    // A red person at the door: the alert on the venue's side, the entry on the person's.
    const red = await stack.verifiedAccount(PEOPLE.red)
    const redId = name(await stack.userIdOf(red), 'account:red')
    const [r] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [redId])
    personIds.red = name(r.person_id, 'red')
    await stack.setPersonStatus(personIds.red, 'red')
    await scan(red, restaurant.code.url)
    extended.profile = unwrap(await stack.act('people', 'getProfile', {}, holder))
    extended.companions = unwrap(await stack.act('people', 'listCompanions', {}, holder))
    // 离场 of the holder's group, then 撤销 of the walker's scan.
    const group = (checkIns[2] as { people: Array<{ entryId: string }> }).people.map((p) => p.entryId)
    extended.checkOut = unwrap(await stack.act('entries', 'checkOut', { entryIds: group }, holder))
    await apart()
    const walkerEntry = (checkIns[0] as { people: Array<{ entryId: string }> }).people[0].entryId
    extended.withdraw = unwrap(await stack.act('entries', 'withdraw', { entryId: walkerEntry }, accounts.walker!.token))
    await apart()
    // Two officials (issue 20): 赵六 proposes, 周九 approves.
    const reviewer = await stack.login('official_reviewer')
    const proposed = unwrap(await stack.act('official', 'setStatus',
      { idCard: PEOPLE.near.idCard, name: PEOPLE.near.name, status: 'yellow', reason: '密接' }, official))
    extended.setStatus = proposed
    extended.approveStatus = unwrap(await stack.act('official', 'decideProposal',
      { proposalId: proposed.proposal!.proposalId, approve: true, reason: '复核无误' }, reviewer))
    extended.person = unwrap(await stack.act('official', 'person', { idCard: PEOPLE.near.idCard }, official))
    extended.statusNoticesOfNear = unwrap(await stack.act('people', 'statusNotices', {}, accounts.near!.token))
  }

  const stats = (venueId: string, date: string) => stack.act('venue', 'stats', { venueId, date }, admin).then(unwrap)
  const statsToday = await stats(restaurant.venue.id, today)
  const answers: Record<string, unknown> = {
    checkIns,
    statsOnD: await stats(restaurant.venue.id, D),
    statsOfParkOnD: await stats(park.venue.id, D),
    // Two runs minutes apart may fall in different hours: today's hours are compared as a total.
    statsToday: { ...statsToday, hourly: statsToday.hourly.reduce((n, h) => n + h.entries, 0) },
    traceOnD: unwrap(await stack.act('official', 'trace', { idCard: PEOPLE.caseK.idCard, from: D, to: D }, official)),
    traceToday: unwrap(await stack.act('official', 'trace', { idCard: PEOPLE.walker.idCard, from: today, to: today }, official)),
    gateFeed: unwrap(await stack.act('inspector', 'feed', { venueId: restaurant.venue.id }, admin)),
    myEntries: unwrap(await stack.act('entries', 'list', {}, holder)),
    alerts: unwrap(await stack.act('alert', 'list', {}, admin)),
    ...extended
  }
  if (opts.extended) {
    // The case's trace confirmed: 风险提示 to the contacts' accounts, the looks in their access log.
    const trace = answers.traceOnD as { traceId: string }
    const proposed = unwrap(await stack.act('official', 'confirmTrace', { traceId: trace.traceId }, official))
    answers.approveTrace = unwrap(await stack.act('official', 'decideProposal',
      { proposalId: proposed.proposal.proposalId, approve: true, reason: '流调复核无误' }, await stack.login('official_reviewer')))
    answers.confirmTrace = unwrap(await stack.act('official', 'confirmTrace', { traceId: trace.traceId }, official))
    answers.risksOfNear = unwrap(await stack.act('entries', 'risks', {}, accounts.near!.token))
    answers.accessLogOfNear = unwrap(await stack.act('people', 'accessLog', {}, accounts.near!.token))
    answers.feedAfter = unwrap(await stack.act('inspector', 'feed', { venueId: restaurant.venue.id }, admin))
    answers.myEntriesAfter = unwrap(await stack.act('entries', 'list', {}, holder))
  }
  return { answers, names, startedAt, personIds }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/

/** The answers with generated ids named, live instants ranked and lists sorted. */
export function normalise(run: Run): unknown {
  const live = new Set<string>()
  const walk = (v: unknown, leaf: (s: string, key: string) => unknown, key = ''): unknown => {
    if (typeof v === 'string') return leaf(v, key)
    if (Array.isArray(v)) return v.map((x) => walk(x, leaf, key))
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, leaf, k)]))
    return v
  }
  // A `createdAt` is stamped when its row is written (an alert after its entry, through the shards
  // on one stack and not the other): whether it falls in the entry's millisecond or a later one is
  // the machine's timing, so it is compared as live but takes no rank that would shift the others.
  const isLive = (s: string) => INSTANT.test(s) && s >= run.startedAt
  walk(run.answers, (s, key) => { if (key !== 'createdAt' && isLive(s)) live.add(s) })
  // One event's instants may straddle a millisecond: instants at most 1 ms apart share a rank.
  // Separate events are further apart (scans wait 3 ms between them), so they never merge.
  const rank = new Map<string, string>()
  let n = -1
  let previous = -Infinity
  for (const t of [...live].sort()) {
    const ms = Date.parse(t)
    if (ms - previous > 1) n++
    previous = ms
    rank.set(t, `live#${n}`)
  }
  const named = walk(run.answers, (s, key) => run.names.get(s) ?? (key === 'createdAt' && isLive(s) ? 'live:createdAt' : rank.get(s))
    ?? (UUID.test(s) ? '<generated>' : s))
  const sortLists = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortLists).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortLists(x)]))
    return v
  }
  return sortLists(named)
}

