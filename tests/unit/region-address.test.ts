import { fullAddress } from '../../server/domain/address'
import { regionPrefixName, resolveTown } from '../../server/domain/regions'
import { addressRegionNames } from '../../src/shared/region-names'

// Observation 11 of issue 17: cities without a county level printed their own name twice.
describe('an address names each region once', () => {
  const address = (town: string) => {
    const region = resolveTown(town)
    if (!region) throw new Error(`unknown town ${town}`)
    return fullAddress(region, '1号')
  }

  it.each([
    ['441900003', '广东省东莞市东城街道 1号'],
    ['442000001', '广东省中山市石岐街道 1号'],
    ['460400100', '海南省儋州市那大镇 1号'],
    ['620201001', '甘肃省嘉峪关市雄关街道 1号'],
    ['419001001', '河南省济源市沁园街道 1号']
  ])('a town of a city without counties (%s) reads %s', (town, expected) => {
    expect(address(town)).toBe(expected)
  })

  it('keeps ordinary four-level addresses and drops municipal placeholders', () => {
    expect(address('370102004')).toBe('山东省济南市历下区泉城路街道 1号')
    expect(address('110101001')).toBe('北京市东城区东华门街道 1号')
  })

  it('names a region prefix the same way', () => {
    expect(regionPrefixName('441900')).toBe('广东省东莞市')
    expect(regionPrefixName('419001001')).toBe('河南省济源市沁园街道')
  })


  it('never leaves an empty name behind', () => {
    expect(addressRegionNames(['某省', '某市', '某市', '某市'])).toEqual(['某省', '某市'])
  })
})
