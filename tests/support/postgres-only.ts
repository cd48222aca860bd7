/**
 * Tests that need a PostgreSQL server (another process sharing the database, postgres_fdw, the
 * start banner of DATABASE_URL): they run when TEST_DATABASE_URL is set (.ci/run sets it), and
 * otherwise are skipped and say so on standard error. Straight to stderr: jest shows nothing of a
 * file whose tests are all skipped, console included. And never an empty describe.each table:
 * jest fails the whole file for it.
 */
import path from 'path'

const root = path.resolve(__dirname, '../..')

function announceSkip(file: string, what: string, variable = 'TEST_DATABASE_URL', hint = '.ci/run sets it'): void {
  process.stderr.write(`\n${path.relative(root, file)}: ${what} SKIPPED, ${variable} is not set (${hint})\n`)
}

/**
 * A describe block that runs when the environment variable names a database (its value is passed
 * to the body), or is skipped and says so.
 */
export function describeWhenSet(file: string, variable: string, hint: string, name: string, body: (databaseUrl: string) => void): void {
  const databaseUrl = process.env[variable]
  if (databaseUrl) return describe(name, () => body(databaseUrl))
  announceSkip(file, name, variable, hint)
  // Collected but not run, so the file still has its tests and the report counts them skipped.
  describe.skip(name, () => body(''))
}

/** A describe block that runs on the PostgreSQL server of TEST_DATABASE_URL, or is skipped. */
export function describeOnPostgres(file: string, name: string, body: (databaseUrl: string) => void): void {
  describeWhenSet(file, 'TEST_DATABASE_URL', '.ci/run sets it', name, body)
}

/**
 * A test of a suite that runs on each of testDatabases() but needs the PostgreSQL one; on PGlite
 * it is skipped, and announced when there is no PostgreSQL run at all.
 */
export function itOnPostgres(file: string, databaseUrl: string | undefined, name: string, fn: () => Promise<void>, timeout?: number): void {
  if (databaseUrl) return it(name, fn, timeout)
  if (!process.env.TEST_DATABASE_URL) announceSkip(file, name)
  it.skip(name, fn)
}
