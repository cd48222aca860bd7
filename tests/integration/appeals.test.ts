import { APPEAL_TEXT_MAX, type HealthStatus } from '../../src/shared/api'
import { decrypt } from '../../server/crypto/personal-data'
import { appointOfficial } from '../../server/domain/officials'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { approve, setStatusApproved } from '../support/two-officials'
import { count, makeIdCard, unwrap } from './fixtures'

/**
 * The person is told and can be heard (issue 20): every change of the holder's and companions'
 * status on the home page with the office, the masked officials and the reason; 申诉 once per
 * change; the region's officials answer from a queue, 维持 or 更正, and 更正 is only a proposal
 * another official approves.
 */

const JINAN = '济南市疫情防控指挥部'

/** A valid ID number of 济南市槐荫区 370105 (no other suite's people), different on every call. */
const idIn = (county = '370105') => makeIdCard('19800101', county)

describe.each(testDatabases())('status notices and 申诉 on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let official: string
  let reviewer: string
  let province: string
  let qingdao: string
  let district: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    official = await stack.login('official')
    reviewer = await stack.login('official_reviewer')
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

  /** A verified holder with a child companion, both of 济南. */
  async function family(name: string, child: string) {
    const idCard = idIn()
    const token = await stack.verifiedAccount({ name, idCard, phone: '13912345670' })
    const kid = unwrap(await stack.act('people', 'addCompanion', { name: child, idCard: makeIdCard('20160606'), relation: 'child' }, token)).companion
    return { token, idCard, name, kid: { personId: kid.personId, name: child } }
  }

  async function idCardOf(personId: string): Promise<string> {
    const res = await stack.db.query<{ id_card_enc: string }>('SELECT id_card_enc FROM persons WHERE id = $1', [personId])
    return decrypt(stack.config.dataKeys, res[0].id_card_enc)
  }

  const change = (p: { idCard: string; name: string }, status: HealthStatus, reason: string) =>
    setStatusApproved(stack, official, reviewer, { ...p, status, reason })
  const notices = async (token: string) => unwrap(await stack.act('people', 'statusNotices', {}, token)).notices
  const queue = async (token: string, state?: 'open' | 'answered') => unwrap(await stack.act('official', 'appeals', state ? { state } : {}, token)).appeals

  it('shows every change of the holder\'s and the companion\'s status to the holder, masked, newest first, within 30 days', async () => {
    const f = await family('钱一', '钱小一')
    const kidCard = await idCardOf(f.kid.personId)
    await change({ idCard: f.idCard, name: f.name }, 'yellow', '同一航班密接')
    await change({ idCard: kidCard, name: f.kid.name }, 'red', '班级确诊')
    const list = await notices(f.token)
    expect(list.map((n) => [n.nameMasked, n.relationLabel, n.fromStatus, n.toStatus, n.reason])).toEqual([
      ['钱**', '子女', null, 'red', '班级确诊'],
      ['钱*', '本人', null, 'yellow', '同一航班密接']
    ])
    expect(list[0]).toMatchObject({ office: JINAN, proposedBy: '赵*', approvedBy: '周*', emergency: false, appeal: null, canAppeal: true,
      personId: f.kid.personId, at: expect.stringMatching(/Z$/) })
    // Another account sees none of it; an account whose identity is not verified sees nothing at all.
    expect(await notices(await stack.verifiedAccount({ name: '路人', idCard: idIn(), phone: '13912345671' }))).toEqual([])
    expect(await notices(await stack.newAccount())).toEqual([])
    // Older than 30 days: no longer on the home page.
    await stack.db.query(`UPDATE status_changes SET changed_at = changed_at - interval '31 days' WHERE person_id = $1`, [f.kid.personId])
    expect((await notices(f.token)).map((n) => n.relationLabel)).toEqual(['本人'])
  })

  it('takes one 申诉 per change from the holder, with a short text, and puts it in the queue of the change\'s region and above', async () => {
    const f = await family('孙一', '孙小一')
    await change({ idCard: f.idCard, name: f.name }, 'red', '核酸阳性')
    const [n] = await notices(f.token)
    const appeal = (text: string, changeId = n.changeId, token = f.token) => stack.act('people', 'appeal', { changeId, text }, token)
    expect(await appeal('  ')).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { text: '请填写申诉内容' } })
    expect(await appeal('长'.repeat(APPEAL_TEXT_MAX + 1))).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { text: `申诉内容不能超过${APPEAL_TEXT_MAX}个字` } })
    expect(await appeal('我没有去过', '00000000-0000-4000-8000-000000000000')).toMatchObject({ ok: false, code: 'STATUS_CHANGE_NOT_FOUND' })
    // Someone else's change is not theirs to appeal.
    const stranger = await stack.verifiedAccount({ name: '李路人', idCard: idIn(), phone: '13912345672' })
    expect(await appeal('不是我', n.changeId, stranger)).toMatchObject({ ok: false, code: 'STATUS_CHANGE_NOT_FOUND' })
    expect(await count(stack.db, 'appeals')).toBe(0)

    const made = unwrap(await appeal(' 我已复检阴性，请核实 ')).notice
    expect(made).toMatchObject({ changeId: n.changeId, canAppeal: false, appeal: { state: 'open', text: '我已复检阴性，请核实', decision: null, answer: null } })
    expect(await appeal('再申诉一次')).toMatchObject({ ok: false, code: 'APPEAL_EXISTS' })
    const [row] = await stack.db.query<{ text_enc: string; region_code: string }>('SELECT text_enc, region_code FROM appeals WHERE change_id = $1', [n.changeId])
    expect(row.text_enc).not.toContain('复检')
    expect(row.region_code).toBe('3701')

    // The city and the province see it; a sibling city and a district below do not. Each look is audited.
    const logs = await count(stack.db, `access_log WHERE action = 'view_appeal'`)
    for (const token of [official, province]) {
      expect((await queue(token)).find((a) => a.changeId === n.changeId)).toMatchObject({
        personNameMasked: '孙*', fromStatus: null, toStatus: 'red', changeReason: '核酸阳性', office: JINAN, text: '我已复检阴性，请核实', state: 'open'
      })
    }
    for (const token of [qingdao, district]) expect((await queue(token)).map((a) => a.changeId)).not.toContain(n.changeId)
    expect(await count(stack.db, `access_log WHERE action = 'view_appeal'`)).toBeGreaterThanOrEqual(logs + 2)
    const seen = unwrap(await stack.act('people', 'accessLog', {}, f.token)).records
    expect(seen.some((r) => r.action === 'view_appeal')).toBe(true)
  })

  it('answers 维持 with a reason the person reads; once', async () => {
    const f = await family('周一', '周小一')
    await change({ idCard: f.idCard, name: f.name }, 'yellow', '时空伴随')
    const [n] = await notices(f.token)
    unwrap(await stack.act('people', 'appeal', { changeId: n.changeId, text: '当天我在外地' }, f.token))
    const appealId = (await queue(reviewer)).find((a) => a.changeId === n.changeId)!.appealId
    expect(await stack.act('official', 'answerAppeal', { appealId, decision: 'upheld', reason: '' }, reviewer))
      .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { reason: '请填写答复理由' } })
    expect(await stack.act('official', 'answerAppeal', { appealId, decision: 'upheld', reason: '不属于本辖区' }, qingdao))
      .toMatchObject({ ok: false, code: 'APPEAL_NOT_FOUND' })
    const answered = unwrap(await stack.act('official', 'answerAppeal', { appealId, decision: 'upheld', reason: '基站数据核实无误' }, reviewer)).appeal
    expect(answered).toMatchObject({ state: 'answered', decision: 'upheld', answer: '基站数据核实无误', answeredBy: `${JINAN} 周*`, correctionProposalId: null })
    expect(await stack.act('official', 'answerAppeal', { appealId, decision: 'corrected', reason: '改判' }, official)).toMatchObject({ ok: false, code: 'APPEAL_ANSWERED' })
    const [after] = await notices(f.token)
    expect(after.appeal).toMatchObject({ decision: 'upheld', answer: '基站数据核实无误', answeredBy: `${JINAN} 周*`, answeredAt: expect.any(String) })
    expect(after.canAppeal).toBe(false)
    expect(unwrap(await stack.call('whoAmI', {}, f.token)).healthStatus).toBe('yellow')
    expect((await queue(official, 'answered')).map((a) => a.appealId)).toContain(appealId)
    expect((await queue(official)).map((a) => a.appealId)).not.toContain(appealId)
  })

  it('answers 更正 with a proposal back to the earlier status that another official must approve; the person then sees the change', async () => {
    const f = await family('吴一', '吴小一')
    const kidCard = await idCardOf(f.kid.personId)
    await change({ idCard: kidCard, name: f.kid.name }, 'red', '同班同学确诊')
    const [n] = await notices(f.token)
    expect(n.relationLabel).toBe('子女')
    unwrap(await stack.act('people', 'appeal', { changeId: n.changeId, text: '孩子当天请假在家' }, f.token))
    const appealId = (await queue(official)).find((a) => a.changeId === n.changeId)!.appealId
    const statusBefore = await count(stack.db, `status_changes WHERE person_id = '${f.kid.personId}'`)

    const answered = unwrap(await stack.act('official', 'answerAppeal', { appealId, decision: 'corrected', reason: '考勤记录证实未到校' }, official)).appeal
    expect(answered).toMatchObject({ decision: 'corrected', correctionProposalId: expect.any(String) })
    // Only a proposal: one official's correction changes nothing either.
    expect(await count(stack.db, `status_changes WHERE person_id = '${f.kid.personId}'`)).toBe(statusBefore)
    const [h] = await stack.db.query<{ status: string }>('SELECT status FROM health_status WHERE person_id = $1', [f.kid.personId])
    expect(h.status).toBe('red')
    const proposal = unwrap(await stack.act('official', 'proposals', {}, reviewer)).proposals.find((p) => p.proposalId === answered.correctionProposalId)!
    expect(proposal).toMatchObject({ source: 'appeal', state: 'pending', reason: '考勤记录证实未到校', canDecide: true,
      lines: [{ personId: f.kid.personId, fromStatus: 'red', toStatus: 'green' }] })
    expect(await stack.act('official', 'decideProposal', { proposalId: proposal.proposalId, approve: true, reason: '同意更正' }, official))
      .toMatchObject({ ok: false, code: 'PROPOSAL_OWN' })
    const [still] = await notices(f.token)
    expect(still.appeal).toMatchObject({ decision: 'corrected', correctionProposalId: proposal.proposalId })

    await approve(stack, reviewer, proposal, '同意更正')
    const [back, original] = await notices(f.token)
    expect(back).toMatchObject({ relationLabel: '子女', fromStatus: 'red', toStatus: 'green', reason: '考勤记录证实未到校', proposedBy: '赵*', approvedBy: '周*', canAppeal: true })
    expect(original.changeId).toBe(n.changeId)
    const history = unwrap(await stack.act('official', 'person', { idCard: kidCard }, official)).history
    expect(history[0]).toMatchObject({ source: 'appeal', newStatus: 'green', approvedBy: `${JINAN} 周*` })
    const log = await stack.db.query<{ action: string }>('SELECT action FROM access_log WHERE person_id = $1 ORDER BY accessed_at', [f.kid.personId])
    expect(log.map((r) => r.action)).toEqual(expect.arrayContaining(['answer_appeal', 'propose_status', 'approve_status']))
  })
})
