import { createTestStack, testDatabases, type TestStack } from '../support/stack'

describe.each(testDatabases())('smoke on $label', ({ databaseUrl }) => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack({ databaseUrl }) })
  afterAll(async () => { await stack.close() })

  it('logs in and checks in at the demo venue', async () => {
    const admin = await stack.login('venue_admin')
    const venues = await stack.call('myVenues', {}, admin)
    if (!venues.ok) throw new Error(venues.code)
    const citizen = await stack.login('citizen')
    const res = await stack.call('checkIn', { code: venues.data.venues[0].code.url }, citizen)
    expect(res).toMatchObject({ ok: true, data: { repeated: false, person: { nameMasked: '张*', healthStatus: 'green' } } })
  })
})
