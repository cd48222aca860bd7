/**
 * The embedded stack (PGlite in DATA_DIR) killed with SIGKILL in the middle of concurrent
 * check-ins and started again on the same directory: every entry it acknowledged is still there,
 * once, and the restarted stack takes the rest.
 */
import { startScenario } from './support/scenario'
import { entryViolations, failureReasons, summary } from './support/verify'

const PLAN = { people: 40, venues: 10, abnormalEvery: 0 }

test('PGlite stack killed mid-writes and restarted: acknowledged entries survive', async () => {
  const s = await startScenario(PLAN)
  let results
  try {
    results = await s.load([{ afterOk: 150, inject: () => s.killAndRestart() }], { clients: 32 })
  } finally {
    await s.stop()
  }
  console.log('SIGKILL PGlite stack:', JSON.stringify({ ...summary(results), failures: failureReasons(results) }))
  expect(summary(results)).toMatchObject({ ok: PLAN.people * PLAN.venues, refused: 0, gaveUp: 0 })
  // Read with the stack stopped: PGlite is one process's database.
  const db = await s.openDatabase()
  try {
    expect(await entryViolations(db, results)).toEqual([])
  } finally {
    await db.close()
  }
  s.remove()
})
