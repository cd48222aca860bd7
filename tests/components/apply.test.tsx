/**
 * 申领场所码 against the real listRegions and generateCode: messages next to each field, the
 * banner gone once they are fixed, 所在地区 in one sheet, the admin prefilled from 实名信息, and a
 * successful application leading to 申领成功 with its poster and 进入场所管理.
 */
import Apply from '../../src/pages/apply'
import { createTestStack, type TestStack } from '../support/stack'
import { creditCodeCheckChar } from '../../src/shared/validators'
import { VENUE_TYPES } from '../../src/shared/venue-types'
import {
  buttonByText, click, connect, mountPage, pick, q, recordNavigation, signInAs, typeInto, waitFor, waitForText, type Wire
} from './support/helpers'
import { chooseRegions, regionValue } from './support/region-sheet'

let stack: TestStack
let wire: Wire
beforeAll(async () => { stack = await createTestStack() })
afterAll(async () => { await stack.close() })
beforeEach(async () => { wire = connect(stack); await signInAs(stack, 'venue_admin') })

const fieldError = (field: string) => document.querySelector(`.field-error[data-field="${field}"]`)?.textContent ?? null
const FIRST17 = '91370102MA3DW8K2P'
const VALID_CREDIT = FIRST17 + creditCodeCheckChar(FIRST17)
const WRONG_CHECK = FIRST17 + (creditCodeCheckChar(FIRST17) === '0' ? '1' : '0')

const typeOtherAdmin = async (utils: Awaited<ReturnType<typeof mountPage>>) => {
  await waitFor(() => !!document.querySelector('.admin-self__other'), '本人 from 实名信息')
  click(utils, q('.admin-self__other'))
  await waitFor(() => !!document.querySelector('.input-adminMobile input'), 'the admin\'s inputs')
}

