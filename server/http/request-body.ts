import { MAX_STATUS_IMPORT_BYTES, type Fail, type FunctionName, type Role } from '../../src/shared/api'
import { ERRORS } from '../../src/shared/errors'

/** Our requests are a few hundred bytes; anything far larger is refused before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024

/**
 * The one request that may carry a file: a health official's status file (about 100,000 lines),
 * with its JSON envelope. Past MAX_BODY_BYTES the gateway reads on only for a caller whose
 * session holds the role (it asks whoAmI first, so a stranger's megabytes are never read), and
 * hands such a body on only for that action; everything else keeps the 64 KiB limit.
 */
export interface LargeBodyAllowance {
  maxBytes: number
  role: Role
  action: string
}

const LARGE_BODIES: Partial<Record<FunctionName, LargeBodyAllowance>> = {
  official: { maxBytes: MAX_STATUS_IMPORT_BYTES + MAX_BODY_BYTES, role: 'official', action: 'importStatus' }
}

/**
 * How long such a request may take at least: a status file of 100,000 lines is applied in one
 * transaction, which on a busy embedded database takes about a minute (npm run bench). Cut off
 * earlier, the client would be told INTERNAL while the import still commits.
 */
const LARGE_BODY_MIN_TIMEOUT_MS: Partial<Record<FunctionName, number>> = {
  official: 5 * 60_000
}

/** The gateway's time limit for this function: the configured one, or longer for a file. */
export function timeoutFor(name: string, configuredMs: number): number {
  return Math.max(configuredMs, LARGE_BODY_MIN_TIMEOUT_MS[name as FunctionName] ?? 0)
}

/** Whether, for whom and for which action this function may receive more than MAX_BODY_BYTES. */
export function largeBodyAllowance(name: string): LargeBodyAllowance | undefined {
  return LARGE_BODIES[name as FunctionName]
}

/** Deeper than any request we define; bounds the work of looking through a hostile body. */
const MAX_DEPTH = 16

export type ParsedBody = { ok: true; event: Record<string, unknown> } | Fail

function invalid(why: string): Fail {
  return { ok: false, code: 'INVALID_INPUT', message: ERRORS.INVALID_INPUT, fields: { _: why } }
}

/**
 * A function's event, from the raw HTTP body: UTF-8 JSON whose top level is an object, with no
 * `__proto__` key anywhere (harmless to JSON.parse, dangerous to whatever later copies the object).
 * Everything else is INVALID_INPUT with a Chinese reason, before any function runs.
 */
export function parseEventBody(body: Buffer): ParsedBody {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return invalid('请求内容不是有效的 UTF-8 文本')
  }
  if (!text.trim()) return invalid('请求内容为空，应为 JSON 对象')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return invalid('请求内容不是有效的 JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('请求内容应为 JSON 对象')
  const problem = inspect(value, 0)
  if (problem) return invalid(problem)
  return { ok: true, event: value as Record<string, unknown> }
}

function inspect(value: unknown, depth: number): string | null {
  if (typeof value !== 'object' || value === null) return null
  if (depth > MAX_DEPTH) return '请求内容嵌套过深'
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return '请求内容含有不允许的字段名 __proto__'
    const inner = inspect((value as Record<string, unknown>)[key], depth + 1)
    if (inner) return inner
  }
  return null
}
