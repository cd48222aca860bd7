/**
 * Shared plumbing for page tests: the pages talk to the real cloud functions on an in-memory
 * database (tests/support/stack.ts) through the same token storage the HTTP transport uses,
 * so a demo sign-in clicked in the page is what authenticates the next call.
 */
import Taro from '@tarojs/taro'
import TestUtils from '@tarojs/test-utils-react'
import * as React from 'react'
import * as ReactDOM from 'react-dom'
import { createH5NativeComponentConfig } from '@tarojs/plugin-framework-react/dist/runtime'
import { getPageInstance } from '@tarojs/runtime'
import { idCardCheckChar } from '../../../src/shared/validators'
import type { FunctionName, Result } from '../../../src/shared/api'
import type { ActionData, ActionFunction, ActionName, ActionResult } from '../../../src/services/actions'
import { setTransport } from '../../../src/services/cloud'
import { clearToken, getToken, setToken } from '../../../src/services/token'
import { createTestStack, type TestStack } from '../../support/stack'

/** Where jsdom's page lives: the H5 check-in page is its own link, so codes must be printed for it. */
export const JSDOM_BASE = 'http://localhost'

/** A test stack whose printed links open in jsdom's page, as they open in the browser. */
export function createPageStack(): Promise<TestStack> {
  return createTestStack({ config: { publicBaseUrl: JSDOM_BASE, codeLinkBases: [JSDOM_BASE] } })
}

/** The path a printed link opens in the H5 build (customRoutes maps the check-in page to /c). */
export function linkPath(url: string): string {
  const u = new URL(url)
  return `${u.pathname}${u.search}`
}

export interface Wire {
  /** Every function name the page called, in order. */
  calls: FunctionName[]
  /** Every request the page sent, in order, as sent. */
  sent: Array<{ name: FunctionName; data: Record<string, unknown> }>
}

export function connect(stack: TestStack): Wire {
  const wire: Wire = { calls: [], sent: [] }
  setTransport((name, data) => {
    wire.calls.push(name)
    wire.sent.push({ name, data: data as Record<string, unknown> })
    return stack.call(name, data as Record<string, unknown>, getToken() || undefined)
  })
  return wire
}

export async function signInAs(stack: TestStack, account: Parameters<TestStack['login']>[0]): Promise<string> {
  const token = await stack.login(account)
  setToken(token)
  return token
}

export function signOut(): void {
  clearToken()
}

/** Put the browser at a URL, as a printed link or a navigation would. */
export function openUrl(path: string): void {
  window.history.replaceState({}, '', path)
}