test('submitting an empty form puts a message next to every field and calls nothing', async () => {
  const utils = await mountPage(Apply)
  await waitFor(() => wire.calls.includes('listRegions'), 'provinces loaded')
  await typeOtherAdmin(utils)
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
  await typeOtherAdmin(utils)
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

test('a complete application registers the venue, shows 申领成功 and leads to 场所管理', async () => {
  const utils = await mountPage(Apply)
  await chooseRegions(utils, ['山东省', '济南市', '历下区', '泉城路街道'])
  expect(regionValue()).toBe('山东省 济南市 历下区 泉城路街道')
  pick(utils, q('.form-item--type taro-picker-core'), VENUE_TYPES.findIndex((t) => t.id === 'restaurant'))
  typeInto(utils, '.input-address', '芙蓉街12号')
  typeInto(utils, '.input-name', '济南芙蓉小吃店')
  typeInto(utils, '.input-creditCode', VALID_CREDIT.toLowerCase())
  await typeOtherAdmin(utils)
  typeInto(utils, '.input-adminName', '周九')
  typeInto(utils, '.input-adminMobile', '13912345678')
  click(utils, buttonByText('提交申领'))
  await waitForText('申领成功', 20000)

  const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
  if (!mine.ok) throw new Error(mine.message)
  const created = mine.data.venues.find((v) => v.venue.name === '济南芙蓉小吃店')
  expect(created).toBeDefined()
  expect(created!.venue.fullAddress).toBe('山东省济南市历下区泉城路街道 芙蓉街12号')
  expect(created!.venue.typeLabel).toBe('餐饮单位')
  expect(created!.venue.adminNameMasked).toBe('周*')
  // The poster preview and one output choice; no form left.
  expect(q('.apply-done__venue').textContent).toBe('济南芙蓉小吃店')
  expect(q('.apply-done__qr').children.length).toBe(1)
  expect(Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent)).toEqual(['打印/保存', '进入场所管理'])
  expect(document.querySelector('.input-name')).toBeNull()
  const nav = recordNavigation()
  click(utils, buttonByText('进入场所管理'))
  nav.restore()
  expect(nav.urls).toEqual([`/manage/venue/index?venueId=${created!.venue.id}`])
})

test('the admin is 本人 from 实名信息: shown masked, sent as adminSelf, stored as the account\'s own', async () => {
  const utils = await mountPage(Apply)
  await waitFor(() => !!document.querySelector('.admin-self__value'), '本人 from 实名信息')
  // venue_admin's 实名信息 is 李四 · 13800000004.
  expect(q('.admin-self__value').textContent).toBe('李* · 138****0004')
  expect(document.querySelector('.input-adminName')).toBeNull()
  await chooseRegions(utils, ['山东省', '济南市', '历下区', '泉城路街道'])
  pick(utils, q('.form-item--type taro-picker-core'), VENUE_TYPES.findIndex((t) => t.id === 'mall'))
  typeInto(utils, '.input-address', '泉城路20号')
  typeInto(utils, '.input-name', '泉城路百货')
  typeInto(utils, '.input-creditCode', VALID_CREDIT)
  click(utils, buttonByText('提交申领'))
  await waitForText('申领成功', 20000)
  const sent = wire.sent.filter((r) => r.name === 'generateCode').map((r) => r.data)
  expect(sent).toEqual([expect.objectContaining({ action: 'apply', adminSelf: true, adminName: '', adminMobile: '' })])
  const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
  if (!mine.ok) throw new Error(mine.message)
  const created = mine.data.venues.find((v) => v.venue.name === '泉城路百货')!
  expect([created.venue.adminNameMasked, created.venue.adminMobileMasked]).toEqual(['李*', '138****0004'])
})

test('the banner goes once the marked fields are fixed (observation 6)', async () => {
  const utils = await mountPage(Apply)
  await waitFor(() => !!document.querySelector('.admin-self__value'), '本人 from 实名信息')
  typeInto(utils, '.input-address', '泉城路30号')
  typeInto(utils, '.input-creditCode', VALID_CREDIT)
  click(utils, buttonByText('提交申领'))
  await waitFor(() => !!document.querySelector('.apply__banner'), 'banner')
  expect(q('.apply__banner').textContent).toBe('请按提示修改标红的内容')
  await chooseRegions(utils, ['山东省', '济南市', '历下区', '泉城路街道'])
  pick(utils, q('.form-item--type taro-picker-core'), VENUE_TYPES.findIndex((t) => t.id === 'mall'))
  // One field still marked: the banner stays.
  expect(document.querySelector('.apply__banner')).not.toBeNull()
  typeInto(utils, '.input-name', '泉城路商厦')
  await waitFor(() => !document.querySelector('.apply__banner'), 'the banner gone')
  expect(document.querySelectorAll('.field-error').length).toBe(0)
  expect(wire.calls).not.toContain('generateCode')
})

test('a place without a county level (东莞) is chosen in three taps and reads without repeats', async () => {
  const utils = await mountPage(Apply)
  await chooseRegions(utils, ['广东省', '东莞市', '东城街道'])
  expect(regionValue()).toBe('广东省 东莞市 东城街道')
  typeInto(utils, '.input-name', '')
  click(utils, buttonByText('提交申领'))
  await waitFor(() => !!document.querySelector('.field-error'), 'field errors')
  expect(document.querySelector('.field-error[data-field="townCode"]')).toBeNull()
})

test('a venue that already has a code: the server message is shown in the banner', async () => {
  const utils = await mountPage(Apply)
  await chooseRegions(utils, ['山东省', '济南市', '历下区', '泉城路街道'])
  pick(utils, q('.form-item--type taro-picker-core'), VENUE_TYPES.findIndex((t) => t.id === 'scenic'))
  typeInto(utils, '.input-address', '泉城路1号')
  typeInto(utils, '.input-name', '泉城广场')
  typeInto(utils, '.input-creditCode', '91370102MA3C0QCP0L')
  await typeOtherAdmin(utils)
  typeInto(utils, '.input-adminName', '李四')
  typeInto(utils, '.input-adminMobile', '13800000004')
  click(utils, buttonByText('提交申领'))
  await waitFor(() => !!document.querySelector('.apply__banner'), 'banner')
  expect(q('.apply__banner').textContent).toBe('该场所已申领过场所码，请联系该场所的管理员')
})
