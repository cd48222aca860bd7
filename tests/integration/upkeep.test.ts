// WeChat's timer trigger calls main without a user: wx-server-sdk, the edge, is what is faked.
const mockWxContext: { OPENID?: string } = {}
jest.mock('wx-server-sdk', () => ({
  DYNAMIC_CURRENT_ENV: 'dynamic-env',
  init: () => undefined,
  getWXContext: () => mockWxContext
}), { virtual: true })

import { startWindDown } from '../../server/domain/wind-down'
import { getDeps } from '../../server/runtime'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, unwrap } from './fixtures'

/**
 * The hourly upkeep of issue 20 (server/jobs/upkeep.ts) as WeChat's purge timer runs it: a proposal
 * nobody decided in time expires (and is audited), the audit heads that moved are published, and a
 * wind-down whose grace period has passed destroys; after the end the timer has nothing to do.
 */
describe.each(testDatabases())('the upkeep timer on $label', ({ databaseUrl }) => {
  let stack: TestStack
  const timer = () => ({ Type: 'Timer', TriggerName: 'purge', Time: new Date().toISOString() })

  beforeAll(async () => { stack = await createTestStack({ databaseUrl }) })
  afterAll(async () => { await stack.close() })

  it('expires a stale proposal, publishes the heads it moved, then ends a wind-down that is due', async () => {
    const official = await stack.login('official')
    const person = { idCard: makeIdCard('19900101'), name: '郑十一', phone: '13912340011' }
    await stack.verifiedAccount(person)
    const proposed = unwrap(await stack.act('official', 'setStatus', { idCard: person.idCard, name: person.name, status: 'yellow', reason: '密接' }, official))
    const proposalId = proposed.proposal!.proposalId
    await stack.db.query(`UPDATE status_proposals SET expires_at = now() - interval '1 minute' WHERE id = $1`, [proposalId])

    const first = await stack.invoke('purge', timer(), {})
    expect(first).toMatchObject({ ok: true, data: { upkeep: { expired: 1, destroyed: false } } })
    const published = (first as unknown as { data: { upkeep: { auditHeads: { seq: number; chains: number } } } }).data.upkeep.auditHeads
    // The proposal's records (proposed, looked at, expired) moved the person's access chain.
    expect(published.chains).toBeGreaterThanOrEqual(1)
    const [p] = await stack.db.query<{ state: string }>('SELECT state FROM status_proposals WHERE id = $1', [proposalId])
    expect(p.state).toBe('expired')
    const expiries = await stack.db.query(`SELECT 1 FROM access_log WHERE action = 'expire_status'`)
    expect(expiries.length).toBeGreaterThanOrEqual(1)

    // Nothing moved since: the next hour publishes an empty line chained to the last one.
    const second = await stack.invoke('purge', timer(), {})
    expect(second).toMatchObject({ ok: true, data: { upkeep: { expired: 0, auditHeads: { seq: published.seq + 1, chains: 0 }, destroyed: false } } })

    const deps = await getDeps()
    await startWindDown(deps, { graceDays: 1 })
    // Not yet due: the grace period runs.
    expect(await stack.invoke('purge', timer(), {})).toMatchObject({ ok: true, data: { upkeep: { destroyed: false } } })
    expect(await stack.db.query('SELECT 1 FROM persons')).not.toHaveLength(0)
    await stack.db.query(`UPDATE system_state SET destroy_after = now() - interval '1 second'`)
    const ending = await stack.invoke('purge', timer(), {})
    expect(JSON.stringify(ending)).toMatch(/"destroyed":true/)
    expect(await stack.db.query('SELECT 1 FROM persons')).toHaveLength(0)
  })
})
