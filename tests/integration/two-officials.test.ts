import { randomBytes } from 'crypto'
import type { HealthStatus, ProposalView } from '../../src/shared/api'
import { addDays, shanghaiDate } from '../../src/shared/time'
import { ConfigError, loadConfig } from '../../server/config'
import { appointOfficial } from '../../server/domain/officials'
import { expireProposals } from '../../server/domain/proposals'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { approve, setStatusApproved } from '../support/two-officials'
import { count, makeIdCard, unwrap } from './fixtures'

/**
 * The two-person rule (issue 20): one official alone changes nobody's status (one by one, by
 * file, by an appeal's correction) and sends no 风险提示; a proposer never approves; only an
 * official of the proposer's region or a region above approves; proposals expire; of racing
 * decisions one wins; rejections change nothing; the emergency path exists only where a
 * deployment turned it on, and is marked. Every step is in the person's access log.
 */

const JINAN = '济南市疫情防控指挥部'
const HEADER = '身份证号,姓名,健康码,原因'

/** A valid ID number of 济南市市辖区 370104 (no other suite's people), different on every call. */
const idIn = (county = '370104') => makeIdCard('19800101', county)

describe.each(testDatabases())('two officials on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let official: string
  let officialId: string
  let reviewer: string
  let reviewerId: string
  let province: string
  let qingdao: string
  let district: string
  let admin: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    official = await stack.login('official')
    officialId = await stack.userIdOf(official)
    reviewer = await stack.login('official_reviewer')
    reviewerId = await stack.userIdOf(reviewer)
    admin = await stack.login('venue_admin')
    const appoint = async (regionCode: string, office: string) => {
      const token = await stack.newAccount()
      await appointOfficial(stack.db, { userId: await stack.userIdOf(token), regionCode, office, appointedBy: 'command' })
      return token
    }
    province = await appoint('37', '山东省疫情防控指挥部')
    qingdao = await appoint('3702', '青岛市疫情防控指挥部')
    district = await appoint('370102', '历下区疾控中心')
  })
  afterAll(async () => { await stack.close() })

  /** A verified holder of a fresh person of 济南. */
  async function holder(name: string) {
    const idCard = idIn()
    const token = await stack.verifiedAccount({ name, idCard, phone: '13912345678' })
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(token)])
    return { token, idCard, name, personId: u.person_id }
  }

  /** What a change of status would touch: the status record, the history, 风险提示 and alerts. */
  async function state(personId: string) {
    const [h] = await stack.db.query<{ status: HealthStatus }>('SELECT status FROM health_status WHERE person_id = $1', [personId])
    return {
      status: h?.status ?? null,
      changes: await count(stack.db, `status_changes WHERE person_id = '${personId}'`),
      notices: await count(stack.db, 'risk_notices'),
      alerts: await count(stack.db, 'alerts')
    }
  }

  const actions = async (personId: string) => (await stack.db.query<{ action: string; official_id: string; reason_mac: string | null }>(
    'SELECT action, official_id, reason_mac FROM access_log WHERE person_id = $1 ORDER BY accessed_at, action', [personId]))

  const propose = async (token: string, p: { idCard: string; name: string }, status: HealthStatus, reason = '密切接触者'): Promise<ProposalView> => {
    const res = unwrap(await stack.act('official', 'setStatus', { idCard: p.idCard, name: p.name, status, reason }, token))
    expect(res.proposal).not.toBeNull()
    return res.proposal!
  }
  const decide = (token: string, proposal: ProposalView, approveIt: boolean, reason = '复核无误') =>
    stack.act('official', 'decideProposal', { proposalId: proposal.proposalId, approve: approveIt, reason }, token)

  describe('one official alone makes nobody red', () => {
    it('by setStatus: a pending proposal, audited, and nothing else', async () => {
      const p = await holder('甲一')
      const before = await state(p.personId)
      const res = unwrap(await stack.act('official', 'setStatus', { idCard: p.idCard, name: p.name, status: 'red', reason: '核酸阳性' }, official))
      expect(res.person.healthStatus).toBe('green')
      expect(res.history).toEqual([])
      expect(res.proposal).toMatchObject({
        kind: 'status', state: 'pending', source: 'manual', proposedBy: `${JINAN} 赵*`, reason: '核酸阳性', lineCount: 1, emergency: false,
        lines: [{ personId: p.personId, nameMasked: '甲*', fromStatus: 'green', toStatus: 'red', reason: '核酸阳性' }],
        decidedBy: null, mine: true, canDecide: false, traceId: null
      })
      expect(Date.parse(res.proposal!.expiresAt) - Date.parse(res.proposal!.proposedAt)).toBe(24 * 3600_000)
      expect(await state(p.personId)).toEqual(before)
      expect(unwrap(await stack.call('whoAmI', {}, p.token)).healthStatus).toBe('green')
      expect(unwrap(await stack.act('people', 'statusNotices', {}, p.token)).notices).toEqual([])
      const log = await actions(p.personId)
      expect(log.map((r) => [r.action, r.official_id])).toEqual([['propose_status', officialId]])
      expect(log[0].reason_mac).toMatch(/\S/)
      // A status the person already has proposes nothing.
      expect(unwrap(await stack.act('official', 'setStatus', { idCard: p.idCard, name: p.name, status: 'green', reason: '核酸阴性' }, reviewer)).proposal)
        .toBeNull()
    })

    it('by importStatus: one proposal for the file, nobody changed', async () => {
      const a = await holder('乙一')
      const b = await holder('乙二')
      const before = [await state(a.personId), await state(b.personId)]
      const res = unwrap(await stack.act('official', 'importStatus',
        { fileName: '阳性名单.csv', csv: `${HEADER}\n${a.idCard},乙一,红码,核酸阳性\n${b.idCard},乙二,黄码,密接\n` }, official))
      expect(res).toMatchObject({ applied: true, rows: 2, changed: 2, proposal: { source: 'import', reason: '阳性名单.csv', lineCount: 2, state: 'pending' } })
      expect([await state(a.personId), await state(b.personId)]).toEqual(before)
      // A person with a change waiting is refused in a file too, on their line.
      const again = unwrap(await stack.act('official', 'importStatus', { fileName: 'b.csv', csv: `${HEADER}\n${b.idCard},乙二,红码,确诊\n` }, reviewer))
      expect(again).toEqual({ applied: false, rows: 1, problems: [{ line: 2, field: '身份证号', problem: expect.stringContaining('待复核') }] })
      expect((await actions(a.personId)).map((r) => r.action)).toEqual(['propose_status'])
    })

    it('by an appeal\'s correction: 更正 back to red is a proposal; the person stays green until another official approves', async () => {
      const p = await holder('乙三')
      await setStatusApproved(stack, official, reviewer, { idCard: p.idCard, name: p.name, status: 'red', reason: '确诊' })
      await setStatusApproved(stack, official, reviewer, { idCard: p.idCard, name: p.name, status: 'green', reason: '解除隔离' })
      const [released] = unwrap(await stack.act('people', 'statusNotices', {}, p.token)).notices
      expect(released).toMatchObject({ fromStatus: 'red', toStatus: 'green' })
      unwrap(await stack.act('people', 'appeal', { changeId: released.changeId, text: '请核对解除隔离的日期' }, p.token))
      const appealId = unwrap(await stack.act('official', 'appeals', {}, official)).appeals.find((a) => a.changeId === released.changeId)!.appealId
      const before = await state(p.personId)
      const answered = unwrap(await stack.act('official', 'answerAppeal', { appealId, decision: 'corrected', reason: '解除日期有误，恢复红码' }, official)).appeal
      expect(answered.correctionProposalId).toEqual(expect.any(String))
      expect(await state(p.personId)).toEqual(before)
      expect(unwrap(await stack.call('whoAmI', {}, p.token)).healthStatus).toBe('green')
      const correction = unwrap(await stack.act('official', 'proposals', {}, reviewer)).proposals.find((x) => x.proposalId === answered.correctionProposalId)!
      expect(correction).toMatchObject({ source: 'appeal', lines: [{ fromStatus: 'green', toStatus: 'red' }], canDecide: true })
      expect(await decide(official, correction, true)).toMatchObject({ ok: false, code: 'PROPOSAL_OWN' })
      expect(unwrap(await stack.call('whoAmI', {}, p.token)).healthStatus).toBe('green')
    })

    it('by confirmTrace: no 风险提示 and no alert until a second official approves; the proposer cannot', async () => {
      const mine = unwrap(await stack.call('myVenues', {}, admin)).venues.find((m) => m.venue.name === '泉城广场')!
      const k = await holder('丙病')
      const c = await holder('丙接')
      const day = addDays(shanghaiDate(new Date()), -2)
      for (const [who, t] of [[k, '10:00:00'], [c, '10:30:00']] as const) {
        const userId = (await stack.db.query<{ id: string }>('SELECT id FROM users WHERE person_id = $1', [who.personId]))[0].id
        await stack.db.query(
          `INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, checked_in_at, method, scan_id, health_status)
           VALUES ($1, $2, $3, $4, $5, 'self', gen_random_uuid(), 'green')`,
          [who.personId, userId, mine.venue.id, mine.code.checkpointId, new Date(`${day}T${t}+08:00`).toISOString()])
      }
      const trace = unwrap(await stack.act('official', 'trace', { personId: k.personId, from: day, to: day }, official))
      expect(trace.contactCount).toBe(1)
      const before = await state(c.personId)
      const { proposal } = unwrap(await stack.act('official', 'confirmTrace', { traceId: trace.traceId }, official))
      expect(proposal).toMatchObject({ kind: 'trace', state: 'pending', traceId: trace.traceId, caseNameMasked: '丙*', contactCount: 1, lines: [], lineCount: 0 })
      expect(await decide(official, proposal, true)).toMatchObject({ ok: false, code: 'PROPOSAL_OWN', message: expect.stringContaining('不能复核自己') })
      expect(await state(c.personId)).toEqual(before)
      expect(await count(stack.db, `risk_notices WHERE trace_id = '${trace.traceId}'`)).toBe(0)
      expect(unwrap(await stack.act('entries', 'risks', {}, c.token)).notices).toEqual([])

      const approved = unwrap(await decide(reviewer, proposal, true, '同场人员核实无误')).proposal
      expect(approved).toMatchObject({ state: 'approved', decidedBy: `${JINAN} 周*`, decisionReason: '同场人员核实无误', canDecide: false })
      expect(await count(stack.db, `risk_notices WHERE trace_id = '${trace.traceId}'`)).toBe(1)
      expect(await count(stack.db, `alerts WHERE trace_id = '${trace.traceId}'`)).toBe(1)
      expect(unwrap(await stack.act('entries', 'risks', {}, c.token)).notices).toHaveLength(1)
      expect((await actions(k.personId)).map((r) => r.action)).toEqual(
        expect.arrayContaining(['trace_case', 'propose_trace', 'approve_trace', 'confirm_trace']))
    })
  })

  it('never lets the proposer approve or reject their own proposal', async () => {
    const p = await holder('丁一')
    const proposal = await propose(official, p, 'red')
    expect(await decide(official, proposal, true)).toMatchObject({ ok: false, code: 'PROPOSAL_OWN' })
    expect(await decide(official, proposal, false)).toMatchObject({ ok: false, code: 'PROPOSAL_OWN' })
    expect((await state(p.personId)).status).toBeNull()
    const listed = unwrap(await stack.act('official', 'proposals', {}, official)).proposals.find((x) => x.proposalId === proposal.proposalId)
    expect(listed).toMatchObject({ mine: true, canDecide: false, state: 'pending' })
    expect(unwrap(await stack.act('official', 'proposals', {}, reviewer)).proposals.find((x) => x.proposalId === proposal.proposalId))
      .toMatchObject({ mine: false, canDecide: true })
  })

  it('lets only an official of the same region or a region above approve: not a sibling city, not a district below', async () => {
    const p = await holder('戊一')
    const proposal = await propose(official, p, 'yellow')
    for (const token of [qingdao, district]) {
      expect(await decide(token, proposal, true)).toMatchObject({ ok: false, code: 'PROPOSAL_NOT_FOUND' })
      expect(unwrap(await stack.act('official', 'proposals', {}, token)).proposals.map((x) => x.proposalId)).not.toContain(proposal.proposalId)
    }
    expect((await state(p.personId)).status).toBeNull()
    expect(unwrap(await stack.act('official', 'proposals', {}, province)).proposals.find((x) => x.proposalId === proposal.proposalId))
      .toMatchObject({ canDecide: true })
    const approved = unwrap(await decide(province, proposal, true, '省级复核')).proposal
    expect(approved).toMatchObject({ state: 'approved', decidedBy: '山东省疫情防控指挥部 工作人员' })
    expect(await state(p.personId)).toMatchObject({ status: 'yellow', changes: 1 })
    const [change] = await stack.db.query<{ changed_by: string; approved_by: string; proposal_id: string; emergency: boolean; reason_mac: string | null }>(
      'SELECT changed_by, approved_by, proposal_id, emergency, reason_mac FROM status_changes WHERE person_id = $1', [p.personId])
    expect(change).toEqual({ changed_by: officialId, approved_by: await stack.userIdOf(province), proposal_id: proposal.proposalId, emergency: false,
      reason_mac: expect.any(String) })
    // A district official's proposal may be approved by the city above it.
    const q = { idCard: idIn('370102'), name: '戊二' }
    const fromDistrict = await propose(district, q, 'yellow')
    expect(unwrap(await decide(official, fromDistrict, true)).proposal.state).toBe('approved')
  })

  it('expires a proposal after its hours: PROPOSAL_EXPIRED, audited, and the person free for a new one', async () => {
    const p = await holder('己一')
    const proposal = await propose(official, p, 'red')
    const moveBack = (id: string) => stack.db.query(
      `UPDATE status_proposals SET created_at = created_at - interval '25 hours', expires_at = expires_at - interval '25 hours' WHERE id = $1`, [id])
    await moveBack(proposal.proposalId)
    expect(await decide(reviewer, proposal, true)).toMatchObject({ ok: false, code: 'PROPOSAL_EXPIRED', message: expect.stringContaining('超时') })
    expect((await state(p.personId)).status).toBeNull()
    expect((await actions(p.personId)).map((r) => [r.action, r.official_id])).toEqual([['propose_status', officialId], ['expire_status', officialId]])
    const decided = unwrap(await stack.act('official', 'proposals', { state: 'decided' }, reviewer)).proposals.find((x) => x.proposalId === proposal.proposalId)
    expect(decided).toMatchObject({ state: 'expired', decidedBy: null, canDecide: false })
    // Free again; the scheduler's sweep expires the next one and says how many.
    const next = await propose(official, p, 'red', '再次提出')
    await moveBack(next.proposalId)
    expect(await expireProposals({ db: stack.db, config: stack.config })).toBe(1)
    expect(await expireProposals({ db: stack.db, config: stack.config })).toBe(0)
    expect(await decide(reviewer, next, true)).toMatchObject({ ok: false, code: 'PROPOSAL_EXPIRED' })
    expect((await actions(p.personId)).filter((r) => r.action === 'expire_status')).toHaveLength(2)
  })

  it('lets exactly one of racing decisions win', async () => {
    const p = await holder('庚一')
    const proposal = await propose(official, p, 'red')
    const answers = await Promise.all([decide(reviewer, proposal, true, '甲复核'), decide(province, proposal, true, '乙复核'), decide(province, proposal, false, '丙驳回')])
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    for (const a of answers.filter((x) => !x.ok)) expect(a).toMatchObject({ ok: false, code: 'PROPOSAL_DECIDED' })
    const winner = unwrap(answers.find((a) => a.ok)!).proposal
    expect(await state(p.personId)).toMatchObject(winner.state === 'approved' ? { status: 'red', changes: 1 } : { status: null, changes: 0 })
    const decisions = (await actions(p.personId)).filter((r) => r.action !== 'propose_status')
    expect(decisions).toHaveLength(1)
  })

  it('changes nothing on a rejection, which is audited with the reviewer\'s reason; a decision needs its own reason', async () => {
    const p = await holder('辛一')
    const proposal = await propose(official, p, 'red')
    expect(await decide(reviewer, proposal, false, ' ')).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { reason: '请填写复核意见' } })
    expect(await stack.act('official', 'decideProposal', { proposalId: 'x', approve: true, reason: '通过了' }, reviewer))
      .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { proposalId: expect.any(String) } })
    expect(await stack.act('official', 'decideProposal', { proposalId: proposal.proposalId, approve: true, reason: '通过了' }, await stack.login('citizen')))
      .toMatchObject({ ok: false, code: 'NOT_OFFICIAL' })
    const before = await state(p.personId)
    const rejected = unwrap(await decide(reviewer, proposal, false, '证据不足')).proposal
    expect(rejected).toMatchObject({ state: 'rejected', decisionReason: '证据不足', decidedBy: `${JINAN} 周*` })
    expect(await state(p.personId)).toEqual(before)
    expect(await decide(province, proposal, true)).toMatchObject({ ok: false, code: 'PROPOSAL_DECIDED' })
    const log = await actions(p.personId)
    expect(log.map((r) => [r.action, r.official_id])).toEqual([['propose_status', officialId], ['reject_status', reviewerId]])
    const seen = unwrap(await stack.act('people', 'accessLog', {}, p.token)).records
    expect(seen.find((r) => r.action === 'reject_status')).toMatchObject({ reason: '证据不足', officialNameMasked: '周*' })
  })

  it('needs two officials to change a status back to green as well', async () => {
    const p = await holder('壬一')
    await setStatusApproved(stack, official, reviewer, { idCard: p.idCard, name: p.name, status: 'red', reason: '确诊' })
    expect((await state(p.personId)).status).toBe('red')
    const back = await propose(reviewer, p, 'green', '解除管控')
    expect(unwrap(await stack.call('whoAmI', {}, p.token)).healthStatus).toBe('red')
    expect(await decide(reviewer, back, true)).toMatchObject({ ok: false, code: 'PROPOSAL_OWN' })
    await approve(stack, official, back)
    expect(unwrap(await stack.call('whoAmI', {}, p.token)).healthStatus).toBe('green')
  })

  it('refuses the emergency path where the deployment has not turned it on, and changes nothing', async () => {
    const p = await holder('癸一')
    const before = await state(p.personId)
    expect(await stack.act('official', 'setStatus', { idCard: p.idCard, name: p.name, status: 'red', reason: '紧急', emergency: true }, official))
      .toMatchObject({ ok: false, code: 'EMERGENCY_PATH_DISABLED', message: expect.stringContaining('未开启紧急变更') })
    expect(await state(p.personId)).toEqual(before)
    expect(await actions(p.personId)).toEqual([])
  })
})

