import type { Api, FunctionName, Result } from '../../src/shared/api'
import { ConfigError } from '../config'
import type { Deps } from '../domain/deps'
import { findOrCreateWxUser, userIdForSession } from '../domain/users'
import { fail, logUnexpected, runFunction, type Auth, type CallerResolver, type FunctionDef } from '../functions/define'
import { getConfig, getDeps, hasConfig } from '../runtime'

/** What functions-framework puts in context for an HTTP request. */
export interface HttpContext {
  url?: string
  httpMethod?: string
  headers?: Record<string, string | string[] | undefined>
}

export interface MainContext {
  httpContext?: HttpContext
  [key: string]: unknown
}

export type Main<N extends FunctionName> = (event: unknown, context?: MainContext) => Promise<Result<Api[N][1]>>

/** Keys WeChat adds to every cloud-function event; not part of any request. */
const WECHAT_EVENT_KEYS = ['userInfo']

function bearerToken(headers: HttpContext['headers']): string | null {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'authorization') continue
    const v = Array.isArray(value) ? value[0] : value
    const m = /^Bearer\s+(\S+)\s*$/i.exec(v ?? '')
    return m ? m[1] : null
  }
  return null
}

interface WxServerSdk {
  init(options: { env: unknown }): void
  DYNAMIC_CURRENT_ENV: unknown
  getWXContext(): { OPENID?: string }
}

let wxCloud: WxServerSdk | undefined

/** Loaded only on WeChat: the HTTP runtime and tests never need the SDK. */
function wechat(): WxServerSdk {
  if (!wxCloud) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const cloud = require('wx-server-sdk') as WxServerSdk
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
    wxCloud = cloud
  }
  return wxCloud
}

function callerResolver(deps: Deps, context: MainContext | undefined): CallerResolver {
  return async () => {
    if (context?.httpContext) {
      const token = bearerToken(context.httpContext.headers)
      return token ? userIdForSession(deps.db, token) : null
    }
    // WeChat vouches for OPENID itself (it is not taken from the event), so it is the identity.
    const openid = wechat().getWXContext().OPENID
    return openid ? findOrCreateWxUser(deps.db, openid) : null
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
      logUnexpected(def.name, err)
      return fail('INTERNAL')
    }
    return runFunction(def, deps, stripPlatformKeys(event, context), callerResolver(deps, context))
  }
}
