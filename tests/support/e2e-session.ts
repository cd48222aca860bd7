/**
 * One headless Chromium and one local stack (the README's `npm start`) per end-to-end test file,
 * started before its tests and stopped after them, plus a caller for the stack's HTTP API.
 */
import type { Browser } from 'playwright-core'
import { launchChromium } from './browser'
import { startLocalStack, type RunningStack } from './local-stack-process'

export interface E2eSession {
  readonly browser: Browser
  readonly stack: RunningStack
  /** POSTs to /api/<name> and returns the answer's data; throws with the Chinese message on a refusal. */
  api(name: string, data: object, token?: string): Promise<any>
}

export function useBrowserAndStack(): E2eSession {
  let browser: Browser | undefined
  let stack: RunningStack | undefined
  beforeAll(async () => {
    browser = await launchChromium()
    stack = await startLocalStack()
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.stop()
  })
  const session: E2eSession = {
    get browser() {
      if (!browser) throw new Error('Chromium is not running: use the session inside tests or hooks')
      return browser
    },
    get stack() {
      if (!stack) throw new Error('the local stack is not running: use the session inside tests or hooks')
      return stack
    },
    async api(name, data, token) {
      const res = await fetch(`${session.stack.url}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(data)
      })
      const body = await res.json()
      if (!body.ok) throw new Error(`${name}: ${body.code} ${body.message}`)
      return body.data
    }
  }
  return session
}
