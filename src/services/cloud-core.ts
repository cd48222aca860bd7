/**
 * The typed entry point every page uses to reach a cloud function. The transport is
 * pluggable so component tests can run the real functions in-process, and so each
 * platform file (cloud.ts / cloud.weapp.ts) only decides how bytes travel.
 */
import { isResult, type Api, type DeletionReceipt, type Fail, type FunctionName, type Result } from '../shared/api'

export type Transport = (name: FunctionName, data: unknown) => Promise<unknown>

/** Shown when the request never got an answer; pages render it like any other error. */
export const NETWORK_ERROR_MESSAGE = '网络不可用，请检查网络后重试'

/**
 * The answer to a call that got none (no transport, the transport threw, or what came back is
 * not one of our answers). Marked `unreachable` so a caller that can keep the request for later
 * (the check-in's scan queue) can tell "nobody answered" from a server's own INTERNAL.
 */
export const UNREACHABLE: Fail = { ok: false, code: 'INTERNAL', message: NETWORK_ERROR_MESSAGE, unreachable: true }

let transport: Transport | null = null
let defaultTransport: Transport | null = null

export function setDefaultTransport(t: Transport): void {
  defaultTransport = t
}

/** Replace the transport (tests); pass null to go back to the platform default. */
export function setTransport(t: Transport | null): void {
  transport = t
}

/**
 * An unexpected error comes with the id of the server's log line: shown in the message, so a
 * person reporting the problem can quote it and the line can be found.
 */
function withReportableId<T>(res: Result<T>): Result<T> {
  if (res.ok || res.code !== 'INTERNAL' || !res.requestId || res.message.includes(res.requestId)) return res
  return { ...res, message: `${res.message}（错误编号 ${res.requestId}）` }
}

/** Who is told when a function answers SYSTEM_ENDED (停用): the app shows the receipt page. */
const endedListeners = new Set<(receipt: DeletionReceipt) => void>()

/** Be told of the deletion receipt whenever any answer carries it; returns how to stop. */
export function onSystemEnded(listener: (receipt: DeletionReceipt) => void): () => void {
  endedListeners.add(listener)
  return () => { endedListeners.delete(listener) }
}

function noticeEnded<T>(res: Result<T>): Result<T> {
  if (!res.ok && res.code === 'SYSTEM_ENDED' && res.receipt) {
    // A listener's failure must not turn the answer into "unreachable".
    for (const l of endedListeners) try { l(res.receipt) } catch { /* the answer still goes to the page */ }
  }
  return res
}

/**
 * Call a function and always resolve with a Result: a page never has to catch, and a
 * network failure looks like any other error with a Chinese message.
 */
export async function callFunction<N extends FunctionName>(name: N, data: Api[N][0]): Promise<Result<Api[N][1]>> {
  const t = transport ?? defaultTransport
  if (!t) return { ...UNREACHABLE }
  try {
    const res = await t(name, data)
    if (isResult(res)) return noticeEnded(withReportableId(res as Result<Api[N][1]>))
    return { ...UNREACHABLE }
  } catch {
    return { ...UNREACHABLE }
  }
}
