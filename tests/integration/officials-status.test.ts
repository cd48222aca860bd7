import { execFile } from 'child_process'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join, resolve } from 'path'
import { promisify } from 'util'
import { idCardCheckChar } from '../../src/shared/validators'
import { loadConfig } from '../../server/config'
import { decrypt } from '../../server/crypto/personal-data'
import { migrate, openDb } from '../../server/db'
import { seedDemoAccounts } from '../../server/domain/demo'
import { appointOfficial, revokeOfficial } from '../../server/domain/officials'
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore: plain ESM helper shared with the local stack
import { ensureKeys, keyEnv } from '../../scripts/local-keys.mjs'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, solo, unwrap, venueInput } from './fixtures'
import { approve, setStatusApproved } from '../support/two-officials'

const JINAN_OFFICE = '济南市疫情防控指挥部'
const ZHANG_SAN = { name: '张三', idCard: '370102199001011231' }
const ZHANG_SAN_PHONE = '13800000001'

/** A valid ID number registered in `county`, born on `birth`, different on every call. */
let seq = 0
function idIn(county: string, birth = '19880808', checkChar?: string): string {
  for (;;) {
    const body = `${county}${birth}${String(300 + (seq++ % 700)).padStart(3, '0')}`
    const id = body + idCardCheckChar(body)
    if (!checkChar || id.endsWith(checkChar)) return id
  }
}

