import * as m014 from '../../server/db/migrations/014_region_history'
import { idCardCheckChar } from '../../src/shared/validators'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makePhone, unwrap } from './fixtures'

/**
 * Scope by 户籍地 follows the person across the county codes GB/T 2260 has retired since their ID
 * number was issued (server/domain/region-history.ts): the officials of today's region reach
 * them, others do not. Looked up with official.person, which is scoped like every official action.
 */
describe.each(testDatabases())('historical county codes on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let seq = 100
  const idCard = (county: string) => { const body = `${county}19750505${seq++}`; return body + idCardCheckChar(body) }

  beforeAll(async () => { stack = await createTestStack({ databaseUrl }) })
  afterAll(async () => { await stack.close() })

  async function officialOf(region: string): Promise<string> {
    const token = await stack.newAccount()
    await stack.db.query(
      `INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, $2, $3, 'command')`,
      [await stack.userIdOf(token), region, `${region}疫情防控指挥部`])
    return token
  }

  async function registered(county: string, name: string): Promise<{ idCard: string; personId: string }> {
    const token = await stack.newAccount()
    const id = idCard(county)
    await stack.verify(token, { name, idCard: id, phone: makePhone() })
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(token)])
    return { idCard: id, personId: u.person_id }
  }

  const reaches = async (token: string, id: string) => {
    const res = await stack.act('official', 'person', { idCard: id }, token)
    if (res.ok) return true
    expect(res.code).toBe('PERSON_OUT_OF_SCOPE')
    return false
  }
  const regionOf = async (personId: string) =>
    (await stack.db.query<{ id_region: string }>('SELECT id_region FROM persons WHERE id = $1', [personId]))[0].id_region

  it('lets 周口 (4116) and 商水县 (411623) reach a 412723… holder of the old 周口地区, and nobody else', async () => {
    const p = await registered('412723', '商水人')
    expect(await regionOf(p.personId)).toBe('411623')
    expect(await reaches(await officialOf('4116'), p.idCard)).toBe(true)
    expect(await reaches(await officialOf('411623'), p.idCard)).toBe(true)
    expect(await reaches(await officialOf('41'), p.idCard)).toBe(true)
    expect(await reaches(await officialOf('4113'), p.idCard)).toBe(false) // 南阳
    expect(await reaches(await officialOf('411621'), p.idCard)).toBe(false) // 扶沟县
    // The look is in the person's access log like any other.
    const [log] = await stack.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM access_log WHERE person_id = $1 AND action = 'view_person'", [p.personId])
    expect(log.n).toBe(3)
  })

  it('lets 宜春 (3609) and 丰城市 (360981) reach an old 丰城县 holder (362221…), and 上饶 an old 铅山县 one (362324…)', async () => {
    const fengcheng = await registered('362221', '丰城人')
    const yanshan = await registered('362324', '铅山人')
    const yichun = await officialOf('3609')
    const shangrao = await officialOf('3611')
    expect(await reaches(yichun, fengcheng.idCard)).toBe(true)
    expect(await reaches(await officialOf('360981'), fengcheng.idCard)).toBe(true)
    expect(await reaches(shangrao, fengcheng.idCard)).toBe(false)
    expect(await reaches(shangrao, yanshan.idCard)).toBe(true)
    expect(await reaches(yichun, yanshan.idCard)).toBe(false)
  })

  it('gives a county-level city nobody can name today to its city\'s officials, not to a county\'s', async () => {
    const p = await registered('412701', '周口人') // 周口市 under 周口地区, today 川汇区
    expect(await regionOf(p.personId)).toBe('411600')
    expect(await reaches(await officialOf('4116'), p.idCard)).toBe(true)
    expect(await reaches(await officialOf('411602'), p.idCard)).toBe(false)
  })

  it('leaves a code still in use as it is', async () => {
    const p = await registered('370102', '历下人')
    expect(await regionOf(p.personId)).toBe('370102')
    expect(await reaches(await officialOf('3701'), p.idCard)).toBe(true)
    expect(await reaches(await officialOf('3702'), p.idCard)).toBe(false)
  })

  it('migration 014 takes stored retired codes to today\'s region and leaves the others', async () => {
    const a = await registered('412723', '甲一')
    const b = await registered('362221', '乙一')
    const c = await registered('370102', '丙一')
    // As stored before: the county code as issued.
    await stack.db.query('UPDATE persons SET id_region = $2 WHERE id = $1', [a.personId, '412723'])
    await stack.db.query('UPDATE persons SET id_region = $2 WHERE id = $1', [b.personId, '362221'])
    const zhoukou = await officialOf('4116')
    expect(await reaches(zhoukou, a.idCard)).toBe(false)
    expect(m014.statements).toHaveLength(1)
    for (const sql of m014.statements) await stack.db.query(sql)
    expect([await regionOf(a.personId), await regionOf(b.personId), await regionOf(c.personId)]).toEqual(['411623', '360981', '370102'])
    expect(await reaches(zhoukou, a.idCard)).toBe(true)
    // Twice is once.
    for (const sql of m014.statements) await stack.db.query(sql)
    expect(await regionOf(a.personId)).toBe('411623')
  })

  it('keeps a status change inside today\'s region for a holder of a retired code', async () => {
    const p = await registered('412723', '改码人')
    const other = await officialOf('4113')
    const res = await stack.act('official', 'setStatus', { idCard: p.idCard, name: '改码人', status: 'yellow', reason: '密切接触者' }, other)
    expect(res).toMatchObject({ ok: false, code: 'PERSON_OUT_OF_SCOPE' })
    const mine = await stack.act('official', 'setStatus', { idCard: p.idCard, name: '改码人', status: 'yellow', reason: '密切接触者' }, await officialOf('4116'))
    expect(mine.ok).toBe(true)
    unwrap(mine)
  })
})
