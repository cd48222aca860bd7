import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, unwrap, venueInput } from './fixtures'

describe.each(testDatabases())('personal data at rest on $label', ({ databaseUrl }) => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack({ databaseUrl }) })
  afterAll(async () => { await stack.close() })

  it('stores names, ID numbers, phone numbers and credit codes only encrypted', async () => {
    const admin = await stack.login('citizen')
    const input = venueInput({ adminName: '欧阳娜娜', adminMobile: '13712340000' })
    const { venue } = unwrap(await stack.act('generateCode', 'apply', input, admin))
    expect(venue.adminNameMasked).toBe('欧***')

    const venueRows = await stack.db.query<Record<string, unknown>>('SELECT * FROM venues WHERE id = $1', [venue.id])
    const userRows = await stack.db.query<Record<string, unknown>>("SELECT * FROM users WHERE demo_account = 'citizen'")
    const dump = JSON.stringify([venueRows, userRows])
    for (const plain of [input.creditCode, input.adminName, input.adminMobile, '张三', '370102199001011231', '13800000001']) {
      expect(dump).not.toContain(plain)
    }
    // Two encryptions of one value differ (random IV), so equal ciphertexts reveal nothing.
    const again = unwrap(await stack.act('generateCode', 'apply', { ...input, name: '另一家店' }, admin))
    const rows = await stack.db.query<{ credit_code_enc: string; credit_code_hash: string }>(
      'SELECT credit_code_enc, credit_code_hash FROM venues WHERE id IN ($1, $2)', [venue.id, again.venue.id])
    expect(rows[0].credit_code_enc).not.toBe(rows[1].credit_code_enc)
    // …while the keyed hash still finds them as equal.
    expect(rows[0].credit_code_hash).toBe(rows[1].credit_code_hash)
    expect(rows[0].credit_code_hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('never answers with unmasked personal data', async () => {
    const token = await stack.login('venue_admin')
    const text = JSON.stringify([
      await stack.call('whoAmI', {}, token),
      await stack.call('myVenues', {}, token),
      await stack.call('listDemoAccounts', {})
    ])
    for (const plain of ['李四', '13800000004', '370102198808082343', '91370102MA3C0QCP0L']) expect(text).not.toContain(plain)
  })

  it('leaves no plain name, ID number or mobile in any table after a full flow, and answers only masked forms', async () => {
    const citizen = await stack.login('newcomer')
    const holder = { name: '上官婉儿', idCard: makeIdCard('19880808'), phone: '13611112222' }
    const mother = { name: '慕容秋', idCard: makeIdCard('19600606'), phone: '13533334444' }
    const child = { name: '司马小川', idCard: makeIdCard('20170707') }
    const stranger = { name: '诸葛明', idCard: makeIdCard('19400404'), phone: '13355556666' }
    const answers: unknown[] = []
    answers.push(await stack.act('people', 'saveProfile', holder, citizen))
    await stack.verify(citizen)
    const m = unwrap(await stack.act('people', 'addCompanion', { ...mother, relation: 'parent' }, citizen)).companion
    const c = unwrap(await stack.act('people', 'addCompanion', { ...child, relation: 'child' }, citizen)).companion
    answers.push(await stack.act('people', 'listCompanions', {}, citizen))
    const { code } = unwrap(await stack.call('myVenues', {}, await stack.login('venue_admin'))).venues[0]
    answers.push(await stack.call('checkIn', { code: code.url }, citizen))
    answers.push(await stack.call('checkIn', { code: code.url, companionIds: [m.personId, c.personId] }, citizen))
    const inspector = await stack.login('inspector')
    const assisted = unwrap(await stack.act('assist', 'register', { venueId: code.venueId, checkpointId: code.checkpointId, ...stranger }, inspector))
    answers.push(assisted, await stack.act('assist', 'recent', {}, inspector))
    const list = unwrap(await stack.act('entries', 'list', {}, citizen))
    answers.push(list, await stack.act('entries', 'withdraw', { entryId: list.entries[0].entryId }, citizen))
    answers.push(await stack.call('whoAmI', {}, citizen), await stack.act('people', 'getProfile', {}, citizen))

    const plain = [holder, mother, child, stranger].flatMap((p) => Object.values(p))
    const tables = await stack.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['persons', 'companions', 'entries', 'users', 'venues', 'health_status']))
    for (const { table_name } of tables) {
      const dump = JSON.stringify(await stack.db.query(`SELECT * FROM ${table_name}`))
      for (const value of plain) expect({ table: table_name, found: dump.includes(value) ? value : null }).toEqual({ table: table_name, found: null })
    }
    const said = JSON.stringify(answers)
    for (const value of plain) expect(said).not.toContain(value)
    // The masked forms are what people see.
    expect(said).toContain('上***')
    expect(said).toContain(`3701**********${holder.idCard.slice(-4)}`)
    expect(said).toContain('136****2222')
  })
})