describe.each(testDatabases())('health officials on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let official: string
  let reviewer: string
  let qingdao: string
  let province: string
  let citizen: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    official = await stack.login('official')
    reviewer = await stack.login('official_reviewer')
    citizen = await stack.login('citizen')
    qingdao = await stack.newAccount()
    await appointOfficial(stack.db, { userId: await stack.userIdOf(qingdao), regionCode: '3702', office: '青岛市疫情防控指挥部', appointedBy: 'command' })
    // The region above both cities approves what either proposes (two-person rule).
    province = await stack.newAccount()
    await appointOfficial(stack.db, { userId: await stack.userIdOf(province), regionCode: '37', office: '山东省疫情防控指挥部', appointedBy: 'command' })
  })
  afterAll(async () => { await stack.close() })

  const setStatus = (token: string, input: { idCard: string; name: string; status: 'green' | 'yellow' | 'red'; reason: string }) =>
    stack.act('official', 'setStatus', input, token)
  /** A change in force: proposed by `token`, approved by 周九 (济南) or the province (elsewhere). */
  const changeStatus = (token: string, input: { idCard: string; name: string; status: 'green' | 'yellow' | 'red'; reason: string }) =>
    setStatusApproved(stack, token, token === official ? reviewer : province, input)

  describe('appointments', () => {
    it('seeds the demo official for the demo venue\'s city; the role follows the appointment, never a stored copy', async () => {
      const me = unwrap(await stack.call('whoAmI', {}, official))
      expect(me.roles).toContain('official')
      const [row] = await stack.db.query<{ region_code: string; office: string; appointed_by: string; roles: string[] }>(
        `SELECT o.region_code, o.office, o.appointed_by, u.roles FROM officials o JOIN users u ON u.id = o.user_id WHERE u.demo_account = 'official'`)
      expect(row).toEqual({ region_code: '3701', office: JINAN_OFFICE, appointed_by: 'demo', roles: ['citizen'] })
      expect(unwrap(await stack.act('official', 'scope', {}, official)).scope).toEqual({ regionCode: '3701', regionName: '山东省济南市', office: JINAN_OFFICE })

      const someone = await stack.newAccount()
      const userId = await stack.userIdOf(someone)
      expect(unwrap(await stack.call('whoAmI', {}, someone)).roles).not.toContain('official')
      await appointOfficial(stack.db, { userId, regionCode: '370102', office: '历下区疾控中心', appointedBy: 'command' })
      expect(unwrap(await stack.call('whoAmI', {}, someone)).roles).toContain('official')
      expect(unwrap(await stack.act('official', 'scope', {}, someone)).scope.regionName).toBe('山东省济南市历下区')
      expect(await revokeOfficial(stack.db, userId)).toBe(true)
      expect(unwrap(await stack.call('whoAmI', {}, someone)).roles).not.toContain('official')
      expect(await stack.act('official', 'scope', {}, someone)).toMatchObject({ ok: false, code: 'NOT_OFFICIAL' })
      expect(await revokeOfficial(stack.db, userId)).toBe(false)
    })

    it('refuses unknown regions and bad office names in Chinese, and a new seed keeps a changed appointment', async () => {
      const userId = await stack.userIdOf(await stack.newAccount())
      await expect(appointOfficial(stack.db, { userId, regionCode: '9999', office: '某某指挥部', appointedBy: 'command' }))
        .rejects.toMatchObject({ code: 'INVALID_INPUT', fields: { regionCode: '没有代码为 9999 的行政区划' } })
      await expect(appointOfficial(stack.db, { userId, regionCode: '37010', office: '某', appointedBy: 'command' }))
        .rejects.toMatchObject({ fields: { regionCode: expect.stringContaining('2、4、6或9位'), office: '机构名称至少2个字' } })
      expect(await count(stack.db, 'officials')).toBe(4)

      const demoId = await stack.userIdOf(official)
      await appointOfficial(stack.db, { userId: demoId, regionCode: '370102', office: '历下区疾控中心', appointedBy: 'command' })
      await seedDemoAccounts({ db: stack.db, config: stack.config })
      const [row] = await stack.db.query<{ region_code: string }>('SELECT region_code FROM officials WHERE user_id = $1', [demoId])
      expect(row.region_code).toBe('370102')
      await appointOfficial(stack.db, { userId: demoId, regionCode: '3701', office: JINAN_OFFICE, appointedBy: 'demo' })
    })
  })

  it('answers NOT_OFFICIAL to a citizen for every official action, before looking at the input', async () => {
    const before = await count(stack.db, 'access_log')
    const attempts = [
      stack.act('official', 'scope', {}, citizen),
      stack.act('official', 'person', { idCard: ZHANG_SAN.idCard }, citizen),
      stack.act('official', 'person', { idCard: 'abc' }, citizen),
      setStatus(citizen, { ...ZHANG_SAN, status: 'red', reason: '自己改自己' }),
      setStatus(citizen, { idCard: 'abc', name: '1', status: 'red', reason: '' }),
      stack.act('official', 'importStatus', { fileName: 'a.csv', csv: `身份证号,姓名,健康码,原因\n${ZHANG_SAN.idCard},张三,红码,试试\n` }, citizen),
      stack.act('official', 'importStatus', { fileName: 'a.csv', csv: '' }, citizen)
    ]
    for (const res of await Promise.all(attempts)) expect(res).toMatchObject({ ok: false, code: 'NOT_OFFICIAL', message: '只有疫情防控部门的工作人员可以进行此操作' })
    expect(unwrap(await stack.call('whoAmI', {}, citizen)).healthStatus).toBe('green')
    expect(await count(stack.db, 'access_log')).toBe(before)
  })

  it('counts the open alerts of the official\'s region only', async () => {
    const admin = await stack.login('venue_admin')
    const [{ id: jinanVenue }] = await stack.db.query<{ id: string }>(`SELECT id FROM venues WHERE name = '泉城广场'`)
    const qingdaoVenue = unwrap(await stack.act('generateCode', 'apply', venueInput({ townCode: '370202001', name: '栈桥', type: 'scenic' }), admin)).venue.id
    const open = async (token: string) => unwrap(await stack.act('official', 'scope', {}, token)).openAlerts
    const before = { jinan: await open(official), qingdao: await open(qingdao) }
    const alert = (venueId: string, closed: boolean) => stack.db.query(
      `INSERT INTO alerts (kind, venue_id, health_status, closed_at) VALUES ('status', $1, 'yellow', ${closed ? 'now()' : 'NULL'})`, [venueId])
    await alert(jinanVenue, false)
    await alert(jinanVenue, false)
    await alert(jinanVenue, true)
    await alert(qingdaoVenue, false)
    expect(await open(official)).toBe(before.jinan + 2)
    expect(await open(qingdao)).toBe(before.qingdao + 1)
  })

  describe('one person by ID number', () => {
    it('shows a person of the region in full, with history, and writes the look to their access log', async () => {
      const before = await count(stack.db, `access_log WHERE action = 'view_person'`)
      const res = unwrap(await stack.act('official', 'person', { idCard: ` ${ZHANG_SAN.idCard} ` }, official))
      expect(res.person).toMatchObject({ name: '张三', idCard: ZHANG_SAN.idCard, phone: ZHANG_SAN_PHONE, healthStatus: 'green' })
      expect(Array.isArray(res.history)).toBe(true)
      expect(await count(stack.db, `access_log WHERE action = 'view_person'`)).toBe(before + 1)
      const [log] = await stack.db.query<{ person_id: string; office: string }>(
        `SELECT person_id, office FROM access_log WHERE action = 'view_person' ORDER BY accessed_at DESC LIMIT 1`)
      expect(log).toEqual({ person_id: res.person.personId, office: JINAN_OFFICE })
    })

    it('refuses an invalid ID number with the form\'s message, and an unknown one as not found, writing nothing', async () => {
      const before = await count(stack.db, 'access_log')
      expect(await stack.act('official', 'person', { idCard: '370102199001011232' }, official))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { idCard: '身份证号码校验位不正确，请核对' } })
      expect(await stack.act('official', 'person', { idCard: '' }, official)).toMatchObject({ ok: false, fields: { idCard: '请填写身份证号码' } })
      expect(await stack.act('official', 'person', { idCard: idIn('370102') }, official)).toMatchObject({ ok: false, code: 'PERSON_NOT_FOUND' })
      expect(await count(stack.db, 'access_log')).toBe(before)
    })

    it('finds an ID number ending in X typed with a lower-case x', async () => {
      const idCard = idIn('370102', '19790505', 'X')
      await changeStatus(official, { idCard: idCard.toLowerCase(), name: '林则徐', status: 'yellow', reason: '次密接' })
      const res = unwrap(await stack.act('official', 'person', { idCard: idCard.toLowerCase() }, official))
      expect(res.person).toMatchObject({ idCard, name: '林则徐', healthStatus: 'yellow', phone: null })
    })
  })

  describe('setting a status', () => {
    it('registers someone new of the region, keeps every change as history with who and why, encrypted at rest', async () => {
      const idCard = idIn('370102')
      const persons = await count(stack.db, 'persons')
      const first = await changeStatus(official, { idCard, name: ' 黄 飞鸿 '.trim(), status: 'yellow', reason: '  同一航班密接  ' })
      expect(await count(stack.db, 'persons')).toBe(persons + 1)
      expect(first.person).toMatchObject({ idCard, name: '黄 飞鸿', healthStatus: 'yellow', statusUpdatedAt: expect.any(String) })
      expect(first.history).toEqual([{
        oldStatus: null, newStatus: 'yellow', reason: '同一航班密接', changedBy: `${JINAN_OFFICE} 赵*`, approvedBy: `${JINAN_OFFICE} 周*`,
        emergency: false, source: 'manual', changedAt: expect.any(String)
      }])
      const second = await changeStatus(official, { idCard, name: '黄 飞鸿', status: 'red', reason: '核酸阳性' })
      expect(second.history.map((h) => [h.oldStatus, h.newStatus, h.reason])).toEqual([['yellow', 'red', '核酸阳性'], [null, 'yellow', '同一航班密接']])
      expect(Date.parse(second.history[0].changedAt)).toBeGreaterThanOrEqual(Date.parse(second.history[1].changedAt))

      const [row] = await stack.db.query<{ id_region: string; reason_enc: string }>(
        `SELECT p.id_region, c.reason_enc FROM persons p JOIN status_changes c ON c.person_id = p.id WHERE p.id = $1 ORDER BY c.changed_at DESC LIMIT 1`,
        [first.person.personId])
      expect(row.id_region).toBe('370102')
      expect(row.reason_enc).not.toContain('核酸')
      expect(decrypt(stack.config.dataKeys, row.reason_enc)).toBe('核酸阳性')
      expect(await count(stack.db, `access_log WHERE action = 'propose_status' AND person_id = '${first.person.personId}'`)).toBe(2)
      expect(await count(stack.db, `access_log WHERE action = 'approve_status' AND person_id = '${first.person.personId}'`)).toBe(2)
      expect(await count(stack.db, `access_log WHERE action = 'set_status' AND person_id = '${first.person.personId}'`)).toBe(0)
    })

    it('changes what the person\'s own account shows', async () => {
      const token = await stack.newAccount()
      const idCard = makeIdCard('19920202')
      await stack.verify(token, { name: '霍元甲', idCard, phone: '13912345670' })
      const proposed = unwrap(await setStatus(official, { idCard, name: '霍元甲', status: 'red', reason: '确诊病例' }))
      expect(unwrap(await stack.call('whoAmI', {}, token)).healthStatus).toBe('green')
      await approve(stack, reviewer, proposed.proposal)
      expect(unwrap(await stack.call('whoAmI', {}, token)).healthStatus).toBe('red')
    })

    it('refuses bad fields all at once, a name that differs from the record, and changes nothing', async () => {
      const before = { changes: await count(stack.db, 'status_changes'), log: await count(stack.db, 'access_log'), persons: await count(stack.db, 'persons') }
      expect(await setStatus(official, { idCard: '12345', name: '张3', status: 'red', reason: ' ' })).toMatchObject({
        ok: false, code: 'INVALID_INPUT',
        fields: { idCard: '身份证号码应为18位（最后一位可以是X）', name: '姓名只能包含汉字、字母或“·”', reason: '请填写变更原因' }
      })
      expect(await setStatus(official, { ...ZHANG_SAN, status: 'red', reason: '长'.repeat(201) })).toMatchObject({ ok: false, fields: { reason: '原因不能超过200个字' } })
      expect(await setStatus(official, { ...ZHANG_SAN, status: 'red', reason: '一' })).toMatchObject({ ok: false, fields: { reason: '变更原因至少2个字' } })
      expect(await setStatus(official, { ...ZHANG_SAN, status: 'purple' as 'red', reason: '原因' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { status: expect.any(String) } })
      expect(await setStatus(official, { idCard: ZHANG_SAN.idCard, name: '张四', status: 'red', reason: '确诊病例' }))
        .toMatchObject({ ok: false, code: 'PERSON_NAME_MISMATCH', fields: { name: '与该身份证号码已登记的姓名不一致' } })
      expect({ changes: await count(stack.db, 'status_changes'), log: await count(stack.db, 'access_log'), persons: await count(stack.db, 'persons') }).toEqual(before)
      expect(unwrap(await stack.call('whoAmI', {}, citizen)).healthStatus).toBe('green')
    })

    it('keeps one pending change per person: of concurrent proposals one waits for review, the others are PROPOSAL_PENDING', async () => {
      const idCard = idIn('370102')
      await changeStatus(official, { idCard, name: '方世玉', status: 'yellow', reason: '初始登记' })
      const statuses = ['red', 'green', 'red', 'green', 'red', 'green', 'red', 'green', 'red', 'green'] as const
      const results = await Promise.all(statuses.map((status, i) => setStatus(i % 2 ? official : reviewer, { idCard, name: '方世玉', status, reason: `第${i + 1}次变更` })))
      const proposed = results.filter((r) => r.ok)
      expect(proposed).toHaveLength(1)
      for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, code: 'PROPOSAL_PENDING', message: expect.stringContaining('待复核') })
      const pending = unwrap(proposed[0]).proposal!
      await approve(stack, pending.proposedBy.endsWith('赵*') ? reviewer : official, pending)
      // Approved changes chain: each records the status before it.
      await changeStatus(official, { idCard, name: '方世玉', status: 'yellow', reason: '再次变更' })
      const { person, history } = unwrap(await stack.act('official', 'person', { idCard }, official))
      expect(history).toHaveLength(3)
      const oldest = [...history].reverse()
      expect(oldest[0]).toMatchObject({ oldStatus: null, newStatus: 'yellow' })
      for (let i = 1; i < oldest.length; i++) expect(oldest[i].oldStatus).toBe(oldest[i - 1].newStatus)
      expect(person.healthStatus).toBe('yellow')
    })
  })

  describe('region scoping', () => {
    it('refuses an official of another city for every action on a person of this one, and writes nothing', async () => {
      const before = { changes: await count(stack.db, 'status_changes'), log: await count(stack.db, 'access_log'), persons: await count(stack.db, 'persons') }
      expect(await stack.act('official', 'person', { idCard: ZHANG_SAN.idCard }, qingdao)).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
      expect(await setStatus(qingdao, { ...ZHANG_SAN, status: 'red', reason: '跨市操作' })).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
      // Nobody may register a stranger of another region either.
      expect(await setStatus(qingdao, { idCard: idIn('370102'), name: '陌生人', status: 'red', reason: '跨市操作' })).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
      const file = await stack.act('official', 'importStatus', { fileName: 'a.csv', csv: `身份证号,姓名,健康码,原因\n${ZHANG_SAN.idCard},张三,红码,跨市操作\n` }, qingdao)
      expect(unwrap(file)).toEqual({ applied: false, rows: 1, problems: [{ line: 2, field: '身份证号', problem: expect.stringContaining('不在您的辖区（山东省青岛市）内') }] })
      expect({ changes: await count(stack.db, 'status_changes'), log: await count(stack.db, 'access_log'), persons: await count(stack.db, 'persons') }).toEqual(before)
      expect(unwrap(await stack.call('whoAmI', {}, citizen)).healthStatus).toBe('green')
    })

    it('lets each city act on its own registered people, and on visitors who entered one of its venues', async () => {
      const local = idIn('370202')
      await changeStatus(qingdao, { idCard: local, name: '崂山道士', status: 'yellow', reason: '青岛密接' })
      expect(await stack.act('official', 'person', { idCard: local }, official)).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })

      // A person of 济南 visits 青岛: now both cities may act.
      const visitor = await stack.newAccount()
      const idCard = makeIdCard('19850303')
      await stack.verify(visitor, { name: '鲁智深', idCard, phone: '13912345671' })
      expect(await stack.act('official', 'person', { idCard }, qingdao)).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
      const admin = await stack.login('venue_admin')
      const venue = unwrap(await stack.act('generateCode', 'apply', venueInput({ townCode: '370202002', name: '青岛啤酒博物馆', type: 'culture' }), admin))
      solo(await stack.call('checkIn', { code: venue.code.url }, visitor))
      expect(unwrap(await stack.act('official', 'person', { idCard }, qingdao)).person.name).toBe('鲁智深')
      await changeStatus(qingdao, { idCard, name: '鲁智深', status: 'yellow', reason: '到访风险场所' })
      expect(unwrap(await stack.act('official', 'person', { idCard }, official)).person.healthStatus).toBe('yellow')
    })

    it('lets a township official reach only people with an entry in the township', async () => {
      const town = await stack.newAccount()
      await appointOfficial(stack.db, { userId: await stack.userIdOf(town), regionCode: '370102004', office: '泉城路街道办事处', appointedBy: 'command' })
      expect(await setStatus(town, { idCard: idIn('370102'), name: '陌生人', status: 'yellow', reason: '街道排查' })).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
      const guest = await stack.newAccount()
      const idCard = makeIdCard('19700707')
      await stack.verify(guest, { name: '武松', idCard, phone: '13912345672' })
      expect(await stack.act('official', 'person', { idCard }, town)).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
      const admin = await stack.login('venue_admin')
      const venue = unwrap(await stack.act('generateCode', 'apply', venueInput({ townCode: '370102004', name: '芙蓉街小吃' }), admin))
      solo(await stack.call('checkIn', { code: venue.code.url }, guest))
      expect(unwrap(await stack.act('official', 'person', { idCard }, town)).person.name).toBe('武松')
    })
  })
})

