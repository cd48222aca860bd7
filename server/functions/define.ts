import { z } from 'zod'
import type { Api, Fail, FunctionName, Result } from '../../src/shared/api'
import { ERRORS, type ErrorCode } from '../../src/shared/errors'
import { hasUnsafeTextChars } from '../../src/shared/validators'
import { isConnectionLost } from '../db/connection-lost'
import { logUnexpected, processOverload } from '../log'
import type { Deps } from '../domain/deps'
import { DomainError } from '../domain/errors'
import type { SignedIn } from '../domain/sessions'
import { assertVenueAdmin } from '../domain/venue-access'
import { windDownRefusal } from '../domain/wind-down'

/**
 * Who may call a function: anyone, any signed-in user, or the administrator of the venue
 * named by the request's venueId.
 */
export type Auth = 'none' | 'user' | 'venueAdmin'

export interface HandlerContext<A extends Auth> {
  deps: Deps
  /** Functions open to anyone never look the caller up (on WeChat that would create a user). */
  userId: A extends 'none' ? null : string
  /** The signed-in account with its person and companions (SignedIn), as the session look-up found it. */
  account: A extends 'none' ? null : SignedIn
  caller: Pick<Caller, 'sessionToken' | 'address'>
}

/** What the platform edge knows about who is calling. */
export interface Caller {
  /** The signed-in user, or null; looked up only for functions that need one. */
  resolve(): Promise<SignedIn | null>
  /** The bearer token of an HTTP session (sign-out revokes it); null on WeChat. */
  sessionToken: string | null
  /** The client's network address, as our HTTP gateway saw it; null on WeChat. For rate limits. */
  address: string | null
  /** Id of this request in the logs, returned with unexpected errors. */
  requestId?: string
}

export interface FunctionDef<N extends FunctionName, A extends Auth = Auth> {
  name: N
  /** Schema of the whole event: unknown keys are refused. */
  schema: z.ZodType<Api[N][0], z.ZodTypeDef, unknown>
  auth: A
  /** Refusal that does not depend on the input (e.g. a feature switched off). */
  precondition?: (deps: Deps) => ErrorCode | null
  /**
   * Fields the handler decodes with its own strict decoder and never stores (a scanned code):
   * exempt from the control-character check, so the decoder gives its own, specific refusal.
   */
  opaqueFields?: string[]
  handler: (input: Api[N][0], ctx: HandlerContext<A>) => Promise<Api[N][1]>
  /**
   * What WeChat's timer trigger (config.json "triggers") runs. Only a timer invocation reaches
   * it: on WeChat it has no OPENID, and the HTTP runtime never passes one on.
   */
  timer?: (deps: Deps) => Promise<unknown>
}

export function defineFunction<N extends FunctionName, A extends Auth>(def: FunctionDef<N, A>): FunctionDef<N, A> {
  return def
}

export function fail(code: ErrorCode, fields?: Record<string, string>, requestId?: string): Fail {
  const answer: Fail = { ok: false, code, message: ERRORS[code] }
  if (fields) answer.fields = fields
  if (requestId) answer.requestId = requestId
  return answer
}

/** A DomainError's answer: its code, fields, and its own message or receipt when it has one. */
export function domainFailure(err: DomainError): Fail {
  const answer = fail(err.code, err.fields)
  if (err.message !== answer.message) answer.message = err.message
  if (err.receipt) answer.receipt = err.receipt
  return answer
}

/** For a field whose own rule does not already speak of characters (ids, codes, region codes). */
export const UNSAFE_FIELD_MESSAGE = '含有控制字符或不可见的格式字符'

/**
 * The first top-level field holding a string with a character no text may hold (a NUL cannot
 * even be stored in PostgreSQL), so such a request is a field error, never a database error.
 */
export function firstUnsafeField(value: Record<string, unknown>, exempt: readonly string[] = []): string | null {
  const seen = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return hasUnsafeTextChars(v)
    if (depth > 8 || typeof v !== 'object' || v === null) return false
    return Object.values(v).some((x) => seen(x, depth + 1))
  }
  for (const [key, v] of Object.entries(value)) if (!exempt.includes(key) && seen(v, 0)) return key
  return null
}

