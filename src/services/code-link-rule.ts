/**
 * Which link bases this deployment prints, so the page applies the same rule as checkIn and
 * refuses a look-alike host without telling any server what was scanned. The H5 page gets
 * them from the server that serves it (window.__CSM_CODE_BASES__, written into index.html at
 * serve time, so one build serves any address); a mini-program gets them at build time
 * (TARO_APP_CODE_BASES, comma-separated). Unknown → null: checkIn, which always knows, decides.
 */
import { CODE_BASES_GLOBAL, type CodeLinkRule } from '../shared/venue-code'

function injectedBases(): string[] | null {
  if (typeof window === 'undefined') return null
  const value = (window as unknown as Record<string, unknown>)[CODE_BASES_GLOBAL]
  return Array.isArray(value) && value.length > 0 && value.every((b) => typeof b === 'string') ? value as string[] : null
}

export function codeLinkRule(): CodeLinkRule {
  const built = (process.env.TARO_APP_CODE_BASES || '').split(',').filter(Boolean)
  return { bases: injectedBases() ?? (built.length ? built : null) }
}
