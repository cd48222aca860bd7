/**
 * WeChat URL Links (wxa/generate_urllink) that open one venue code in the mini-program from a
 * phone's browser. The mini-program page receives the printed link as `q`, exactly as WeChat's
 * own scanner hands it over ("扫普通链接二维码打开小程序"), so the mini-program reads it the way
 * it always has. A link lives at most 30 days; one is made per code and kept in memory a day
 * short of that, so a busy poster costs one WeChat call a month, not one per passer-by.
 */
import type { WechatConfig } from '../config'
import { callWechat } from './api'

export const URL_LINK_DAYS = 30
const KEEP_MS = (URL_LINK_DAYS - 1) * 24 * 3600 * 1000
/** Enough for every poster a city prints; past it the oldest is forgotten (and made again if scanned). */
const MAX_CACHED = 20000

const cache = new Map<string, { url: string; until: number }>()

/** The URL Link of `link` (a printed code link), or null when WeChat is down or refuses. */
export async function wechatUrlLink(config: WechatConfig, link: string): Promise<string | null> {
  const key = `${config.appId} ${link}`
  const kept = cache.get(key)
  if (kept && Date.now() < kept.until) return kept.url
  const answer = await callWechat(config, '/wxa/generate_urllink', {
    path: 'pages/checkin/index',
    query: `q=${encodeURIComponent(link)}`,
    expire_type: 1,
    expire_interval: URL_LINK_DAYS
  })
  // Down or refusing, the look-up answers without the link: a browser can still sign in here.
  if (answer.kind !== 'answer' || answer.body.errcode || typeof answer.body.url_link !== 'string' || !/^https:\/\//.test(answer.body.url_link)) {
    return null
  }
  cache.delete(key)
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string)
  cache.set(key, { url: answer.body.url_link, until: Date.now() + KEEP_MS })
  return answer.body.url_link
}

/** For tests: start from an empty cache. */
export function forgetUrlLinks(): void {
  cache.clear()
}
