/**
 * 实名信息 against the real people function: the first time every field is needed, messages sit
 * next to their fields (the form's own and the server's), then the masked values show with
 * 未核验 and 去核验 (verifying: identity.test.tsx); an edit sends only what was typed; the ID
 * number is locked once there are entries; and opened from the check-in page it offers 去核验
 * before going back.
 */
import Taro from '@tarojs/taro'
import Profile from '../../src/pages/profile'
import { ERRORS } from '../../src/shared/errors'
import { setToken } from '../../src/services/token'
import type { TestStack } from '../support/stack'
import {
  bodyText, buttonByText, callActionOn, click, connect, createPageStack, demoCodeUrl, fieldError, idCard, mountPage, openUrl, q, signInAs, signOut,
  typeInto, waitFor, waitForText, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
const NEWCOMER_ID = idCard('37010219880705123')

beforeAll(async () => { stack = await createPageStack() })
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack); signOut(); openUrl('/pages/profile/index') })

// The native <input> appears once Taro's web component has rendered.
const loaded = () => waitFor(() => !!document.querySelector('.profile__submit') && !!document.querySelector('.input-name input'), 'the form')
const saves = () => wire.calls.filter((c) => c === 'people').length - 1

describe('the first time (newcomer)', () => {
  test('an empty form gets a message under every field and nothing is sent', async () => {
    await signInAs(stack, 'newcomer')
    const utils = await mountPage(Profile)
    await loaded()
    expect(bodyText()).toContain('填写实名信息')
    click(utils, buttonByText('保存'))
    await waitFor(() => fieldError('phone') !== null, 'field messages')
    expect(fieldError('name')).not.toBeNull()
    expect(fieldError('idCard')).toBe('请填写身份证号码')
    expect(fieldError('phone')).toBe('请填写手机号码')
    expect(q('.person-field--idCard .field-error').textContent).toBe('请填写身份证号码')
    expect(saves()).toBe(0)
  })

  test('a wrong check character is caught on blur, before anything is sent', async () => {
    await signInAs(stack, 'newcomer')
    const utils = await mountPage(Profile)
    await loaded()
    const wrong = NEWCOMER_ID.slice(0, 17) + (NEWCOMER_ID[17] === '0' ? '1' : '0')
    typeInto(utils, '.input-idCard', wrong)
    await waitFor(() => fieldError('idCard') !== null, 'the ID message')
    expect(fieldError('idCard')).toBe('身份证号码校验位不正确，请核对')
    expect(saves()).toBe(0)
  })

  test("the server's refusal is shown next to its field", async () => {
    await signInAs(stack, 'newcomer')
    const utils = await mountPage(Profile)
    await loaded()
    // The red demo citizen's ID number under another name.
    typeInto(utils, '.input-name', '王八')
    typeInto(utils, '.input-idCard', '370102199203157896')
    typeInto(utils, '.input-phone', '13912340000')
    click(utils, buttonByText('保存'))
    await waitFor(() => fieldError('name') !== null, 'the server message')
    expect(fieldError('name')).toBe('与该身份证号码已登记的姓名不一致')
    expect(q('.profile__banner').textContent).toBe(ERRORS.PERSON_NAME_MISMATCH)
  })

  test('a complete form is saved: the masked values, 未核验 and no colour until verified', async () => {
    await signInAs(stack, 'newcomer')
    const utils = await mountPage(Profile)
    await loaded()
    typeInto(utils, '.input-name', '周新')
    typeInto(utils, '.input-idCard', NEWCOMER_ID.toLowerCase())
    typeInto(utils, '.input-phone', '13912340000')
    click(utils, buttonByText('保存'))
    await waitForText('已保存，请完成实名核验')
    expect(q('.profile__name').textContent).toBe('周*')
    expect(q('.profile__unverified').textContent).toBe('未核验')
    expect(document.querySelector('.health-chip')).toBeNull()
    buttonByText('去核验')
    expect(q('.person-field__current[data-field="idCard"]').textContent).toBe(`当前：${NEWCOMER_ID.slice(0, 4)}**********${NEWCOMER_ID.slice(-4)}`)
    expect(q('.person-field__current[data-field="phone"]').textContent).toBe('当前：139****0000')
    // The form is empty again: what stays empty stays unchanged.
    expect(q<HTMLInputElement>('.input-name input').value).toBe('')
  })
})

describe('afterwards', () => {
  test('an edit with nothing typed is not sent', async () => {
    await signInAs(stack, 'newcomer')
    const utils = await mountPage(Profile)
    await loaded()
    click(utils, buttonByText('保存'))
    await waitForText('请填写要修改的项目')
    expect(saves()).toBe(0)
  })

  test('opened from the check-in page (?then=back), a saved change offers 去核验 first; 暂不核验 goes back', async () => {
    const token = await signInAs(stack, 'newcomer')
    openUrl('/pages/profile/index?then=back')
    const back = jest.spyOn(Taro, 'navigateBack').mockImplementation((() => Promise.resolve({ errMsg: 'navigateBack:ok' })) as never)
    try {
      const utils = await mountPage(Profile)
      await loaded()
      typeInto(utils, '.input-phone', '13912345678')
      click(utils, buttonByText('保存'))
      await waitForText('已保存，请完成实名核验')
      expect(back).not.toHaveBeenCalled()
      click(utils, buttonByText('暂不核验，返回'))
      await waitFor(() => back.mock.calls.length === 1, 'navigateBack')
    } finally {
      back.mockRestore()
    }
    const now = await callActionOn(stack, 'people', 'getProfile', {}, token)
    expect(now.ok && now.data.profile).toMatchObject({ nameMasked: '周*', phoneMasked: '139****5678', verified: false })
  })

  test('with entries, the ID number cannot change: the field gives way to the reason', async () => {
    // Typed, not verified (a verified profile locks the name as well: identity.test.tsx).
    const token = await stack.newAccount()
    const saved = await callActionOn(stack, 'people', 'saveProfile', { name: '吴八', idCard: idCard('37010219770707123'), phone: '13912347777' }, token)
    if (!saved.ok) throw new Error(saved.message)
    expect((await stack.call('checkIn', { code: await demoCodeUrl(stack) }, token)).ok).toBe(true)
    setToken(token)

    await mountPage(Profile)
    await loaded()
    expect(q('.person-field__locked[data-field="idCard"]').textContent).toBe(ERRORS.ID_CARD_LOCKED)
    expect(document.querySelector('.input-idCard')).toBeNull()
    expect(document.querySelector('.input-name')).not.toBeNull()
    expect(document.querySelector('.input-phone')).not.toBeNull()
  })
})

test('not signed in: the demo accounts and a retry, no form', async () => {
  await mountPage(Profile)
  await waitForText('请先登录后再操作')
  expect(document.querySelector('.profile__submit')).toBeNull()
})
