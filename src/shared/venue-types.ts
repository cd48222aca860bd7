/**
 * Venue categories from the provincial notices (seeds 000, 001, 003): every place that
 * serves the public, public transport vehicles included.
 */
export const VENUE_TYPES = [
  { id: 'government', label: '党政机关、事业单位' },
  { id: 'service_hall', label: '政务服务大厅' },
  { id: 'school', label: '学校、托幼机构' },
  { id: 'hospital', label: '医院、诊所' },
  { id: 'culture', label: '图书馆、博物馆、文化馆' },
  { id: 'elderly_care', label: '养老服务机构' },
  { id: 'restaurant', label: '餐饮单位' },
  { id: 'hotel', label: '宾馆、酒店、民宿' },
  { id: 'mall', label: '商场、超市' },
  { id: 'market', label: '农贸市场' },
  { id: 'pharmacy', label: '药店' },
  { id: 'entertainment', label: '文化娱乐场所' },
  { id: 'scenic', label: '旅游景点' },
  { id: 'enterprise', label: '企业' },
  { id: 'transport_station', label: '交通站点、场站出入口' },
  { id: 'bus', label: '公交车' },
  { id: 'vehicle', label: '出租车、网约车等其他交通工具' },
  { id: 'cold_chain', label: '冷链食品生产加工' },
  { id: 'logistics', label: '物流快递' },
  { id: 'residential', label: '居民小区' },
  { id: 'construction', label: '建筑工地' },
  { id: 'other', label: '其他公共服务、经营场所' }
] as const

export type VenueTypeId = (typeof VENUE_TYPES)[number]['id']

export const VENUE_TYPE_IDS = VENUE_TYPES.map((t) => t.id) as [VenueTypeId, ...VenueTypeId[]]

export function venueTypeLabel(id: string): string {
  return VENUE_TYPES.find((t) => t.id === id)?.label ?? '其他'
}

/** Vehicles have no fixed street address: the form asks for plate or route instead. */
export function isVehicle(id: string): boolean {
  return id === 'bus' || id === 'vehicle'
}
