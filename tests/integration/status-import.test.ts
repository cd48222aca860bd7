import type { StatusImportResult } from '../../src/shared/api'
import { idCardCheckChar } from '../../src/shared/validators'
import { appointOfficial } from '../../server/domain/officials'
import { startGateway } from '../support/gateway'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { unwrap } from './fixtures'
import { approve, setStatusApproved } from '../support/two-officials'

const HEADER = '身份证号,姓名,健康码,原因'
const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜'
const GIVEN = '一二三四五六七八九十明华强伟芳娜敏静丽军'

/**
 * Distinct valid ID numbers registered in `county`, one per call (birth day and sequence from a
 * counter); 370103 (济南市市中区) is used by no other fixture, so no other test's people collide.
 */
let serial = 0
function nextId(county = '370103'): string {
  const n = serial++
  const birth = new Date(Date.UTC(1960, 0, 1) + (n % 18000) * 86400_000).toISOString().slice(0, 10).replace(/-/g, '')
  const body = `${county}${birth}${String(100 + Math.floor(n / 18000)).padStart(3, '0')}`
  return body + idCardCheckChar(body)
}
const nameOf = (i: number) => SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + GIVEN[i % GIVEN.length]

interface Line { idCard: string; name: string; status: string; reason: string }
const csvOf = (lines: Line[], nl = '\r\n', bom = '\ufeff') =>
  bom + [HEADER, ...lines.map((l) => [l.idCard, l.name, l.status, l.reason].join(','))].join(nl) + nl

const TABLES = ['persons', 'health_status', 'status_changes', 'access_log']