export function bodyText(): string {
  return document.body.textContent ?? ''
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 15000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; page text: ${bodyText().slice(0, 800)}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

export const waitForText = (text: string, timeoutMs?: number) => waitFor(() => bodyText().includes(text), `text "${text}"`, timeoutMs)

export function q<T extends Element = HTMLElement>(selector: string): T {
  const el = document.querySelector<T>(selector)
  if (!el) throw new Error(`no element ${selector}; page text: ${bodyText().slice(0, 800)}`)
  return el
}

/** Buttons are <taro-button-core>; find one by its visible text. */
export function buttonByText(text: string): HTMLElement {
  const all = Array.from(document.querySelectorAll<HTMLElement>('taro-button-core'))
  const found = all.find((b) => (b.textContent ?? '').includes(text))
  if (!found) throw new Error(`no button "${text}"; buttons: ${all.map((b) => b.textContent).join(' | ')}`)
  return found
}

export function click(utils: TestUtils, el: HTMLElement): void {
  utils.act(() => { el.click() })
}

/** Type into a Taro <Input>: set the native input's value and fire the events it listens to. */
export function typeInto(utils: TestUtils, selector: string, value: string): void {
  const input = q<HTMLInputElement>(`${selector} input`)
  utils.act(() => {
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
  utils.act(() => { input.dispatchEvent(new Event('blur', { bubbles: true })) })
}

/** Choose an option of a Taro <Picker> (the H5 picker emits change with { value }). */
export function pick(utils: TestUtils, picker: Element, index: number): void {
  utils.act(() => { picker.dispatchEvent(new CustomEvent('change', { detail: { value: index }, bubbles: true })) })
}

/** Navigation has no router in a mounted page: record where the page wanted to go. */
export function recordNavigation(): { urls: string[]; restore: () => void } {
  const urls: string[] = []
  const spies = (['navigateTo', 'redirectTo', 'reLaunch'] as const).map((m) =>
    jest.spyOn(Taro, m).mockImplementation(((opts: { url: string }) => { urls.push(opts.url); return Promise.resolve({ errMsg: `${m}:ok` }) }) as never)
  )
  return { urls, restore: () => spies.forEach((s) => s.mockRestore()) }
}

let mounted: TestUtils | null = null

// Taro's page hooks (useDidShow, useReady…) read React from the framework runtime, which the
// app entry registers in a real build. A page mounted on its own has no app, so register
// React here; the hooks then attach to a page instance that simply never fires, and pages
// load their data from useEffect anyway.
createH5NativeComponentConfig(() => null, React, ReactDOM)

/** Mount a page alone in the document; the previous page is unmounted (its timers stop). */
export async function mountPage(Page: React.ComponentType): Promise<TestUtils> {
  if (mounted) { try { mounted.unmout() } catch { /* already gone */ } }
  document.body.innerHTML = ''
  const utils = new TestUtils()
  await utils.mount(Page as never, {})
  mounted = utils
  return utils
}

/**
 * Show the mounted page again, as coming back from another page does (Taro's componentDidShow,
 * which useDidShow listens to). A page mounted alone is registered under the app's id.
 */
export function showPageAgain(utils: TestUtils): void {
  const inst = getPageInstance('taro-app') as unknown as { componentDidShow?: Array<() => void> | (() => void) } | undefined
  const listeners = inst?.componentDidShow
  const list = Array.isArray(listeners) ? listeners : listeners ? [listeners] : []
  if (list.length === 0) throw new Error('the page listens to no didShow')
  utils.act(() => { for (const f of list) f() })
}

/** Answer every Taro.showModal with 确定 (or 取消), recording what was asked. */
export function answerModals(confirm: boolean): { asked: Array<{ title?: string; content?: string }>; restore: () => void } {
  const asked: Array<{ title?: string; content?: string }> = []
  const spy = jest.spyOn(Taro, 'showModal').mockImplementation(((opts: { title?: string; content?: string }) => {
    asked.push({ title: opts.title, content: opts.content })
    return Promise.resolve({ confirm, cancel: !confirm, errMsg: 'showModal:ok' })
  }) as never)
  return { asked, restore: () => spy.mockRestore() }
}

/** The message under a form field, or null. */
export const fieldError = (field: string): string | null => document.querySelector(`.field-error[data-field="${field}"]`)?.textContent ?? null

/** No way to type anything on the page: the check-in page's anti-fraud promise. */
export function inputsOnPage(): number {
  return document.querySelectorAll('input, textarea, select, taro-input-core, taro-textarea-core, taro-checkbox-core, taro-picker-core').length
}

/** A valid 18-digit ID number (GB 11643 check character) from its first 17 digits. */
export function idCard(first17: string): string {
  return first17 + idCardCheckChar(first17)
}

/** One action of an action function (people, entries, assist), typed as that action's answer. */
export function callActionOn<F extends ActionFunction, A extends ActionName<F>>(
  stack: TestStack, name: F, action: A, data: ActionData<F, A>, token: string
): Promise<Result<ActionResult<F, A>>> {
  return stack.call(name, { ...(data as object), action }, token) as Promise<Result<ActionResult<F, A>>>
}

/** The link printed on the demo venue's poster (its admin's list gives it). */
export async function demoCodeUrl(stack: TestStack): Promise<string> {
  const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
  if (!mine.ok) throw new Error(mine.message)
  return mine.data.venues[0].code.url
}
