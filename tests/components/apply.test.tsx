/**
 * 申领场所码 against the real listRegions and generateCode: messages next to each field,
 * regions loaded level by level, and a successful application leading to the code page.
 */
import Apply from '../../src/pages/apply'
import { createTestStack, type TestStack } from '../support/stack'
import { creditCodeCheckChar } from '../../src/shared/validators'
import { VENUE_TYPES } from '../../src/shared/venue-types'
import {
  buttonByText, click, connect, mountPage, pick, q, recordNavigation, signInAs, typeInto, waitFor, waitForText, type Wire
} from './support/helpers'
import type TestUtils from '@tarojs/test-utils-react'

let stack: TestStack
let wire: Wire
beforeAll(async () => { stack = await createTestStack() })
afterAll(async () => { await stack.close() })
beforeEach(async () => { wire = connect(stack); await signInAs(stack, 'venue_admin') })

const fieldError = (field: string) => document.querySelector(`.field-error[data-field="${field}"]`)?.textContent ?? null
const FIRST17 = '91370102MA3DW8K2P'
const VALID_CREDIT = FIRST17 + creditCodeCheckChar(FIRST17)
const WRONG_CHECK = FIRST17 + (creditCodeCheckChar(FIRST17) === '0' ? '1' : '0')

async function chooseRegion(utils: TestUtils, names: [string, string, string, string]) {
  let parent = ''
  for (let level = 0; level < 4; level++) {
    const res = await stack.call('listRegions', { parentCode: parent })
    if (!res.ok) throw new Error(res.message)
    const index = res.data.regions.findIndex((r) => r.name === names[level])
    expect(index).toBeGreaterThanOrEqual(0)
    const pickerOf = () => document.querySelectorAll('.form-item--townCode taro-picker-core')[level]
    // Wait until the page has loaded this level's choices (the picker is enabled).
    await waitFor(() => pickerOf()?.getAttribute('disabled') === 'false', `level ${level} loaded`)
    pick(utils, pickerOf(), index)
    await waitFor(() => (q(`.region-${['province', 'city', 'county', 'town'][level]} .picker-row__value`).textContent ?? '') === names[level], `${names[level]} chosen`)
    parent = res.data.regions[index].code
  }
}

test('submitting an empty form puts a message next to every field and calls nothing', async () => {
  const utils = await mountPage(Apply)
  await waitFor(() => wire.calls.includes('listRegions'), 'provinces loaded')
  click(utils, buttonByText('提交申领'))
  await waitFor(() => fieldError('creditCode') !== null, 'field errors')
  expect(fieldError('townCode')).toBe('请选择所在乡镇（街道）')
  expect(fieldError('type')).toBe('请选择场所类型')
  expect(fieldError('address')).toBe('请填写详细地址')
  expect(fieldError('name')).toBe('请填写场所名称')
  expect(fieldError('creditCode')).toBe('请填写统一社会信用代码')
  expect(fieldError('adminName')).toBe('请填写姓名')
  expect(fieldError('adminMobile')).toBe('请填写手机号码')
  // Each message sits inside its own field's block.
  expect(q('.form-item--creditCode .field-error').textContent).toBe('请填写统一社会信用代码')
  expect(wire.calls).not.toContain('generateCode')
})

test('a wrong check character is caught on blur, next to the credit-code field', async () => {
  const utils = await mountPage(Apply)
  typeInto(utils, '.input-creditCode', WRONG_CHECK)
  await waitFor(() => fieldError('creditCode') !== null, 'credit code message')
  expect(fieldError('creditCode')).toBe('统一社会信用代码校验位不正确，请核对')
  typeInto(utils, '.input-adminMobile', '1380000')
  await waitFor(() => fieldError('adminMobile') !== null, 'mobile message')
  expect(fieldError('adminMobile')).toBe('手机号码应为以1开头的11位数字')
  typeInto(utils, '.input-creditCode', VALID_CREDIT)
  await waitFor(() => fieldError('creditCode') === null, 'credit code message to clear')
})

test('vehicles are asked for 车牌号或线路 instead of a street address', async () => {
  const utils = await mountPage(Apply)
  pick(utils, q('.form-item--type taro-picker-core'), VENUE_TYPES.findIndex((t) => t.id === 'bus'))
  await waitForText('车牌号或线路')
  click(utils, buttonByText('提交申领'))
  await waitFor(() => fieldError('address') !== null, 'address message')
  expect(fieldError('address')).toBe('请填写车牌号或线路')
})

test('a complete application registers the venue and opens its code page', async () => {
  const utils = await mountPage(Apply)
  await chooseRegion(utils, ['山东省', '济南市', '历下区', '泉城路街道'])
  pick(utils, q('.form-item--type taro-picker-core'), VENUE_TYPES.findIndex((t) => t.id === 'restaurant'))
  typeInto(utils, '.input-address', '芙蓉街12号')
  typeInto(utils, '.input-name', '济南芙蓉小吃店')
  typeInto(utils, '.input-creditCode', VALID_CREDIT.toLowerCase())
  typeInto(utils, '.input-adminName', '周九')
  typeInto(utils, '.input-adminMobile', '13912345678')
  const nav = recordNavigation()
  click(utils, buttonByText('提交申领'))
  await waitFor(() => nav.urls.length === 1, 'redirect to the code page', 20000)
  nav.restore()

  const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
  if (!mine.ok) throw new Error(mine.message)
  const created = mine.data.venues.find((v) => v.venue.name === '济南芙蓉小吃店')
  expect(created).toBeDefined()
  expect(created!.venue.fullAddress).toBe('山东省济南市历下区泉城路街道 芙蓉街12号')
  expect(created!.venue.typeLabel).toBe('餐饮单位')
  expect(nav.urls[0]).toBe(`/pages/code/index?venueId=${created!.venue.id}`)
})

test('a venue that already has a code: the server message is shown in the banner', async () => {
  const utils = await mountPage(Apply)
  await chooseRegion(utils, ['山东省', '济南市', '历下区', '泉城路街道'])
  pick(utils, q('.form-item--type taro-picker-core'), VENUE_TYPES.findIndex((t) => t.id === 'scenic'))
  typeInto(utils, '.input-address', '泉城路1号')
  typeInto(utils, '.input-name', '泉城广场')
  typeInto(utils, '.input-creditCode', '91370102MA3C0QCP0L')
  typeInto(utils, '.input-adminName', '李四')
  typeInto(utils, '.input-adminMobile', '13800000004')
  click(utils, buttonByText('提交申领'))
  await waitFor(() => !!document.querySelector('.apply__banner'), 'banner')
  expect(q('.apply__banner').textContent).toBe('该场所已申领过场所码，请联系该场所的管理员')
})
