import type { Api, FunctionName, Result } from '../../src/shared/api'
import { ConfigError } from '../config'
import type { Deps } from '../domain/deps'
import { accountOf, sessionUser } from '../domain/sessions'
import { findOrCreateWxUser } from '../domain/users'
import { CLIENT_ADDRESS_HEADER, REQUEST_ID_HEADER } from '../http/headers'
import { logUnexpected, newRequestId } from '../log'
import { fail, failureAnswer, runFunction, type Auth, type Caller, type FunctionDef } from '../functions/define'
import { getConfig, getDeps, hasConfig } from '../runtime'
import { wechat } from './wx-sdk'

/** What functions-framework puts in context for an HTTP request. */
export interface HttpContext {
  url?: string
  httpMethod?: string
  headers?: Record<string, string | string[] | undefined>
}

export interface MainContext {
  httpContext?: HttpContext
  /** WeChat cloud's id of this invocation (it is in the platform's own log too). */
  request_id?: unknown
  [key: string]: unknown
}


export type Main<N extends FunctionName> = (event: unknown, context?: MainContext) => Promise<Result<Api[N][1]>>

/** Keys WeChat adds to every cloud-function event; not part of any request. */
const WECHAT_EVENT_KEYS = ['userInfo']

function header(headers: HttpContext['headers'], wanted: string): string | null {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== wanted) continue
    const v = Array.isArray(value) ? value[0] : value
    return typeof v === 'string' ? v : null
  }
  return null
}

function bearerToken(headers: HttpContext['headers']): string | null {
  const m = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i.exec(header(headers, 'authorization') ?? '')
  return m ? m[1] : null
}

/** The id the client is told: the gateway's or WeChat's, else a fresh one. */
function requestIdOf(context: MainContext | undefined): string {
  const fromGateway = header(context?.httpContext?.headers, REQUEST_ID_HEADER)
  if (fromGateway && /^[0-9A-Za-z-]{8,64}$/.test(fromGateway)) return fromGateway
  if (typeof context?.request_id === 'string' && context.request_id) return context.request_id
  return newRequestId()
}

function callerOf(deps: Deps, context: MainContext | undefined): Caller {
  const requestId = requestIdOf(context)
  if (context?.httpContext) {
    const headers = context.httpContext.headers
    const token = bearerToken(headers)
    const address = header(headers, CLIENT_ADDRESS_HEADER)?.split(',')[0].trim() || null
    return {
      resolve: async () => (token ? sessionUser(deps.db, token, address) : null),
      sessionToken: token,
      address,
      requestId
    }
  }
  return {
    // WeChat vouches for OPENID itself (it is not taken from the event), so it is the identity.
    resolve: async () => {
      const openid = wechat().getWXContext().OPENID
      return openid ? accountOf(deps.db, await findOrCreateWxUser(deps.db, openid)) : null
    },
    sessionToken: null,
    address: null,
    requestId
  }
}

function stripPlatformKeys(event: unknown, context: MainContext | undefined): unknown {
  if (context?.httpContext || typeof event !== 'object' || event === null || Array.isArray(event)) return event
  const copy: Record<string, unknown> = { ...(event as Record<string, unknown>) }
  for (const key of WECHAT_EVENT_KEYS) delete copy[key]
  return copy
}

/**
 * The `exports.main(event, context)` of one cloud function, for WeChat cloud and for
 * functions-framework alike. It never throws: every failure is a `{ ok: false }` answer.
 */
export function makeMain<N extends FunctionName, A extends Auth>(def: FunctionDef<N, A>): Main<N> {
  // Report a broken configuration when the function is loaded, not on the first request.
  if (!hasConfig()) {
    try {
      getConfig()
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err
      console.error(`[config] ${err.message}`)
    }
  }
  return async (event, context) => {
    let deps: Deps
    try {
      deps = await getDeps()
    } catch (err) {
      return failureAnswer(def.name, err, requestIdOf(context))
    }
    if (process.env.JOBS === '1') startJobsOnce(deps)
    if (isTimerEvent(event)) return runTimer(def, deps, context)
    return runFunction(def, deps, stripPlatformKeys(event, context), callerOf(deps, context))
  }
}

/** WeChat's timer trigger calls main with `{ Type: 'Timer', TriggerName, Time }`. */
function isTimerEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'
}

/**
 * A timer invocation runs the function's timer handler. Only WeChat's own trigger qualifies:
 * it carries no user (getWXContext has no OPENID) and never comes through our HTTP gateway, so a
 * client that sends the same event is refused.
 */
async function runTimer<N extends FunctionName, A extends Auth>(def: FunctionDef<N, A>, deps: Deps, context: MainContext | undefined): Promise<Result<Api[N][1]>> {
  const requestId = requestIdOf(context)
  try {
    if (!def.timer || context?.httpContext || wechat().getWXContext().OPENID) return fail('TIMER_ONLY')
    const data = await def.timer(deps)
    return { ok: true, data: data as Api[N][1] }
  } catch (err) {
    logUnexpected(`${def.name}:timer`, err, requestId)
    return fail('INTERNAL', undefined, requestId)
  }
}

/**
 * The local stack (JOBS=1) runs the scheduled jobs in its functions process: delivery of the
 * outbox and the nightly purge. Never on WeChat, where the timer triggers do it; required
 * lazily so a deployed function never loads pg-boss.
 */
function startJobsOnce(deps: Deps): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>
  const key = Symbol.for('changsuoma.jobs.requested')
  if (g[key]) return
  g[key] = true
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { startJobs, localSenders, localStatusSenders } = require('../jobs/scheduler') as typeof import('../jobs/scheduler')
  startJobs(deps, { senders: localSenders(deps), statusSenders: localStatusSenders(deps) }).catch((err) => {
    g[key] = false
    logUnexpected('jobs', err)
  })
}
