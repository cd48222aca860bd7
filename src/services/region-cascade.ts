/**
 * 所在地区 as one cascading choice (province → city → county → town in one sheet, like 粤康码):
 * the rule without Taro. The sheet lists one level at a time; a tap on a name goes one level
 * down, and the fourth (the town) completes the choice. 统计用区划代码（2023） always has four levels, but
 * some are only a placeholder: 北京's one city 市辖区, 东莞's one county 东莞市 (the city again).
 * A level with a single choice is taken without asking, and a name that is a placeholder or
 * repeats its parent's is left out of what the admin reads.
 */
import type { Region, RegionPath } from '../shared/api'
import { addressRegionNames, NON_ADDRESS_NAMES } from '../shared/region-names'

export const REGION_DEPTH = 4

/** The level labels, in order: the sheet's tab for a level not chosen yet says 请选择<label>. */
export const REGION_LEVEL_LABELS = ['省份', '城市', '区县', '乡镇/街道'] as const

/** The chosen regions from the province down (0 to 4 of them). */
export type RegionChain = Region[]

export function chainOf(path: RegionPath): RegionChain {
  return [path.province, path.city, path.county, path.town]
}

/** Whether a chosen region adds nothing to its parent's name (placeholder or the same name). */
export function isRedundant(chain: RegionChain, level: number): boolean {
  const r = chain[level]
  if (!r) return false
  return NON_ADDRESS_NAMES.has(r.name) || (level > 0 && chain[level - 1]?.name === r.name)
}

/** The names the admin reads, as the address will spell them: 广东省 东莞市 东城街道, 北京市 东城区 …. */
export function chainNames(chain: RegionChain): string[] {
  return addressRegionNames(chain.map((r) => r.name))
}

/** The town's code once all four levels are chosen, else '' (the form's townCode). */
export function chainValue(chain: RegionChain): string {
  return chain.length === REGION_DEPTH ? chain[REGION_DEPTH - 1].code : ''
}

/** The chain after choosing `region` at `level`: the levels below are dropped. */
export function chooseAt(chain: RegionChain, level: number, region: Region): RegionChain {
  return [...chain.slice(0, level), region]
}

/** The parent code whose children are listed at `level` ('' for the provinces). */
export function parentCodeAt(chain: RegionChain, level: number): string {
  return level === 0 ? '' : chain[level - 1]?.code ?? ''
}

/**
 * After a level's choices arrive: a level with exactly one choice is taken at once (its parent
 * was the real choice), so the sheet moves on to the next level. Null when the admin must choose.
 */
export function autoChoice(options: Region[]): Region | null {
  return options.length === 1 ? options[0] : null
}

export interface RegionTab {
  level: number
  label: string
  /** The level being chosen now (the list below the tabs is its choices). */
  current: boolean
}

/**
 * The sheet's tabs: one per chosen level the admin can go back to (a redundant level, taken
 * without asking, has none), then 请选择… for the level being chosen when the chain is not complete.
 */
export function regionTabs(chain: RegionChain, level: number): RegionTab[] {
  const tabs: RegionTab[] = []
  chain.forEach((r, i) => {
    if (!isRedundant(chain, i)) tabs.push({ level: i, label: r.name, current: i === level })
  })
  if (level >= chain.length && level < REGION_DEPTH) tabs.push({ level, label: `请选择${REGION_LEVEL_LABELS[level]}`, current: true })
  return tabs
}

/** The level the sheet opens at: the town's when complete (to change it), else the first missing one. */
export function openingLevel(chain: RegionChain): number {
  return Math.min(chain.length, REGION_DEPTH - 1)
}
