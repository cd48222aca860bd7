/**
 * Region names as people write them in an address: written once, for the server's addresses
 * (posters, cards, exports) and the application form's 所在地区 row alike.
 */

/** Names in 统计用区划代码（2023） that are not a place: the placeholder level of municipalities and directly administered counties. */
export const NON_ADDRESS_NAMES: ReadonlySet<string> = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])

/**
 * Region names as an address spells them, top down. Placeholders go, and so does a name that
 * repeats its parent's: cities without a county level (东莞, 中山, 儋州, 嘉峪关) list themselves
 * as their own county, and 济源's towns carry the city in their own name (济源市沁园街道), so a
 * plain join printed 广东省东莞市东莞市东城街道 and 河南省济源市济源市沁园街道.
 */
export function addressRegionNames(names: readonly string[]): string[] {
  const kept: string[] = []
  for (const name of names) {
    if (NON_ADDRESS_NAMES.has(name)) continue
    const parent = kept[kept.length - 1]
    const own = parent && name.startsWith(parent) ? name.slice(parent.length) : name
    if (own) kept.push(own)
  }
  return kept
}
