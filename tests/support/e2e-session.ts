/**
 * One headless Chromium and one local stack (the README's `npm start`) per end-to-end test file,
 * started before its tests and stopped after them, plus a caller for the stack's HTTP API.
 */
import type { Browser, Locator, Page } from 'playwright-core'
import { launchChromium, PHONE } from './browser'
import { startLocalStack, type RunningStack } from './local-stack-process'

export interface E2eSession {
  readonly browser: Browser
  readonly stack: RunningStack
  /** POSTs to /api/<name> and returns the answer's data; throws with the Chinese message on a refusal. */
  api(name: string, data: object, token?: string): Promise<any>
  /** A phone-sized page of its own, signed in as a demo account from the home page. */
  signedIn(account: string): Promise<Page>
}

/** The elements of a selector that are shown (Taro's H5 router keeps hidden pages in the DOM). */
export const visible = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true })

/**
 * `env`: more variables for the stack, read when it starts (so they may come from a fake started
 * in an earlier beforeAll, such as Alipay's gateway).
 */
export function useBrowserAndStack(options: { env?: () => Record<string, string> } = {}): E2eSession {
  let browser: Browser | undefined
  let stack: RunningStack | undefined
  beforeAll(async () => {
    browser = await launchChromium()
    stack = await startLocalStack(options.env?.() ?? {})
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
    },
    async signedIn(account) {
      const context = await session.browser.newContext({ ...PHONE, acceptDownloads: true })
      const page = await context.newPage()
      await page.goto(session.stack.url + '/')
      await page.locator(`[data-account="${account}"]`).first().click()
      await page.getByText('当前登录').waitFor()
      return page
    }
  }
  return session
}