describe.each(testDatabases())('the emergency path turned on, on $label', ({ databaseUrl }) => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack({ databaseUrl, config: { statusEmergencyPath: true, statusProposalHours: 2 } }) })
  afterAll(async () => { await stack.close() })

  it('applies at once, marked 紧急 in the proposal, the history, the person\'s notice and the access log', async () => {
    const official = await stack.login('official')
    const idCard = makeIdCard('19660606')
    const token = await stack.verifiedAccount({ name: '紧急人', idCard, phone: '13912345679' })
    const res = unwrap(await stack.act('official', 'setStatus', { idCard, name: '紧急人', status: 'red', reason: '现场确诊', emergency: true }, official))
    expect(res.person.healthStatus).toBe('red')
    expect(res.proposal).toMatchObject({ state: 'approved', emergency: true, decidedBy: null, canDecide: false })
    expect(res.history).toEqual([expect.objectContaining({ newStatus: 'red', emergency: true, approvedBy: null, changedBy: `${JINAN} 赵*` })])
    const [notice] = unwrap(await stack.act('people', 'statusNotices', {}, token)).notices
    expect(notice).toMatchObject({ toStatus: 'red', emergency: true, approvedBy: null, proposedBy: '赵*' })
    const [log] = await stack.db.query<{ action: string }>('SELECT action FROM access_log WHERE person_id = $1', [res.person.personId])
    expect(log.action).toBe('set_status')
    // Without the flag the same deployment proposes as anywhere, for its configured hours.
    const normal = unwrap(await stack.act('official', 'setStatus', { idCard, name: '紧急人', status: 'green', reason: '复核阴性' }, official)).proposal!
    expect(normal).toMatchObject({ state: 'pending', emergency: false })
    expect(Date.parse(normal.expiresAt) - Date.parse(normal.proposedAt)).toBe(2 * 3600_000)
  })
})

