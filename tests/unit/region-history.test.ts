import { countyToday, retiredCounties } from '../../server/domain/region-history'
import { countyInRegion } from '../../server/domain/officials'
import { idRegionOf } from '../../server/domain/people'
import { listChildRegions, regionPrefixName } from '../../server/domain/regions'
import { idCardCheckChar } from '../../src/shared/validators'

const idCard = (county: string) => { const body = `${county}19800101123`; return body + idCardCheckChar(body) }

describe('the county of an ID number, taken to today\'s region', () => {
  it('maps retired county codes to the county they are today, by name within the province', () => {
    // 商水县 of the old 周口地区 (4127, until 2000) is 商水县 of 周口市 (4116).
    expect(countyToday('412723')).toBe('411623')
    // 丰城县 (宜春地区 3622, until 1988), then 丰城市 (362202, until 2000), is 丰城市 of 宜春市 (3609).
    expect(countyToday('362221')).toBe('360981')
    expect(countyToday('362202')).toBe('360981')
    // 362324 is 铅山县 of the old 上饶地区 (3623), today 上饶市 (3611): not 宜春's.
    expect(countyToday('362324')).toBe('361124')
    // A name that changed only its suffix: 五常县 → 五常市; a county that moved city: 青龙县 (承德地区) → 秦皇岛.
    expect(countyToday('232125')).toBe('230184')
    expect(countyToday('132621')).toBe('130321')
    // A county that changed province: 长寿县 of 四川's 重庆市 → 重庆's 长寿区; 海南's 定安县 issued under 广东.
    expect(countyToday('510221')).toBe('500115')
    expect(countyToday('442125')).toBe('469021')
  })

  it('falls back to the old prefecture\'s city of today, else the province, when the county cannot be named', () => {
    // 周口市 (county-level, 412701) became 川汇区, which no name says: 周口's officials, no county's.
    expect(countyToday('412701')).toBe('411600')
    expect(countyToday('412700')).toBe('411600')
    // 崇文区 went into 东城区 in 2010: Beijing's 市辖区.
    expect(countyToday('110103')).toBe('110100')
    // 揭阳县 of 汕头市 (1983–1991): 汕头's old counties are in 汕头, 揭阳 and 潮州 today, so only 广东.
    expect(countyToday('440525')).toBe('440000')
  })

  it('leaves codes still in the region data alone', () => {
    for (const code of ['370102', '411623', '360981', '422801', '110101']) expect(countyToday(code)).toBe(code)
    expect(idRegionOf(idCard('370102'))).toBe('370102')
    expect(idRegionOf(idCard('412723'))).toBe('411623')
  })

  it('leaves 开发区 under their city: the data names no parent county, so no county\'s officials cover them', () => {
    expect(regionPrefixName('370176')).toContain('济南高新技术产业开发区')
    expect(countyToday('370176')).toBe('370176')
    expect(countyInRegion('370176', '3701')).toBe(true)
    expect(countyInRegion('370176', '370176')).toBe(true)
    expect(countyInRegion('370176', '370102')).toBe(false)
    // Nor does a retired county's code become a zone's.
    expect(retiredCounties().to.filter((code) => code[4] === '7')).toEqual([])
  })

  it('maps every retired code to a region of today, and no code of today', () => {
    const { from, to } = retiredCounties()
    expect(from.length).toBeGreaterThan(3000)
    expect(new Set(from).size).toBe(from.length)
    const counties = new Set<string>()
    for (const p of listChildRegions('')!) for (const c of listChildRegions(p.code)!) for (const a of listChildRegions(c.code)!) counties.add(a.code)
    const known = (code: string) => counties.has(code) ||
      (code.endsWith('00') && regionPrefixName(code.slice(0, 4)) !== null) || (code.endsWith('0000') && regionPrefixName(code.slice(0, 2)) !== null)
    expect(from.filter((code) => counties.has(code))).toEqual([])
    expect(to.filter((code) => !known(code))).toEqual([])
  })
})
