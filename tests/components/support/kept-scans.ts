/**
 * What the offline check-in tests share across platforms: a network that can be cut (each
 * platform's own transport fails the way it does on a phone), the printed code, and the scenario's
 * look-ups of what the server holds. The platform files (offline-scan.weapp / .alipay) decide how
 * bytes travel and how the page gets the scanned text.
 */
import { scanQueue } from '../../../src/services/scan-queue-device'
import { SCAN_QUEUE_KEY } from '../../../src/services/scan-queue'
import { formatShanghai } from '../../../src/shared/time'
import type { TestStack } from '../../support/stack'
import { bodyText, waitFor } from './helpers'

export interface Network {
  online: boolean
  /** Every checkIn request that reached the server, as sent. */
  checkIns: Array<Record<string, unknown>>
}

export function network(): Network {
  return { online: true, checkIns: [] }
}

/** Forward one call to the real function, as the platform's transport would, recording check-ins. */
export function serve(stack: TestStack, net: Network, name: string, data: Record<string, unknown>, token: string | undefined) {
  if (name === 'checkIn') net.checkIns.push(data)
  return stack.call(name as never, data, token)
}

/** Nothing kept from an earlier test: the device's queue and its storage start empty. */
export function emptyDevice(): void {
  scanQueue.clear()
  localStorage.removeItem(SCAN_QUEUE_KEY)
}

/** The account's entries at the demo venue, as the server holds them. */
export async function serverEntries(stack: TestStack, token: string) {
  const res = await stack.act('entries', 'list', {}, token)
  if (!res.ok) throw new Error(res.message)
  return res.data.entries.filter((e) => e.venueName === '泉城广场')
}

export const waitForSaved = () => waitFor(() => !!document.querySelector('.checkin-saved'), 'the 已保存 screen')

/** 待上传 lines of 我的扫码记录. */
export const pendingLines = () => Array.from(document.querySelectorAll<HTMLElement>('.entry--pending'))

export function savedText(): string {
  return document.querySelector('.checkin-saved')?.textContent ?? bodyText()
}

export interface Platform {
  stack: TestStack
  net: Network
  /** The citizen's session, which the platform's transport carries. */
  token: () => string
  /** Open the check-in page on a scanned text, as this platform's scanner does. */
  openCheckin: (scanned: string) => Promise<void>
  openPage: (page: 'home' | 'entries') => Promise<void>
  /** The platform says the network is back (WeChat/Alipay network events). */
  networkBack: () => void
}

/**
 * The scenario of issue 19 on one platform: no network at the scan; the scan is kept with its
 * id and time, 已保存 shows the time and the colour 首页 last saw; 我的扫码记录 lists it 待上传,
 * also while its own list cannot load; the network returns and the entry is logged once, at the
 * time of the scan, and 我的扫码记录 shows it in place of 待上传.
 */
export async function offlineScanIsKeptAndUploaded(p: Platform, scanned: string): Promise<void> {
  // 首页 online: whoAmI gives the verified holder's colour, which the device remembers.
  await p.openPage('home')
  await waitFor(() => !!document.querySelector('.home__status-chip'), 'the holder\'s colour on 首页')
  const before = (await serverEntries(p.stack, p.token())).length

  p.net.online = false
  await p.openCheckin(scanned)
  await waitForSaved()
  const text = savedText()
  expect(text).toContain('已保存，网络恢复后自动登记')
  expect(text).toContain('当前网络不可用')
  expect(text).toContain('上次查询：绿码（刚刚）')
  expect(document.querySelectorAll('input, textarea, taro-input-core, taro-textarea-core')).toHaveLength(0)
  const [kept] = scanQueue.pending()
  expect(kept).toMatchObject({ code: scanned, companionIds: [], lastKnown: { status: 'green' } })
  expect(text).toContain(formatShanghai(kept.scannedAt))
  expect(p.net.checkIns).toHaveLength(0)

  // 我的扫码记录 offline: the kept scan on top, 待上传, though the list itself cannot load.
  await p.openPage('entries')
  await waitFor(() => pendingLines().length === 1, 'the 待上传 line')
  expect(pendingLines()[0].textContent).toContain('待上传')
  expect(pendingLines()[0].textContent).toContain(formatShanghai(kept.scannedAt, 'HH:mm'))
  await waitFor(() => bodyText().includes('网络不可用'), 'the list failing to load')

  // While the app runs, the queue tries again by itself after its backoff (and fails: offline).
  await waitFor(() => scanQueue.pending()[0]?.tries === 2, 'a second try on the backoff', 5000)
  // Its next try is now 2–4 s away: an upload within a second can only be the network event's.
  p.net.online = true
  p.networkBack()
  await waitFor(() => pendingLines().length === 0 && !!document.querySelector('.entry'), 'the uploaded entry in the list', 1500)
  expect(scanQueue.pending()).toEqual([])
  // Once, with the scan's own id, at the scan's own time.
  expect(p.net.checkIns).toEqual([{ code: scanned, companionIds: [], scanId: kept.scanId, scannedAt: kept.scannedAt }])
  const after = await serverEntries(p.stack, p.token())
  expect(after).toHaveLength(before + 1)
  expect(Math.abs(Date.parse(after[0].checkedInAt) - Date.parse(kept.scannedAt))).toBeLessThan(1000)
  expect(document.querySelector('.entry .entry__venue')?.textContent).toBe('泉城广场')
}
