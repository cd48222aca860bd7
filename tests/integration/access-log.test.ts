import type { AccessRecordView } from '../../src/shared/api'
import { decrypt } from '../../server/crypto/personal-data'
import { appointOfficial } from '../../server/domain/officials'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, unwrap } from './fixtures'
import { changeStatus, importApproved } from '../support/two-officials'

const OFFICE = '济南市疫情防控指挥部'

/** 谁查看了我的信息: every official access to a person's data, read by that person (and the account listing them). */
describe.each(testDatabases())('the access log on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let official: string
  let reviewer: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    official = await stack.login('official')
    reviewer = await stack.login('official_reviewer')
  })
  afterAll(async () => { await stack.close() })

  const accessLog = async (token: string) => unwrap(await stack.act('people', 'accessLog', {}, token))
  const record = (nameMasked: string, action: AccessRecordView['action'], reason: string | null) =>
    ({ nameMasked, office: OFFICE, officialNameMasked: '赵*', action, reason, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), verified: true })

  it('shows the holder every look and change at their and their companions\' data, and nobody else', async () => {
    const holder = await stack.newAccount()
    const holderId = makeIdCard('19800101')
    const childId = makeIdCard('20160101')
    await stack.verify(holder, { name: '钱夫人', idCard: holderId, phone: '13912345600' })
    unwrap(await stack.act('people', 'addCompanion', { name: '钱小宝', idCard: childId, relation: 'child' }, holder))
    const stranger = await stack.newAccount()
    await stack.verify(stranger, { name: '路人甲', idCard: makeIdCard('19810101'), phone: '13912345601' })
    const before = await count(stack.db, 'access_log')

    unwrap(await stack.act('official', 'person', { idCard: holderId }, official))
    // Each change proposed by 赵六 and approved by 周九 (two-person rule): two records each.
    await changeStatus(stack, official, reviewer, { idCard: holderId, name: '钱夫人', status: 'yellow', reason: '同一航班密接' })
    await changeStatus(stack, official, reviewer, { idCard: childId, name: '钱小宝', status: 'yellow', reason: '同班同学确诊' })
    const file = `身份证号,姓名,健康码,原因\n${holderId},钱夫人,红码,核酸阳性\n${childId},钱小宝,绿码,解除隔离\n`
    expect(await importApproved(stack, official, reviewer, '批量.csv', file)).toMatchObject({ applied: true, rows: 2, changed: 2 })
    // Refused looks are no access: nothing is recorded for them.
    const qingdao = await stack.newAccount()
    await appointOfficial(stack.db, { userId: await stack.userIdOf(qingdao), regionCode: '3702', office: '青岛市疫情防控指挥部', appointedBy: 'command' })
    expect(await stack.act('official', 'person', { idCard: holderId }, qingdao)).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
    expect(await count(stack.db, 'access_log')).toBe(before + 9)

    const log = await accessLog(holder)
    expect(log.days).toBe(180)
    expect(log.records).toHaveLength(10)
    const approved = (nameMasked: string, action: AccessRecordView['action']) => ({ ...record(nameMasked, action, '复核无误'), officialNameMasked: '周*' })
    // The import's two records of each step share one moment; everything else is newest first.
    expect(log.records.slice(0, 2)).toEqual(expect.arrayContaining([approved('钱**', 'approve_status'), approved('钱**', 'approve_status')]))
    expect(log.records.slice(2, 4)).toEqual(expect.arrayContaining([record('钱**', 'propose_status', '核酸阳性'), record('钱**', 'propose_status', '解除隔离')]))
    expect(log.records.slice(4)).toEqual([
      approved('钱**', 'approve_status'),
      record('钱**', 'propose_status', '同班同学确诊'),
      approved('钱**', 'approve_status'),
      record('钱**', 'propose_status', '同一航班密接'),
      record('钱**', 'view_person', null),
      // Listing the child as a companion is itself a record, by the holder.
      { ...record('钱**', 'companion_link', null), office: '同行人员', officialNameMasked: '钱**' }
    ])
    const times = log.records.map((r) => Date.parse(r.at))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    expect(log.records.filter((r) => r.reason === '同班同学确诊')).toHaveLength(1)

    expect((await accessLog(stranger)).records).toEqual([])
    expect((await accessLog(qingdao)).records).toEqual([])

    // The child grows up and signs in: their own account shows their records, not their parent's.
    const child = await stack.newAccount()
    await stack.verify(child, { name: '钱小宝', idCard: childId, phone: '13912345602' })
    const own = await accessLog(child)
    expect(own.records.filter((r) => r.action === 'propose_status').map((r) => r.reason).sort()).toEqual(['同班同学确诊', '解除隔离'].sort())
    expect(own.records.filter((r) => r.action === 'approve_status')).toHaveLength(2)
    expect(own.records.filter((r) => r.action === 'companion_link')).toEqual([expect.objectContaining({ officialNameMasked: '钱**' })])

    // Reasons are personal data: encrypted at rest.
    const rows = await stack.db.query<{ reason_enc: string | null }>('SELECT reason_enc FROM access_log WHERE reason_enc IS NOT NULL')
    expect(rows.length).toBeGreaterThanOrEqual(4)
    for (const r of rows) expect(r.reason_enc).not.toMatch(/[\u4e00-\u9fff]/)
  })

  it('writes one record per person for every line of a file', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => makeIdCard(`199${i % 10}0${1 + (i % 9)}15`))
    const file = ['身份证号,姓名,健康码,原因', ...ids.map((id, i) => `${id},批量${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅'[i % 3]},黄码,第${i + 1}行原因`)].join('\n')
    const before = await count(stack.db, `access_log WHERE action = 'propose_status'`)
    expect(unwrap(await stack.act('official', 'importStatus', { fileName: 'a.csv', csv: file }, official)))
      .toMatchObject({ applied: true, rows: 30, changed: 30, proposal: { lineCount: 30, state: 'pending' } })
    expect(await count(stack.db, `access_log WHERE action = 'propose_status'`)).toBe(before + 30)
    // Each person's record carries their own line's reason.
    for (const [i, idCard] of ids.entries()) {
      const { person } = unwrap(await stack.act('official', 'person', { idCard }, official))
      const rows = await stack.db.query<{ reason_enc: string }>(`SELECT reason_enc FROM access_log WHERE person_id = $1 AND action = 'propose_status'`, [person.personId])
      expect(rows.map((r) => decrypt(stack.config.dataKeys, r.reason_enc))).toEqual([`第${i + 1}行原因`])
    }
  })
})
