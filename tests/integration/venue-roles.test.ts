import { readFileSync } from 'fs'
import { join } from 'path'
import type { FunctionName, Result } from '../../src/shared/api'
import { shanghaiDate } from '../../src/shared/time'
import { encrypt, reasonMac } from '../../server/crypto/personal-data'
import { tableStates } from '../support/prop-events'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, solo, unwrap, venueInput } from './fixtures'

/**
 * Walks the action × role table of docs/security.md §5 (venue and official actions), exactly as written there: the document
 * is the test's input, so the table cannot drift from what the code does.
 */
const ROLES = ['anonymous', 'citizen', 'inspector of this venue', 'inspector of another venue', 'admin of this venue', 'admin of another venue',
  'official', 'official of another region', 'unverified 实名信息', 'another account that knows the citizen\'s name and ID number'] as const
type RoleName = typeof ROLES[number]

function readTable(): Array<{ action: string; cells: Record<RoleName, string> }> {
  const doc = readFileSync(join(__dirname, '../../docs/security.md'), 'utf8')
  const block = doc.split('<!-- venue-roles:begin -->')[1].split('<!-- venue-roles:end -->')[0]
  const lines = block.trim().split('\n').map((l) => l.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, '')))
  expect(lines[0]).toEqual(['action', ...ROLES])
  return lines.slice(2).map(([action, ...cells]) => ({ action, cells: Object.fromEntries(ROLES.map((r, i) => [r, cells[i]])) as Record<RoleName, string> }))
}

const TABLE = readTable()

