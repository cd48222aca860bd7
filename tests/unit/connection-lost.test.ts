/** A lost database connection is told apart from a statement that went wrong. */
import { isConnectionLost } from '../../server/db/connection-lost'

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code })
/** What Node throws when every address refused: an AggregateError (not in this project's TypeScript lib). */
const aggregate = (errors: Error[]) => Object.assign(new Error(''), { name: 'AggregateError', errors })

test.each([
  ['the server refused the connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
  ['the connection was reset', withCode('ECONNRESET')],
  ['an administrator ended it (pg_terminate_backend)', withCode('57P01', 'terminating connection due to administrator command')],
  ['the server crashed', withCode('57P02')],
  ['the server is starting up', withCode('57P03', 'the database system is starting up')],
  ['a connection exception (class 08)', withCode('08006')],
  ['too many connections', withCode('53300')],
  ['node-postgres saw the connection end', new Error('Connection terminated unexpectedly')],
  ['the pool waited too long for a connection', new Error('timeout exceeded when trying to connect')],
  ['a refused connection to every address', aggregate([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
  ['a wrapped cause', Object.assign(new Error('query failed'), { cause: withCode('ECONNRESET') })]
])('%s: lost', (_, err) => {
  expect(isConnectionLost(err)).toBe(true)
})

test.each([
  ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
  ['a syntax error', withCode('42601')],
  ['a statement timeout (the query, not the connection)', withCode('57014', 'canceling statement due to statement timeout')],
  ['a plain error', new Error('Cannot read properties of undefined')],
  ['not an error at all', 'ECONNREFUSED'],
  ['nothing', null],
  ['an aggregate of which one is something else', aggregate([withCode('ECONNREFUSED'), withCode('23505')])]
])('%s: not lost', (_, err) => {
  expect(isConnectionLost(err)).toBe(false)
})
