import { z } from 'zod'
import type { Api, Fail, FunctionName, Result } from '../../src/shared/api'
import { ERRORS, type ErrorCode } from '../../src/shared/errors'
import type { Deps } from '../domain/deps'
import { DomainError } from '../domain/errors'
import { assertVenueAdmin } from '../domain/venues'

/**
 * Who may call a function: anyone, any signed-in user, or the administrator of the venue
 * named by the request's venueId.
 */
export type Auth = 'none' | 'user' | 'venueAdmin'

export interface HandlerContext<A extends Auth> {
  deps: Deps
  /** Functions open to anyone never look the caller up (on WeChat that would create a user). */
  userId: A extends 'none' ? null : string
}

export interface FunctionDef<N extends FunctionName, A extends Auth = Auth> {
  name: N
  /** Schema of the whole event: unknown keys are refused. */
  schema: z.ZodType<Api[N][0], z.ZodTypeDef, unknown>
  auth: A
  /** Refusal that does not depend on the input (e.g. a feature switched off). */
  precondition?: (deps: Deps) => ErrorCode | null
  /** Maps a schema failure to a more specific error than INVALID_INPUT, where one exists. */
  classifyInvalid?: (event: Record<string, unknown>, fields: Record<string, string>) => ErrorCode | null
  handler: (input: Api[N][0], ctx: HandlerContext<A>) => Promise<Api[N][1]>
}

export function defineFunction<N extends FunctionName, A extends Auth>(def: FunctionDef<N, A>): FunctionDef<N, A> {
  return def
}

export function fail(code: ErrorCode, fields?: Record<string, string>): Fail {
  return fields ? { ok: false, code, message: ERRORS[code], fields } : { ok: false, code, message: ERRORS[code] }
}

/** Chinese defaults for zod's own issues; messages written in a schema take precedence. */
const chineseErrorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined') return { message: '此项为必填项' }
  if (issue.code === z.ZodIssueCode.unrecognized_keys) return { message: '不支持的字段' }
  if (issue.code === z.ZodIssueCode.too_big) return { message: '内容过长' }
  return { message: ctx.defaultError && issue.code === z.ZodIssueCode.custom ? ctx.defaultError : '格式不正确' }
}

export function issuesToFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) fields[key] ??= issue.message
    } else {
      const key = issue.path.length ? String(issue.path[0]) : '_'
      fields[key] ??= issue.message
    }
  }
  return fields
}

export type CallerResolver = () => Promise<string | null>

/**
 * Runs one function: validate the whole event, check the caller, then the handler. Only
 * DomainErrors become specific answers; anything else is logged here and answered INTERNAL,
 * so no stack trace, SQL or key material can reach a client.
 */
export async function runFunction<N extends FunctionName, A extends Auth>(
  def: FunctionDef<N, A>, deps: Deps, event: unknown, caller: CallerResolver
): Promise<Result<Api[N][1]>> {
  try {
    const pre = def.precondition?.(deps)
    if (pre) return fail(pre)
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      return fail('INVALID_INPUT', { _: '请求格式不正确' })
    }
    const parsed = def.schema.safeParse(event, { errorMap: chineseErrorMap })
    if (!parsed.success) {
      const fields = issuesToFields(parsed.error)
      const specific = def.classifyInvalid?.(event as Record<string, unknown>, fields)
      return specific ? fail(specific) : fail('INVALID_INPUT', fields)
    }
    const input = parsed.data
    let userId: string | null = null
    if (def.auth !== 'none') {
      userId = await caller()
      if (!userId) return fail('NOT_LOGGED_IN')
      if (def.auth === 'venueAdmin') {
        await assertVenueAdmin(deps, userId, (input as { venueId: string }).venueId)
      }
    }
    const data = await def.handler(input, { deps, userId } as HandlerContext<A>)
    return { ok: true, data }
  } catch (err) {
    if (err instanceof DomainError) return fail(err.code, err.fields)
    logUnexpected(def.name, err)
    return fail('INTERNAL')
  }
}

export function logUnexpected(where: string, err: unknown): void {
  console.error(`[${where}] unexpected error:`, err instanceof Error ? err.stack || err.message : err)
}
