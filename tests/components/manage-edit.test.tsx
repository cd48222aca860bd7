/**
 * 修改场所信息 against the real venue function: the form starts with the venue's values (the
 * masked ones as hints), sends only what changed, the change is then recorded on 场所管理, and
 * a wrong value gets its field's message without anything being sent.
 */
import Taro from '@tarojs/taro'
import type TestUtils from '@tarojs/test-utils-react'
import EditVenue from '../../src/manage/edit'
import ManageVenue from '../../src/manage/venue'
import { createTestStack, type TestStack } from '../support/stack'
import { unwrap } from '../integration/fixtures'
import {
  bodyText, buttonByText, callActionOn, click, connect, fieldError, mountPage, openUrl, q, recordNavigation,
  signInAs, typeInto, waitFor, waitForText, type Wire
} from './support/helpers'
import { chooseRegions, regionValue } from './support/region-sheet'

let stack: TestStack
let wire: Wire
let admin: string
let venueId: string
beforeAll(async () => {
  stack = await createTestStack()
  admin = await stack.login('venue_admin')
  venueId = unwrap(await stack.call('myVenues', {}, admin)).venues[0].venue.id
})
afterAll(async () => { await stack.close() })
beforeEach(async () => { wire = connect(stack); await signInAs(stack, 'venue_admin') })

const detail = async () => unwrap(await callActionOn(stack, 'venue', 'get', { venueId }, admin))
const inputValue = (field: string) => q<HTMLInputElement>(`.input-${field} input`).value
const pickerValue = (selector: string) => q(`${selector} .picker-row__value`).textContent
const updates = () => wire.sent.filter((r) => r.name === 'venue' && r.data.action === 'update').map((r) => r.data)

async function openEdit(): Promise<TestUtils> {
  openUrl(`/manage/edit/index?venueId=${venueId}`)
  const utils = await mountPage(EditVenue)
  await waitFor(() => !!document.querySelector('.input-name input') && inputValue('name') !== '', 'the form filled in')
  // The venue's region is shown in its one row.
  await waitFor(() => regionValue() !== '' && regionValue() !== '选择省、市、区县、街道', 'region shown')
  return utils
}

/** Saves and follows the page back to 场所管理 (below it in a real app's page stack). */
async function saveAndGoBack(utils: TestUtils): Promise<void> {
  const pages = jest.spyOn(Taro, 'getCurrentPages').mockReturnValue([{}, {}] as never)
  const back = jest.spyOn(Taro, 'navigateBack').mockResolvedValue({ errMsg: 'navigateBack:ok' } as never)
  click(utils, buttonByText('保存修改'))
  await waitFor(() => back.mock.calls.length === 1, 'back to 场所管理')
  pages.mockRestore()
  back.mockRestore()
}

test('starts with the venue\'s values; what comes back masked is a hint, not a value', async () => {
  const { venue } = await detail()
  await openEdit()
  expect(regionValue()).toBe('山东省 济南市 历下区 泉城路街道')
  expect(pickerValue('.venue-type')).toBe('旅游景点')
  expect(inputValue('address')).toBe('泉城路1号')
  expect(inputValue('name')).toBe('泉城广场')
  for (const [field, masked] of [['creditCode', venue.creditCodeMasked], ['adminName', venue.adminNameMasked], ['adminMobile', venue.adminMobileMasked]]) {
    expect(inputValue(field)).toBe('')
    expect(q(`.form-item__current[data-field="${field}"]`).textContent).toBe(`当前：${masked}`)
  }
  expect(bodyText()).toContain('所在区域和统一社会信用代码的修改会被记录')
})

test('changing the address alone sends the address alone; 场所管理 then shows it and its record', async () => {
  const utils = await openEdit()
  typeInto(utils, '.input-address', ' 泉城路2号 ')
  await saveAndGoBack(utils)
  expect(updates()).toEqual([{ action: 'update', venueId, address: '泉城路2号' }])

  openUrl(`/manage/venue/index?venueId=${venueId}`)
  await mountPage(ManageVenue)
  await waitFor(() => !!document.querySelector('.manage-venue__changes'), '变更记录')
  expect(q('.manage-venue__row--address .manage-venue__value').textContent).toBe('山东省济南市历下区泉城路街道 泉城路2号')
  expect(q('.manage-venue__change-label').textContent).toBe('详细地址')
  expect(q('.manage-venue__change-values').textContent).toBe('泉城路1号 → 泉城路2号')
  expect(q('.manage-venue__change .manage-venue__sub').textContent).toMatch(/^李\* · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
})

test('a new street sends the town code alone and is recorded as 所在区域', async () => {
  const utils = await openEdit()
  const towns = unwrap(await stack.call('listRegions', { parentCode: '370102' })).regions
  const target = towns.findIndex((t) => t.name === '大明湖街道')
  // The sheet opens at the town of the venue's region: one tap changes it.
  await chooseRegions(utils, ['大明湖街道'])
  expect(regionValue()).toBe('山东省 济南市 历下区 大明湖街道')
  await saveAndGoBack(utils)
  expect(updates()).toEqual([{ action: 'update', venueId, townCode: towns[target].code }])
  const [latest] = (await detail()).changes
  expect(latest).toMatchObject({ field: 'region', oldValue: '山东省济南市历下区泉城路街道', newValue: '山东省济南市历下区大明湖街道' })
})

test('a wrong value gets its field\'s message and nothing is sent; an untouched form says so', async () => {
  const utils = await openEdit()
  click(utils, buttonByText('保存修改'))
  await waitForText('没有修改任何内容')

  typeInto(utils, '.input-creditCode', '91370102MA3C0QCP01')
  await waitFor(() => fieldError('creditCode') !== null, 'the credit code message')
  expect(fieldError('creditCode')).toBe('统一社会信用代码校验位不正确，请核对')
  typeInto(utils, '.input-name', '')
  click(utils, buttonByText('保存修改'))
  await waitFor(() => fieldError('name') !== null, 'the name message')
  expect(fieldError('name')).toBe('请填写场所名称')
  expect(q('.venue-edit__banner').textContent).toBe('请按提示修改标红的内容')
  // Left empty, the masked fields keep their values: no message for them.
  expect(fieldError('adminName')).toBeNull()
  expect(fieldError('adminMobile')).toBeNull()
  expect(updates()).toEqual([])
})

test('the server\'s refusal shows in the banner: the name and address of another registered venue', async () => {
  const other = await stack.newAccount()
  const taken = unwrap(await stack.act('generateCode', 'apply', {
    townCode: '370102004', address: '芙蓉街1号', type: 'restaurant', name: '芙蓉馆', creditCode: '91370102MA3C0QCP0L', adminName: '周九', adminMobile: '13912345678'
  }, other))
  expect(taken.venue.name).toBe('芙蓉馆')
  const utils = await openEdit()
  typeInto(utils, '.input-name', '芙蓉馆')
  typeInto(utils, '.input-address', '芙蓉街1号')
  const nav = recordNavigation()
  click(utils, buttonByText('保存修改'))
  await waitFor(() => !!document.querySelector('.venue-edit__banner'), 'the refusal')
  nav.restore()
  expect(q('.venue-edit__banner').textContent).toBe('该场所已申领过场所码，请联系该场所的管理员')
  expect(nav.urls).toEqual([])
})