describe.each(testDatabases())('venue actions × roles on $label', ({ databaseUrl }) => {
  let stack: TestStack
  const token: Partial<Record<RoleName, string>> = {}
  let citizenIdCard: string
  let citizenPersonId: string
  /** A yellow person whose entry raises the alert of the `alert` rows; not one of the roles. */
  let yellow: string

  async function withProfile(name: string, idCard = makeIdCard('19750505')): Promise<string> {
    const t = await stack.newAccount()
    await stack.verify(t, { name, idCard, phone: '13612345678' })
    return t
  }

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    citizenIdCard = makeIdCard('19750505')
    token.citizen = await withProfile('市民', citizenIdCard)
    citizenPersonId = (await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(token.citizen)]))[0].person_id
    token['inspector of this venue'] = await withProfile('本检')
    token['inspector of another venue'] = await withProfile('他检')
    token['admin of this venue'] = await withProfile('本管')
    token['admin of another venue'] = await withProfile('他管')
    token.official = await stack.login('official')
    // Appointed as the admin command does; the demo official covers 济南 (3701).
    const other = await withProfile('青官')
    await stack.db.query(`INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, '3702', '青岛市疫情防控指挥部', 'command')`,
      [await stack.userIdOf(other)])
    token['official of another region'] = other
    // Typed, never verified: its own name and ID number, and the citizen's (an impostor).
    const unverified = await stack.newAccount()
    unwrap(await stack.act('people', 'saveProfile', { name: '未核', idCard: makeIdCard('19790909'), phone: '13612345679' }, unverified))
    token['unverified 实名信息'] = unverified
    const impostor = await stack.newAccount()
    unwrap(await stack.act('people', 'saveProfile', { name: '市民', idCard: citizenIdCard, phone: '13612345670' }, impostor))
    token['another account that knows the citizen\'s name and ID number'] = impostor
    yellow = await withProfile('黄码')
    const [{ person_id: yellowPerson }] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(yellow)])
    await stack.setPersonStatus(yellowPerson, 'yellow')
  })
  afterAll(async () => { await stack.close() })

  it('lists every venue action of the functions', () => {
    expect(TABLE.map((r) => r.action)).toEqual([
      'getVenueCode', 'regenerateCode', 'generateCode.poster',
      'venue.get', 'venue.update', 'venue.regenerateDeclarationCode', 'venue.removeInspector', 'venue.addCheckpoint',
      'venue.renameCheckpoint', 'venue.removeCheckpoint', 'venue.handover', 'venue.cancelHandover', 'venue.acceptHandover',
      'venue.declineHandover', 'venue.stats',
      'inspector.bind', 'inspector.leave', 'inspector.feed', 'inspector.temperature', 'assist.register', 'checkIn',
      'entries.checkOut', 'entries.risks', 'people.accessLog',
      'alert.list', 'alert.get', 'alert.acknowledge', 'alert.subscribe',
      'official.scope', 'official.person', 'official.setStatus', 'official.importStatus', 'official.trace',
      'official.confirmTrace', 'official.exportTrace',
      'entries.withdraw', 'entries.dispute', 'people.addCompanion', 'people.companionRequests',
      'official.venueReviews', 'official.reviewVenue', 'official.disputes',
      'official.contactDetails', 'official.proposals', 'official.decideProposal', 'official.appeals', 'official.answerAppeal',
      'people.statusNotices', 'people.appeal', 'purge'
    ])
  })

  /** A fresh venue for one row: its admin, a bound inspector, a second checkpoint, an entry, and another venue with its own staff. */
  async function fixture(action: string) {
    const admin = token['admin of this venue']!
    const here = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: `角色测试${action}` }), admin))
    const venueId = here.venue.id
    const withSecond = unwrap(await stack.act('venue', 'addCheckpoint', { venueId, name: '侧门' }, admin))
    const there = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: `别处${action}` }), token['admin of another venue']!))
    unwrap(await stack.act('inspector', 'bind', { declarationCode: here.venue.declarationCode }, token['inspector of this venue']!))
    unwrap(await stack.act('inspector', 'bind', { declarationCode: there.venue.declarationCode }, token['inspector of another venue']!))
    const inspectorId = await stack.userIdOf(token['inspector of this venue']!)
    if (action === 'venue.acceptHandover' || action === 'venue.declineHandover' || action === 'venue.cancelHandover') {
      unwrap(await stack.act('venue', 'handover', { venueId, toUserId: inspectorId }, admin))
    }
    // The citizen's own scan, or (to say 不是我本人 about) an inspector's 辅助登记 of the citizen.
    const entry = action === 'entries.dispute'
      ? unwrap(await stack.act('assist', 'register', { venueId, checkpointId: here.code.checkpointId, name: '市民', idCard: citizenIdCard },
        token['inspector of this venue']!)).entry
      : solo(await stack.call('checkIn', { code: here.code.url, companionIds: [] }, token.citizen!))
    let alertId = ''
    if (action.startsWith('alert.')) {
      solo(await stack.call('checkIn', { code: here.code.url }, yellow))
      const [row] = await stack.db.query<{ id: string }>('SELECT id FROM alerts WHERE venue_id = $1', [venueId])
      alertId = row.id
    }
    let traceId = ''
    let contactId = ''
    if (action === 'official.contactDetails') {
      // Someone at the same venue as the citizen: a contact of the citizen's trace.
      const contact = await withProfile('同场', makeIdCard('19810101'))
      solo(await stack.call('checkIn', { code: here.code.url }, contact))
      const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(contact)])
      contactId = u.person_id
    }
    if (action === 'official.confirmTrace' || action === 'official.exportTrace' || action === 'official.contactDetails') {
      traceId = unwrap(await stack.act('official', 'trace', { idCard: citizenIdCard }, token.official!)).traceId
    }
    // A proposal by the second official of 济南 (周九), for someone new: only another official of the region decides it.
    let proposalId = ''
    if (action === 'official.decideProposal') {
      const proposed = unwrap(await stack.act('official', 'setStatus', { idCard: makeIdCard('19820202'), name: '待审', status: 'yellow', reason: '密切接触者' },
        await stack.login('official_reviewer')))
      proposalId = proposed.proposal!.proposalId
    }
    // A change of the citizen's status (as the demo seed records one), and for answerAppeal another person's appeal of theirs.
    let changeId = ''
    let appealId = ''
    if (action === 'people.appeal') {
      const [c] = await stack.db.query<{ id: string }>(
        `INSERT INTO status_changes (person_id, old_status, new_status, reason_enc, reason_mac, source) VALUES ($1, NULL, 'yellow', $2, $3, 'manual') RETURNING id`,
        [citizenPersonId, encrypt(stack.config.dataKeys, '角色测试'), reasonMac(stack.config.lookupHashKey, '角色测试')])
      changeId = c.id
    }
    if (action === 'official.answerAppeal') {
      const appellant = await withProfile('申诉', makeIdCard('19830303'))
      const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(appellant)])
      const [c] = await stack.db.query<{ id: string }>(
        `INSERT INTO status_changes (person_id, old_status, new_status, reason_enc, reason_mac, source) VALUES ($1, NULL, 'yellow', $2, $3, 'manual') RETURNING id`,
        [u.person_id, encrypt(stack.config.dataKeys, '角色测试'), reasonMac(stack.config.lookupHashKey, '角色测试')])
      unwrap(await stack.act('people', 'appeal', { changeId: c.id, text: '我不是密接' }, appellant))
      const [a] = await stack.db.query<{ id: string }>('SELECT id FROM appeals WHERE change_id = $1', [c.id])
      appealId = a.id
    }
    return {
      venueId, checkpointId: here.code.checkpointId, second: withSecond.checkpoints[1].id, declarationCode: here.venue.declarationCode,
      codeUrl: here.code.url, inspectorId, entryId: entry.entryId, alertId, traceId, contactId, proposalId, changeId, appealId
    }
  }

  function request(action: string, f: Awaited<ReturnType<typeof fixture>>): [FunctionName, Record<string, unknown>] {
    const { venueId } = f
    const venueCall = (name: string, data: Record<string, unknown> = {}): [FunctionName, Record<string, unknown>] => ['venue', { action: name, venueId, ...data }]
    switch (action) {
      case 'getVenueCode': return ['getVenueCode', { venueId }]
      case 'regenerateCode': return ['regenerateCode', { venueId, checkpointId: f.second }]
      case 'generateCode.poster': return ['generateCode', { action: 'poster', venueId, checkpointId: f.second }]
      case 'venue.update': return venueCall('update', { address: '新址路1号' })
      case 'venue.removeInspector': return venueCall('removeInspector', { userId: f.inspectorId })
      case 'venue.addCheckpoint': return venueCall('addCheckpoint', { name: '东门' })
      case 'venue.renameCheckpoint': return venueCall('renameCheckpoint', { checkpointId: f.second, name: '西门' })
      case 'venue.removeCheckpoint': return venueCall('removeCheckpoint', { checkpointId: f.second })
      case 'venue.handover': return venueCall('handover', { toUserId: f.inspectorId })
      case 'venue.acceptHandover': return venueCall('acceptHandover', { adminName: '接收人', adminMobile: '13512345678' })
      case 'venue.stats': return venueCall('stats', { date: shanghaiDate(new Date()) })
      case 'inspector.bind': return ['inspector', { action: 'bind', declarationCode: f.declarationCode }]
      case 'inspector.leave': return ['inspector', { action: 'leave', venueId }]
      case 'inspector.feed': return ['inspector', { action: 'feed', venueId }]
      case 'inspector.temperature': return ['inspector', { action: 'temperature', entryId: f.entryId, celsius: 36.6 }]
      case 'assist.register': return ['assist', { action: 'register', venueId, checkpointId: f.checkpointId, name: '无机', idCard: makeIdCard('19400404') }]
      case 'checkIn': return ['checkIn', { code: f.codeUrl }]
      case 'entries.checkOut': return ['entries', { action: 'checkOut', entryIds: [f.entryId] }]
      case 'entries.withdraw': return ['entries', { action: 'withdraw', entryId: f.entryId }]
      case 'entries.dispute': return ['entries', { action: 'dispute', entryId: f.entryId }]
      case 'people.addCompanion': return ['people', { action: 'addCompanion', name: '孙辈', idCard: makeIdCard('20180808'), relation: 'child' }]
      case 'people.companionRequests': return ['people', { action: 'companionRequests' }]
      case 'official.venueReviews': return ['official', { action: 'venueReviews' }]
      case 'official.reviewVenue': return ['official', { action: 'reviewVenue', venueId, approve: true, reason: '核实无误' }]
      case 'official.disputes': return ['official', { action: 'disputes' }]
      case 'entries.risks': return ['entries', { action: 'risks' }]
      case 'people.accessLog': return ['people', { action: 'accessLog' }]
      case 'alert.list': return ['alert', { action: 'list' }]
      case 'alert.get': return ['alert', { action: 'get', alertId: f.alertId }]
      case 'alert.acknowledge': return ['alert', { action: 'acknowledge', alertId: f.alertId }]
      case 'alert.subscribe': return ['alert', { action: 'subscribe', templateIds: [] }]
      case 'official.scope': return ['official', { action: 'scope' }]
      case 'official.person': return ['official', { action: 'person', idCard: citizenIdCard }]
      case 'official.setStatus': return ['official', { action: 'setStatus', idCard: citizenIdCard, name: '市民', status: 'yellow', reason: '密切接触者' }]
      case 'official.importStatus':
        return ['official', { action: 'importStatus', fileName: 'status.csv', csv: `身份证号,姓名,健康码,原因\n${citizenIdCard},市民,黄码,密切接触者\n` }]
      case 'official.trace': return ['official', { action: 'trace', idCard: citizenIdCard }]
      case 'official.confirmTrace': return ['official', { action: 'confirmTrace', traceId: f.traceId }]
      case 'official.exportTrace': return ['official', { action: 'exportTrace', traceId: f.traceId }]
      case 'official.contactDetails': return ['official', { action: 'contactDetails', traceId: f.traceId, personId: f.contactId }]
      case 'official.proposals': return ['official', { action: 'proposals' }]
      case 'official.decideProposal': return ['official', { action: 'decideProposal', proposalId: f.proposalId, approve: true, reason: '复核无误' }]
      case 'official.appeals': return ['official', { action: 'appeals' }]
      case 'official.answerAppeal': return ['official', { action: 'answerAppeal', appealId: f.appealId, decision: 'upheld', reason: '核实无误' }]
      case 'people.statusNotices': return ['people', { action: 'statusNotices' }]
      case 'people.appeal': return ['people', { action: 'appeal', changeId: f.changeId, text: '我没有去过那里' }]
      case 'purge': return ['purge', {}]
      default: {
        const [fn, name] = action.split('.')
        if (fn !== 'venue') throw new Error(`no request for ${action}`)
        return venueCall(name)
      }
    }
  }

  it.each(TABLE.map((row) => [row.action, row] as const))('%s', async (action, row) => {
    const f = await fixture(action)
    const [name, data] = request(action, f)
    const call = (role: RoleName): Promise<Result<unknown>> => stack.call(name, data as never, token[role])
    // Refusals first, each changing nothing; then the allowed calls.
    const refused = ROLES.filter((r) => row.cells[r] !== '✓')
    for (const role of refused) {
      const before = await tableStates((sql) => stack.db.query(sql))
      const res = await call(role)
      // "refused whole": a status file answered with its report of bad lines, nothing applied.
      const code = res.ok ? ((res.data as { applied?: boolean }).applied === false ? 'refused whole' : 'ok') : res.code
      expect({ role, code }).toEqual({ role, code: row.cells[role] })
      expect(await tableStates((sql) => stack.db.query(sql))).toEqual(before)
    }
    for (const role of ROLES.filter((r) => row.cells[r] === '✓')) {
      const res = await call(role)
      expect({ role, code: res.ok ? 'ok' : res.code }).toEqual({ role, code: 'ok' })
    }
  })
})