/** `npm run official`: the admin command on a local stack's key file and PGlite directory. */
test('the admin command appoints, lists and refuses unknown regions in Chinese with exit code 1', async () => {
  const root = resolve(__dirname, '../..')
  const dir = mkdtempSync(join(tmpdir(), 'csm-official-'))
  const run = promisify(execFile)
  const env = { ...process.env, KEYS_FILE: join(dir, 'keys.json'), DATA_DIR: join(dir, 'pglite'), DATA_ENCRYPTION_KEY: '' }
  const command = (...args: string[]) => run(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'server/tools/officials.ts', ...args, '--local'],
    { cwd: root, env, timeout: 120_000 })
  try {
    const config = loadConfig({ ...keyEnv(ensureKeys(env.KEYS_FILE)), LOCAL_STACK: '1', DATA_DIR: env.DATA_DIR, PUBLIC_BASE_URL: 'http://127.0.0.1:8080' })
    const db = await openDb(config)
    await migrate(db)
    await seedDemoAccounts({ db, config })
    await db.close()

    await expect(command('appoint', '--demo', 'citizen', '--region', '9999', '--office', '某某指挥部'))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('没有代码为 9999 的行政区划') })
    const appointed = await command('appoint', '--demo', 'citizen', '--region', '3702', '--office', '青岛市疫情防控指挥部')
    expect(appointed.stdout).toMatch(/已任命：用户 [0-9a-f-]{36} 为 青岛市疫情防控指挥部 工作人员，负责 山东省青岛市（3702）/)
    const { stdout } = await command('list')
    expect(stdout).toContain('共 3 名疫情防控工作人员')
    expect(stdout).toMatch(/张\*（演示账号 citizen）\s+青岛市疫情防控指挥部\s+山东省青岛市（3702）\s+管理命令任命于/)
    expect(stdout).toMatch(/赵\*（演示账号 official）\s+济南市疫情防控指挥部\s+山东省济南市（3701）\s+演示数据任命于/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 300_000)
