import type { RegionPath } from '../../src/shared/api'
import { addressRegionNames } from '../../src/shared/region-names'

/**
 * Address formatting from a region path the caller already has (a venue row carries its four
 * region names). Kept apart from ./regions, which reads the 统计用区划代码（2023） tables: check-in, the gate,
 * my entries and the code card only format, and must not pull the table loader into their bundles.
 */

/** 山东省济南市历下区泉城路街道 泉城路1号 */
export function fullAddress(region: RegionPath, address: string): string {
  const names = addressRegionNames([region.province, region.city, region.county, region.town].map((r) => r.name))
  return `${names.join('')} ${address}`
}
