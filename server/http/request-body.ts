import { MAX_STATUS_IMPORT_BYTES, type Fail, type FunctionName } from '../../src/shared/api'
import { ERRORS } from '../../src/shared/errors'

/** Our requests are a few hundred bytes; anything far larger is refused before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024

/**
 * Functions whose requests may carry a file, with the most each may send. A health official's
 * status file (about 100,000 lines) is the one such request: the file and its JSON envelope.
 */
const LARGE_BODY_BYTES: Partial<Record<FunctionName, number>> = {
  official: MAX_STATUS_IMPORT_BYTES + MAX_BODY_BYTES
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

/** The largest body the gateway reads for this function. */
export function maxBodyBytes(name: string): number {
  return LARGE_BODY_BYTES[name as FunctionName] ?? MAX_BODY_BYTES
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
