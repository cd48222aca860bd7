import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { unwrap, venueInput } from './fixtures'

describe.each(testDatabases())('personal data at rest on $label', ({ databaseUrl }) => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack({ databaseUrl }) })
  afterAll(async () => { await stack.close() })

  it('stores names, ID numbers, phone numbers and credit codes only encrypted', async () => {
    const admin = await stack.login('citizen')
    const input = venueInput({ adminName: '欧阳娜娜', adminMobile: '13712340000' })
    const { venue } = unwrap(await stack.call('generateCode', input, admin))
    expect(venue.adminNameMasked).toBe('欧***')

    const venueRows = await stack.db.query<Record<string, unknown>>('SELECT * FROM venues WHERE id = $1', [venue.id])
    const userRows = await stack.db.query<Record<string, unknown>>("SELECT * FROM users WHERE demo_account = 'citizen'")
    const dump = JSON.stringify([venueRows, userRows])
    for (const plain of [input.creditCode, input.adminName, input.adminMobile, '张三', '370102199001011231', '13800000001']) {
      expect(dump).not.toContain(plain)
    }
    // Two encryptions of one value differ (random IV), so equal ciphertexts reveal nothing.
    const again = unwrap(await stack.call('generateCode', { ...input, name: '另一家店' }, admin))
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
})
