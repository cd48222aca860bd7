/**
 * Person forms: the server sends only masked values back, so an edit starts empty and sends
 * only what was typed; a first save needs every required field; messages are the shared ones.
 */
import { companionChanges, emptyPersonForm, hasInput, personFormErrors, personRequest, serverPersonErrors } from '../../src/services/person-form-state'
import { COMPANION_RULES, EDIT_RULES, PROFILE_RULES } from '../../src/shared/person-form'
import { initialCheckpoint } from '../../src/services/assist-choice'

const ID = '370102199001011231'

test('a first 实名信息 needs name, ID number and mobile', () => {
  expect(personFormErrors(emptyPersonForm(), PROFILE_RULES, ['name', 'idCard', 'phone'])).toEqual({
    name: expect.any(String), idCard: '请填写身份证号码', phone: '请填写手机号码'
  })
})

test('an edit with empty fields is valid and sends nothing; typed fields are checked and normalised', () => {
  const form = emptyPersonForm()
  expect(personFormErrors(form, EDIT_RULES, ['name', 'idCard', 'phone'])).toEqual({})
  expect(hasInput(form, ['name', 'idCard', 'phone'])).toBe(false)
  const typed = { ...form, idCard: ' 3701 0219 9001 0112 31 ', phone: '  ' }
  expect(personFormErrors(typed, EDIT_RULES, ['name', 'idCard', 'phone'])).toEqual({})
  expect(personRequest(typed, ['name', 'idCard', 'phone'])).toEqual({ idCard: ID })
  expect(personFormErrors({ ...form, phone: '1380000' }, EDIT_RULES, ['phone'])).toEqual({ phone: '手机号码应为以1开头的11位数字' })
})

test('a locked ID field is neither checked nor sent', () => {
  const form = { ...emptyPersonForm(), name: '张三', idCard: 'nonsense' }
  expect(personFormErrors(form, EDIT_RULES, ['name', 'phone'])).toEqual({})
  expect(personRequest(form, ['name', 'phone'])).toEqual({ name: '张三' })
})

test('a companion needs a relation but no mobile', () => {
  const form = { ...emptyPersonForm(), name: '张小三', idCard: ID }
  expect(personFormErrors(form, COMPANION_RULES)).toEqual({ relation: '请选择与本人的关系' })
  expect(personFormErrors({ ...form, relation: 'child' }, COMPANION_RULES)).toEqual({})
})

test("a companion's edit sends the relation only when it changed", () => {
  expect(companionChanges(emptyPersonForm('child'), 'child')).toEqual({})
  expect(companionChanges({ ...emptyPersonForm('parent'), phone: '13912345678' }, 'child')).toEqual({ phone: '13912345678', relation: 'parent' })
})

test('server messages land on their fields; others are left for the banner', () => {
  expect(serverPersonErrors({ idCard: '身份证号码校验位不正确，请核对', venueId: 'x' })).toEqual({ idCard: '身份证号码校验位不正确，请核对' })
  expect(serverPersonErrors(undefined)).toEqual({})
})

test('辅助登记: the only checkpoint of a venue is preselected, several are left to choose', () => {
  const venue = { venueId: 'v', name: '泉城广场', fullAddress: '', checkpoints: [{ id: 'c1', name: '主入口' }] }
  expect(initialCheckpoint(venue)).toBe('c1')
  expect(initialCheckpoint({ ...venue, checkpoints: [...venue.checkpoints, { id: 'c2', name: '北门' }] })).toBe('')
  expect(initialCheckpoint(undefined)).toBe('')
})