describe('configuration of the two-person rule', () => {
  const env = () => ({
    CODE_SIGNING_KEYS: `k1:${randomBytes(32).toString('base64')}`, CODE_SIGNING_KID: 'k1', DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOOKUP_HASH_KEY: randomBytes(32).toString('base64'), PUBLIC_BASE_URL: 'https://csm.example.gov.cn', DATA_DIR: ':memory:'
  })
  it('waits 24 hours and keeps the emergency path off unless told otherwise; refuses anything but 1 or 0 and whole hours', () => {
    expect(loadConfig(env())).toMatchObject({ statusProposalHours: 24, statusEmergencyPath: false })
    expect(loadConfig({ ...env(), STATUS_PROPOSAL_HOURS: '8', STATUS_EMERGENCY_PATH: '1' })).toMatchObject({ statusProposalHours: 8, statusEmergencyPath: true })
    expect(loadConfig({ ...env(), STATUS_EMERGENCY_PATH: '0' }).statusEmergencyPath).toBe(false)
    expect(() => loadConfig({ ...env(), STATUS_EMERGENCY_PATH: 'yes' })).toThrow(ConfigError)
    expect(() => loadConfig({ ...env(), STATUS_PROPOSAL_HOURS: '0' })).toThrow(/STATUS_PROPOSAL_HOURS/)
    expect(() => loadConfig({ ...env(), STATUS_PROPOSAL_HOURS: '1.5' })).toThrow(/STATUS_PROPOSAL_HOURS/)
  })
})
