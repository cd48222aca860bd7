/** A lost database connection is a refusal to try again (SYSTEM_BUSY), counted, not an unexpected error. */
import { z } from 'zod'
import type { Deps } from '../../server/domain/deps'
import { DATABASE_LOST_RETRY_AFTER_MS, defineFunction, runFunction } from '../../server/functions/define'
import { processOverload } from '../../server/log'
import { listRegions } from '../../server/functions/listRegions'
import { makeMain } from '../../server/platform/main'
import { DEFAULT_RULES } from '../../server/domain/public-health-rules'
import { closeRuntime, configureRuntime } from '../../server/runtime'
import { DEFAULT_ASSIST_DAILY_CAP } from '../../src/shared/api'
import { randomTestKeys, TEST_BASE_URL } from '../support/stack'

const failing = (err: unknown) => defineFunction({
  name: 'listRegions', schema: z.object({}).strict() as never, auth: 'none', handler: async () => { throw err }
})
const caller = { resolve: async () => null, sessionToken: null, address: null, requestId: 'r1' }
/**
 * The handler fails on its own; the one statement before it, the deployment's phase (停用),
 * finds no state row: a deployment running as usual.
 */
const deps = { db: { query: async () => [] } } as unknown as Deps

let stderr: jest.SpyInstance
beforeEach(() => { stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true) })
afterEach(() => { processOverload.flush(); stderr.mockRestore() })

test('a terminated connection answers SYSTEM_BUSY with a time to wait, and logs no stack', async () => {
  const err = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
  const answer = await runFunction(failing(err), deps, {}, caller)
  expect(answer).toEqual({ ok: false, code: 'SYSTEM_BUSY', message: '当前扫码人数较多，请稍候，将自动重试', requestId: 'r1', retryAfterMs: DATABASE_LOST_RETRY_AFTER_MS })
  expect(stderr).not.toHaveBeenCalled()
  processOverload.flush()
  expect(stderr).toHaveBeenCalledTimes(1)
  expect(JSON.parse(String(stderr.mock.calls[0][0]))).toMatchObject({ tag: 'csm-overload', refused: { DATABASE_UNREACHABLE: { listRegions: 1 } } })
})

test('any other failure is still INTERNAL, logged with its request id', async () => {
  const answer = await runFunction(failing(new Error('boom')), deps, {}, caller)
  expect(answer).toEqual({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后重试', requestId: 'r1' })
  expect(String(stderr.mock.calls[0][0])).toContain('"tag":"csm-error"')
})

test('a function whose database cannot even be opened answers SYSTEM_BUSY too, not INTERNAL', async () => {
  // Nothing listens on port 1: the pool's first connection is refused.
  configureRuntime({
    databaseUrl: 'postgresql://postgres@127.0.0.1:1/test', dataDir: ':memory:', ...randomTestKeys(),
    publicBaseUrl: TEST_BASE_URL, codeLinkBases: [TEST_BASE_URL], demoLogin: false, localStack: false,
    rules: DEFAULT_RULES, assistDailyCap: DEFAULT_ASSIST_DAILY_CAP
  })
  try {
    const main = makeMain(listRegions)
    expect(await main({ parentCode: '' }, { httpContext: { headers: {} } })).toMatchObject({ ok: false, code: 'SYSTEM_BUSY', retryAfterMs: DATABASE_LOST_RETRY_AFTER_MS })
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).not.toContain('csm-error')
  } finally {
    await closeRuntime()
  }
})