/** Row count and an md5 of every row of the tables an import writes: "nothing changed" is exact. */
async function fingerprint(stack: TestStack): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const t of TABLES) {
    const [{ n, h }] = await stack.db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`)
    out[t] = `${n}:${h}`
  }
  return out
}

describe.each(testDatabases())('status files on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let official: string
  let officialId: string
  let reviewer: string
  let reviewerId: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    official = await stack.login('official')
    officialId = await stack.userIdOf(official)
    reviewer = await stack.login('official_reviewer')
    reviewerId = await stack.userIdOf(reviewer)
  })
  afterAll(async () => { await stack.close() })

  const importCsv = async (csv: string, token = official): Promise<StatusImportResult> =>
    unwrap(await stack.act('official', 'importStatus', { fileName: '健康码状态.csv', csv }, token))

  async function countWhere(sql: string, params: unknown[] = []): Promise<number> {
    const [{ n }] = await stack.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)
    return n
  }

  async function statusOf(idCard: string): Promise<string | null> {
    const res = await stack.act('official', 'person', { idCard }, official)
    return res.ok ? res.data.person.healthStatus : null
  }

  /** A person someone registered (an account's 实名信息), so the file also meets people who exist. */
  async function registered(name: string, idCard = nextId()): Promise<{ token: string; idCard: string; name: string }> {
    const token = await stack.newAccount()
    await stack.verify(token, { name, idCard, phone: '13912340000' })
    return { token, idCard, name }
  }

  it('proposes a good file of 5,000 lines (BOM, CRLF, quoted cells) in one go, applied when a second official approves, with history, audit and the count of real changes', async () => {
    const known = await registered('欧阳娜娜')
    const alreadyRed = await registered('司马光')
    await setStatusApproved(stack, official, reviewer, { idCard: alreadyRed.idCard, name: alreadyRed.name, status: 'red', reason: '确诊病例' })
    const lines: Line[] = Array.from({ length: 4998 }, (_, i) => ({
      idCard: nextId(), name: nameOf(i), status: ['绿码', '黄码', '红码', '黄', '红', '绿'][i % 6], reason: i % 7 ? '密接人员' : '"次密接, 居家观察"'
    }))
    lines.splice(1234, 0, { idCard: known.idCard, name: known.name, status: '黄码', reason: '同一航班' })
    lines.push({ idCard: alreadyRed.idCard.toLowerCase(), name: alreadyRed.name, status: '红码', reason: '复核仍为确诊' })
    const before = { persons: await countWhere('persons'), changes: await countWhere('status_changes'), log: await countWhere('access_log') }

    const result = await importCsv(csvOf(lines))
    // Nobody flagged counts as green, so a 绿码 line for a new person is no change; red to red is none either.
    const expectChanged = lines.filter((l) => !l.status.startsWith('绿') && l.reason !== '复核仍为确诊').length
    expect(result).toEqual({
      applied: true, rows: 5000, changed: expectChanged,
      proposal: expect.objectContaining({ kind: 'status', state: 'pending', source: 'import', reason: '健康码状态.csv', lineCount: expectChanged, mine: true })
    })
    if (!result.applied || !result.proposal) throw new Error('no proposal')
    expect(result.proposal.lines).toHaveLength(50)
    expect(await countWhere('persons')).toBe(before.persons + 4998)
    // One official alone: proposed, audited, nothing changed yet.
    expect(await countWhere('status_changes')).toBe(before.changes)
    expect(await countWhere(`access_log WHERE action = 'propose_status'`)).toBeGreaterThanOrEqual(expectChanged)
    expect(await countWhere('access_log')).toBe(before.log + expectChanged)
    expect(unwrap(await stack.call('whoAmI', {}, known.token)).healthStatus).toBe('green')

    await approve(stack, reviewer, result.proposal, '名单已核对')
    expect(await countWhere(`status_changes WHERE source = 'import' AND changed_by = $1 AND approved_by = $2`, [officialId, reviewerId])).toBe(expectChanged)
    expect(await countWhere('status_changes')).toBe(before.changes + expectChanged)
    expect(await countWhere(`access_log WHERE action = 'approve_status' AND official_id = $1`, [reviewerId])).toBeGreaterThanOrEqual(expectChanged)
    expect(await countWhere('access_log')).toBe(before.log + 2 * expectChanged)
    expect(await countWhere('access_log WHERE reason_enc IS NOT NULL AND reason_mac IS NULL')).toBe(0)

    expect(await statusOf(lines[0].idCard)).toBe('green')
    expect(await statusOf(lines[4].idCard)).toBe('red')
    const view = unwrap(await stack.act('official', 'person', { idCard: known.idCard }, official))
    expect(view.person).toMatchObject({ name: '欧阳娜娜', healthStatus: 'yellow' })
    expect(view.history[0]).toMatchObject({ oldStatus: null, newStatus: 'yellow', reason: '同一航班', source: 'import', changedBy: '济南市疫情防控指挥部 赵*',
      approvedBy: '济南市疫情防控指挥部 周*', emergency: false })
    const quoted = unwrap(await stack.act('official', 'person', { idCard: lines[7].idCard }, official))
    expect(quoted.history[0].reason).toBe('次密接, 居家观察')
    expect(quoted.person.name).toBe(nameOf(7))
    // The holder sees it on their own screen.
    expect(unwrap(await stack.call('whoAmI', {}, known.token)).healthStatus).toBe('yellow')

    // The same file again: nothing would change, so nothing is proposed.
    const again = await importCsv(csvOf(lines))
    expect(again).toEqual({ applied: true, rows: 5000, changed: 0, proposal: null })
    expect(await countWhere('status_changes')).toBe(before.changes + expectChanged)
  }, 120_000)

  it('refuses a bad file whole, reporting each kind of problem with its line and column', async () => {
    const other = await registered('上官婉儿')
    const qingdao = await stack.newAccount()
    await appointOfficial(stack.db, { userId: await stack.userIdOf(qingdao), regionCode: '3702', office: '青岛市疫情防控指挥部', appointedBy: 'command' })
    const qingdaoPerson = nextId('370202')
    const province = await stack.newAccount()
    await appointOfficial(stack.db, { userId: await stack.userIdOf(province), regionCode: '37', office: '山东省疫情防控指挥部', appointedBy: 'command' })
    await setStatusApproved(stack, qingdao, province, { idCard: qingdaoPerson, name: '崂山人', status: 'yellow', reason: '青岛密接' })
    const good = nextId()
    const dup = nextId()
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    const csv = [
      HEADER,
      `${good},孔乙己,黄码,密接`,
      `${badCheck},孔乙己,黄码,密接`,
      `${nextId()},孔乙己2,黄码,密接`,
      `${nextId()},孔乙己,紫码,密接`,
      `${nextId()},孔乙己,黄码,密`,
      `${dup},阿Q,黄码,密接`,
      `${dup},阿Q,红码,确诊`,
      `${other.idCard},上官婉,黄码,密接`,
      `${nextId('370202')},外地人,黄码,密接`,
      `${qingdaoPerson},崂山人,红码,确诊`,
      `${nextId()},孔乙己,黄码,密接,多一列`
    ].join('\n')
    const before = await fingerprint(stack)
    const result = await importCsv(csv)
    expect(result).toEqual({
      applied: false,
      rows: 11,
      problems: [
        { line: 3, field: '身份证号', problem: '身份证号码校验位不正确，请核对' },
        { line: 4, field: '姓名', problem: '姓名只能包含汉字、字母或“·”' },
        { line: 5, field: '健康码', problem: '健康码应填写绿码、黄码或红码' },
        { line: 6, field: '原因', problem: '变更原因至少2个字' },
        { line: 8, field: '身份证号', problem: '与第7行是同一人：每人在一个文件中只能出现一次' },
        { line: 9, field: '姓名', problem: '与该身份证号码已登记的姓名不一致' },
        { line: 10, field: '身份证号', problem: '此人尚未登记，且身份证号码所属地区不在您的辖区（山东省济南市）内' },
        { line: 11, field: '身份证号', problem: '此人不在您的辖区（山东省济南市）内，请交由其户籍地或到访地的疫情防控部门处理' },
        { line: 12, field: '文件', problem: '应有4列（身份证号,姓名,健康码,原因），这一行有5列；内容含英文逗号时请整格加英文双引号' }
      ]
    })
    expect(await fingerprint(stack)).toEqual(before)

    // The other city's official meets the same wall from the other side.
    const fromQingdao = await importCsv(`${HEADER}\n${qingdaoPerson},崂山人,红码,确诊\n${other.idCard},上官婉儿,红码,确诊\n`, qingdao)
    expect(fromQingdao).toEqual({ applied: false, rows: 2, problems: [{ line: 3, field: '身份证号', problem: expect.stringContaining('不在您的辖区（山东省青岛市）内') }] })
    expect(await fingerprint(stack)).toEqual(before)
  })

  it('changes nothing for a file of 5,000 lines with one bad line, and says which', async () => {
    const lines: Line[] = Array.from({ length: 5000 }, (_, i) => ({ idCard: nextId(), name: nameOf(i), status: '黄码', reason: '密接人员' }))
    lines[2998].reason = ' '
    const before = await fingerprint(stack)
    expect(await importCsv(csvOf(lines, '\n', ''))).toEqual({ applied: false, rows: 5000, problems: [{ line: 3000, field: '原因', problem: '请填写变更原因' }] })
    expect(await fingerprint(stack)).toEqual(before)
  }, 60_000)

  it('refuses an empty file, a header alone, a wrong header and broken quoting as problems of the file', async () => {
    const before = await fingerprint(stack)
    expect(await importCsv('')).toEqual({ applied: false, rows: 0, problems: [{ line: 1, field: '文件', problem: expect.stringContaining('文件为空') }] })
    expect(await importCsv('\ufeff身份证号,姓名,健康码,原因\r\n')).toEqual({ applied: false, rows: 0, problems: [{ line: 2, field: '文件', problem: '文件中只有表头，没有数据行' }] })
    expect(await importCsv(`身份证号,姓名,状态,原因\n${nextId()},孔乙己,黄码,密接\n`)).toMatchObject({ applied: false, rows: 1, problems: [{ line: 1, field: '文件' }] })
    expect(await importCsv(`${HEADER}\n${nextId()},孔乙己,黄码,"密接\n`)).toMatchObject({ applied: false, problems: [{ line: 2, field: '文件', problem: expect.stringContaining('引号不成对') }] })
    expect(await fingerprint(stack)).toEqual(before)
  })

  it('runs two imports of the same people at once without deadlock: one proposal holds them, the other file waits its turn, no history lost', async () => {
    const existing = await Promise.all(Array.from({ length: 20 }, (_, i) => registered(nameOf(i + 100))))
    const people = [
      ...existing.map((p) => ({ idCard: p.idCard, name: p.name })),
      ...Array.from({ length: 180 }, (_, i) => ({ idCard: nextId(), name: nameOf(i + 200) }))
    ]
    const fileA = csvOf(people.map((p) => ({ ...p, status: '黄码', reason: '第一批' })))
    // The other file lists them in the opposite order: lock order must not follow the file's.
    const fileB = csvOf([...people].reverse().map((p) => ({ ...p, status: '红码', reason: '第二批' })))
    const answers = await Promise.all([fileA, fileB].map((csv) => stack.act('official', 'importStatus', { fileName: '健康码状态.csv', csv }, official)))
    const proposed = answers.flatMap((r) => (r.ok && r.data.applied ? [r.data] : []))
    expect(proposed).toHaveLength(1)
    expect(proposed[0]).toMatchObject({ rows: 200, changed: 200, proposal: { state: 'pending', lineCount: 200 } })
    const loser = answers.findIndex((r) => !(r.ok && r.data.applied))
    const refused = answers[loser]
    // Refused whole: every line's person already has a change waiting (or the race settled by the index).
    if (refused.ok) {
      expect(refused.data).toMatchObject({ applied: false, rows: 200 })
      if (!refused.data.applied) for (const p of refused.data.problems) expect(p).toMatchObject({ field: '身份证号', problem: expect.stringContaining('待复核') })
    } else {
      expect(refused).toMatchObject({ code: 'PROPOSAL_PENDING' })
    }
    await approve(stack, reviewer, proposed[0].applied ? proposed[0].proposal : null)
    const second = await importCsv(loser === 0 ? fileA : fileB)
    await approve(stack, reviewer, second.applied ? second.proposal : null)
    for (const p of people) {
      const { person, history } = unwrap(await stack.act('official', 'person', { idCard: p.idCard }, official))
      expect(history.map((h) => h.oldStatus)).toEqual([history[1].newStatus, null])
      expect(person.healthStatus).toBe(history[0].newStatus)
      expect(new Set(history.map((h) => h.reason))).toEqual(new Set(['第一批', '第二批']))
    }
  }, 60_000)

  it('takes a file of about 6 MB, and the time it needs, through the HTTP gateway for official only; other functions keep the 64 KiB limit', async () => {
    // A short general time limit: the file gets through only because official's requests may take longer.
    const gateway = await startGateway(stack, { timeoutMs: 1000 })
    const post = async (name: string, body: string) => {
      const res = await fetch(`${gateway.base}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${official}` }, body })
      return { status: res.status, json: await res.json() as any }
    }
    try {
      const reason = '居家健康监测：' + '每日两次体温报告，'.repeat(19)
      const lines: Line[] = Array.from({ length: 11_000 }, (_, i) => ({ idCard: nextId(), name: nameOf(i), status: '黄码', reason }))
      const body = JSON.stringify({ action: 'importStatus', fileName: '大文件.csv', csv: csvOf(lines) })
      expect(Buffer.byteLength(body)).toBeGreaterThan(6 * 1000 * 1000)
      const big = await post('official', body)
      expect(big).toMatchObject({ status: 200, json: { ok: true, data: { applied: true, rows: 11_000, changed: 11_000, proposal: { lineCount: 11_000 } } } })

      const tooBig = await post('people', JSON.stringify({ action: 'accessLog', pad: 'x'.repeat(70 * 1024) }))
      expect(tooBig).toMatchObject({ status: 413, json: { ok: false, code: 'PAYLOAD_TOO_LARGE' } })
      const over = await post('official', JSON.stringify({ action: 'importStatus', fileName: 'x.csv', csv: 'x'.repeat(8 * 1024 * 1024 + 65 * 1024) }))
      expect(over).toMatchObject({ status: 413, json: { ok: false, code: 'PAYLOAD_TOO_LARGE' } })
    } finally {
      await gateway.close()
    }
  }, 180_000)
})
