/**
 * `npm test` without TEST_DATABASE_URL: the tests that need a PostgreSQL server are skipped, say
 * so on standard error, and fail nothing (an empty describe.each table used to fail its whole
 * file, and npm test stopped before the fault tests). Runs jest on just those files with a test
 * name that matches nothing, so only collection happens: a few seconds, no database, no build.
 */
import { spawnSync } from 'child_process'
import path from 'path'

const root = path.resolve(__dirname, '../..')

/** Every file with tests that run only when TEST_DATABASE_URL is set. */
const POSTGRES_ONLY = [
  'tests/integration/http-runtime.test.ts',
  'tests/integration/shards-fdw.test.ts',
  'tests/integration/outbox.test.ts',
  'tests/faults/postgres.test.ts'
]

it('skips the PostgreSQL-only tests without TEST_DATABASE_URL, says so, and passes', () => {
  const env = { ...process.env }
  delete env.TEST_DATABASE_URL
  const run = spawnSync(process.execPath, [
    path.join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--runInBand', '--selectProjects', 'integration', 'faults',
    '--testNamePattern', 'no test is called this', '--', ...POSTGRES_ONLY
  ], { cwd: root, env, encoding: 'utf8', timeout: 240_000 })
  expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 })
  for (const file of POSTGRES_ONLY) {
    expect(run.stderr).toMatch(new RegExp(`${file}: .* SKIPPED, TEST_DATABASE_URL is not set`))
  }
})
