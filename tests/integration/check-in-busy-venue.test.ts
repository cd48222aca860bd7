import type { GenerateCodeResponse } from '../../src/shared/api'
import { CHECK_IN_ALONE, IDEMPOTENCY_WINDOW_MINUTES } from '../../server/domain/check-in'
import { LATE_SCAN_HOURS } from '../../src/shared/api'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, makePhone, unwrap, venueInput } from './fixtures'

/**
 * The morning rush at one metro gate: thousands of scans at one venue within minutes, on a day
 * partition nobody has analysed yet (every new day, until autovacuum gets to it). The check-in's
 * look-ups (the idempotency window, the scan id) must read the person's few entries, not every
 * entry of the venue: the bench saw the (venue_id, checked_in_at) index chosen there, 14,658 rows
 * and 10 ms a scan, slower the busier the venue (docs/scale.md §5.4). Measured as the buffers one
 * check-in touches (EXPLAIN's count includes the statements inside the function): a count, not a
 * time, so a loaded machine cannot make it pass or fail.
 */
describe.each(testDatabases())('a check-in at a busy venue on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let venue: GenerateCodeResponse
  const CROWD = 3000

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    const admin = await stack.login('venue_admin')
    venue = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '地铁一号线泉城广场站', address: '泉城广场地下一层', type: 'transport_station' }), admin))
    const adminId = await stack.userIdOf(admin)
    const [cp] = await stack.db.query<{ id: string }>('SELECT id FROM checkpoints WHERE venue_id = $1', [venue.venue.id])
    // The crowd of the last few minutes: one entry each, all at this venue, none analysed.
    await stack.db.query(
      `WITH crowd AS (
         INSERT INTO persons (id_card_hash, id_card_enc, name_enc)
         SELECT 'crowd-' || g, 'k1:x', 'k1:x' FROM generate_series(1, $1::int) g RETURNING id)
       INSERT INTO entries (person_id, account_id, venue_id, checkpoint_id, method, scan_id, health_status, checked_in_at)
       SELECT id, $2::uuid, $3::text, $4::text, 'self', gen_random_uuid(), 'green', now() - random() * interval '4 minutes' FROM crowd`,
      [CROWD, adminId, venue.venue.id, cp.id])
  })
  afterAll(async () => { await stack.close() })

  it('reads the person\'s entries, not the venue\'s crowd, for a first scan and for a scan id', async () => {
    const token = await stack.verifiedAccount({ name: '高峰', idCard: makeIdCard('19900101'), phone: makePhone() })
    const account = await stack.userIdOf(token)
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [account])
    const [cp] = await stack.db.query<{ id: string; code_version: number }>(
      'SELECT id, code_version FROM checkpoints WHERE venue_id = $1', [venue.venue.id])
    const buffersOf = async (scanId: string | null, scannedAt: string | null) => {
      const [row] = await stack.db.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${CHECK_IN_ALONE.text}`,
        [u.person_id, account, venue.venue.id, cp.id, cp.code_version, true, IDEMPOTENCY_WINDOW_MINUTES, scanId, scannedAt, LATE_SCAN_HOURS])
      const raw = row['QUERY PLAN']
      const [plan] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: Record<string, number> }>
      return plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks']
    }
    // A first scan (the window look-up), then a kept copy of another scan (the scan-id look-up
    // finds nothing, then the window folds it in). Walking the crowd would be thousands.
    const first = await buffersOf(null, null)
    const kept = await buffersOf('busy-venue-scan-0001', new Date(Date.now() - 60_000).toISOString())
    expect(first).toBeLessThan(CROWD / 10)
    expect(kept).toBeLessThan(CROWD / 10)
    expect(await stack.db.query('SELECT 1 FROM entries WHERE person_id = $1', [u.person_id])).toHaveLength(1)
  })
})