/** Chinese defaults for zod's own issues; messages written in a schema take precedence. */
const chineseErrorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined') return { message: '此项为必填项' }
  if (issue.code === z.ZodIssueCode.unrecognized_keys) return { message: '不支持的字段' }
  if (issue.code === z.ZodIssueCode.too_big) return { message: '内容过长' }
  return { message: ctx.defaultError && issue.code === z.ZodIssueCode.custom ? ctx.defaultError : '格式不正确' }
}

export function issuesToFields(error: z.ZodError): Record<string, string> {
  // A Map, then own data properties: a key named __proto__ must be reported, not become a prototype.
  const fields = new Map<string, string>()
  const add = (key: string, message: string) => { if (!fields.has(key)) fields.set(key, message) }
  for (const issue of error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) add(key, issue.message)
    } else {
      add(issue.path.length ? String(issue.path[0]) : '_', issue.message)
    }
  }
  return Object.fromEntries(fields)
}

/** How long a client waits before asking again when the database could not be reached: the pool reconnects within that. */
export const DATABASE_LOST_RETRY_AFTER_MS = 2000

/**
 * Runs one function: validate the whole event, check the caller, then the handler. Only
 * DomainErrors become specific answers; a lost database connection is SYSTEM_BUSY (counted,
 * not logged one by one: in an outage every request meets it); anything else is logged here and
 * answered INTERNAL, so no stack trace, SQL or key material can reach a client.
 */
export async function runFunction<N extends FunctionName, A extends Auth>(
  def: FunctionDef<N, A>, deps: Deps, event: unknown, caller: Caller
): Promise<Result<Api[N][1]>> {
  const { requestId } = caller
  try {
    // 停用: after the end every call, whatever it asks, gets the receipt; in wind-down a
    // registration is refused with the date (server/domain/wind-down.ts).
    const stopped = await windDownRefusal(deps, def.name, event)
    if (stopped) return domainFailure(stopped)
    const pre = def.precondition?.(deps)
    if (pre) return fail(pre)
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      return fail('INVALID_INPUT', { _: '请求格式不正确' })
    }
    const parsed = def.schema.safeParse(event, { errorMap: chineseErrorMap })
    if (!parsed.success) return fail('INVALID_INPUT', issuesToFields(parsed.error))
    const unsafe = firstUnsafeField(parsed.data as Record<string, unknown>, def.opaqueFields)
    if (unsafe) return fail('INVALID_INPUT', { [unsafe]: UNSAFE_FIELD_MESSAGE })
    const input = parsed.data
    let userId: string | null = null
    let account: SignedIn | null = null
    if (def.auth !== 'none') {
      account = await caller.resolve()
      if (!account) return fail('NOT_LOGGED_IN')
      userId = account.userId
      if (def.auth === 'venueAdmin') {
        await assertVenueAdmin(deps.db, userId, (input as { venueId: string }).venueId)
      }
    }
    const ctx = { deps, userId, account, caller: { sessionToken: caller.sessionToken, address: caller.address } }
    const data = await def.handler(input, ctx as HandlerContext<A>)
    return { ok: true, data }
  } catch (err) {
    if (err instanceof DomainError) return domainFailure(err)
    return failureAnswer(def.name, err, requestId)
  }
}

/**
 * The answer to an error that is not a DomainError: a database that cannot be reached is
 * SYSTEM_BUSY (counted, no stack: it comes in floods and the pool recovers by itself), anything
 * else is logged and INTERNAL. Also for a function whose database could not even be opened.
 */
export function failureAnswer(where: string, err: unknown, requestId?: string): Fail {
  if (isConnectionLost(err)) {
    processOverload.refused('DATABASE_UNREACHABLE', where)
    return { ...fail('SYSTEM_BUSY', undefined, requestId), retryAfterMs: DATABASE_LOST_RETRY_AFTER_MS }
  }
  logUnexpected(where, err, requestId)
  return fail('INTERNAL', undefined, requestId)
}
