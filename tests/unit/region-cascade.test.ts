/**
 * 所在地区 in one sheet: the chain of chosen regions, what it resolves to, the tabs, and the
 * levels the data has only as a placeholder (北京's 市辖区, 东莞's county 东莞市) skipped.
 */
import {
  autoChoice, chainNames, chainOf, chainValue, chooseAt, isRedundant, openingLevel, parentCodeAt, regionTabs
} from '../../src/services/region-cascade'

const SD = { code: '37', name: '山东省' }
const JN = { code: '3701', name: '济南市' }
const LX = { code: '370102', name: '历下区' }
const QCL = { code: '370102004', name: '泉城路街道' }
const GD = { code: '44', name: '广东省' }
const DG = { code: '4419', name: '东莞市' }
const DG_COUNTY = { code: '441900', name: '东莞市' }
const DC = { code: '441900003', name: '东城街道' }
const BJ = { code: '11', name: '北京市' }
const BJ_CITY = { code: '1101', name: '市辖区' }
const DCQ = { code: '110101', name: '东城区' }

describe('the chain resolves to a town only when all four levels are chosen', () => {
  test('complete: the town code; partial: nothing', () => {
    expect(chainValue([SD, JN, LX, QCL])).toBe('370102004')
    expect(chainValue([SD, JN, LX])).toBe('')
    expect(chainValue([])).toBe('')
  })

  test('choosing at a level drops the levels below it', () => {
    expect(chooseAt([SD, JN, LX, QCL], 1, { code: '3702', name: '青岛市' })).toEqual([SD, { code: '3702', name: '青岛市' }])
    expect(chooseAt([SD], 1, JN)).toEqual([SD, JN])
    expect(chooseAt([], 0, GD)).toEqual([GD])
  })

  test('each level lists the children of the level above', () => {
    expect(parentCodeAt([], 0)).toBe('')
    expect(parentCodeAt([SD, JN], 2)).toBe('3701')
    expect(parentCodeAt([SD, JN, LX, QCL], 1)).toBe('37')
  })

  test('a venue\'s region (修改场所信息) is a complete chain', () => {
    expect(chainOf({ province: SD, city: JN, county: LX, town: QCL })).toEqual([SD, JN, LX, QCL])
  })
})

describe('levels the data has only as a placeholder', () => {
  test('a level with one choice is taken without asking; two or more are the admin\'s', () => {
    expect(autoChoice([DG_COUNTY])).toEqual(DG_COUNTY)
    expect(autoChoice([BJ_CITY])).toEqual(BJ_CITY)
    expect(autoChoice([LX, { code: '370103', name: '市中区' }])).toBeNull()
    expect(autoChoice([])).toBeNull()
  })

  test('a name repeating its parent\'s or a placeholder is not read out', () => {
    const dongguan = [GD, DG, DG_COUNTY, DC]
    expect(isRedundant(dongguan, 2)).toBe(true)
    expect(isRedundant(dongguan, 1)).toBe(false)
    expect(chainNames(dongguan)).toEqual(['广东省', '东莞市', '东城街道'])
    expect(chainNames([BJ, BJ_CITY, DCQ])).toEqual(['北京市', '东城区'])
    expect(chainNames([SD, JN, LX, QCL])).toEqual(['山东省', '济南市', '历下区', '泉城路街道'])
  })

  test('the tabs skip the level taken without asking and end with what is asked now', () => {
    expect(regionTabs([GD, DG, DG_COUNTY], 3)).toEqual([
      { level: 0, label: '广东省', current: false },
      { level: 1, label: '东莞市', current: false },
      { level: 3, label: '请选择乡镇/街道', current: true }
    ])
    expect(regionTabs([], 0)).toEqual([{ level: 0, label: '请选择省份', current: true }])
  })

  test('going back to a tab marks it current and asks nothing new', () => {
    expect(regionTabs([SD, JN, LX, QCL], 1).map((t) => [t.label, t.current])).toEqual([
      ['山东省', false], ['济南市', true], ['历下区', false], ['泉城路街道', false]
    ])
  })

  test('the sheet opens at the first missing level, or at the town of a complete chain', () => {
    expect(openingLevel([])).toBe(0)
    expect(openingLevel([SD, JN])).toBe(2)
    expect(openingLevel([SD, JN, LX, QCL])).toBe(3)
  })
})
