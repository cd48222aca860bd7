import { ERRORS } from '../../src/shared/errors'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, unwrap, venueInput } from './fixtures'

describe.each(testDatabases())('generateCode, myVenues, getVenueCode, regenerateCode on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let admin: string
  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    admin = await stack.login('citizen')
  })
  afterAll(async () => { await stack.close() })

  it('registers a venue, makes the caller its admin and returns a signed https link', async () => {
    const input = venueInput({ name: '  泉城书店 ', creditCode: venueInput().creditCode.toLowerCase() })
    const data = unwrap(await stack.act('generateCode', 'apply', input, admin))
    expect(data.venue).toMatchObject({
      name: '泉城书店',
      type: 'restaurant',
      typeLabel: '餐饮单位',
      address: '泉城路188号',
      fullAddress: '山东省济南市历下区泉城路街道 泉城路188号',
      region: { town: { code: '370102004', name: '泉城路街道' }, county: { code: '370102', name: '历下区' } },
      adminNameMasked: '周*',
      adminMobileMasked: '139****5678'
    })
    expect(data.venue.creditCodeMasked).toBe(`${input.creditCode.toUpperCase().slice(0, 4)}**********${input.creditCode.toUpperCase().slice(-4)}`)
    expect(data.venue.declarationCode).toMatch(/^\d{6}$/)
    expect(data.venue.id).toMatch(/^[a-z2-7]{10}$/)
    expect(data.code).toMatchObject({ venueId: data.venue.id, checkpointName: '主入口', codeVersion: 1 })
    expect(data.code.url).toMatch(new RegExp(`^https://csm\\.example\\.test/c\\?t=CSM1\\.k1\\.${data.venue.id}\\.${data.code.checkpointId}\\.1\\.[A-Za-z0-9_-]{22}$`))
    expect(new Date(data.venue.createdAt).toISOString()).toBe(data.venue.createdAt)

    const me = unwrap(await stack.call('whoAmI', {}, admin))
    expect(me.roles).toEqual(expect.arrayContaining(['citizen', 'venue_admin']))
    const mine = unwrap(await stack.call('myVenues', {}, admin))
    expect(mine.venues.map((v) => v.venue.id)).toContain(data.venue.id)
    expect(unwrap(await stack.call('getVenueCode', { venueId: data.venue.id }, admin))).toEqual(data)
  })

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['townCode', { townCode: '' }, '请选择所在乡镇（街道）'],
    ['townCode', { townCode: '370102999' }, ERRORS.REGION_NOT_FOUND],
    ['address', { address: ' ' }, '请填写详细地址'],
    ['address', { type: 'bus', address: 'K' }, '车牌号或线路至少2个字'],
    ['type', { type: 'casino' }, '请选择场所类型'],
    ['name', { name: '店' }, '场所名称至少2个字'],
    ['creditCode', { creditCode: '91370102MA3C0QCP0A' }, '统一社会信用代码校验位不正确，请核对'],
    ['creditCode', { creditCode: '9137' }, '统一社会信用代码应为18位'],
    ['adminName', { adminName: 'A1' }, '姓名只能包含汉字、字母或“·”'],
    ['adminMobile', { adminMobile: '12345678901' }, '手机号码应为以1开头的11位数字'],
    ['adminMobile', { adminMobile: 13912345678 }, '格式不正确'],
    ['extra', { extra: 1 }, '不支持的字段']
  ]
  it.each(invalid)('refuses an invalid %s with a Chinese message and writes nothing (%j)', async (field, patch, message) => {
    const before = await Promise.all(['venues', 'checkpoints'].map((t) => count(stack.db, t)))
    const res = await stack.act('generateCode', 'apply', { ...venueInput(), ...patch }, admin)
    expect(res).toEqual({ ok: false, code: 'INVALID_INPUT', message: ERRORS.INVALID_INPUT, fields: { [field]: message } })
    expect(await Promise.all(['venues', 'checkpoints'].map((t) => count(stack.db, t)))).toEqual(before)
  })

  it('reports every invalid field at once', async () => {
    const res = await stack.act('generateCode', 'apply', venueInput({ name: '', address: '', creditCode: '', adminName: '', adminMobile: '' }), admin)
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(Object.keys(res.fields ?? {}).sort()).toEqual(['address', 'adminMobile', 'adminName', 'creditCode', 'name'])
  })

  it.each([
    ['name', { name: 'a\u0000b' }, '场所名称含有控制字符或不可见的格式字符，请删除后重新填写'],
    ['name', { name: '泉城广场\u202egpj.exe' }, '场所名称含有控制字符或不可见的格式字符，请删除后重新填写'],
    ['address', { address: '泉城路\u200b1号' }, '详细地址含有控制字符或不可见的格式字符，请删除后重新填写'],
    ['adminName', { adminName: '李\u0007四' }, '姓名含有控制字符或不可见的格式字符，请删除后重新填写'],
    ['townCode', { townCode: '370102\u0000' }, '所选地区不存在，请重新选择'],
    ['creditCode', { creditCode: '9137010\u0000MA3C0QCP0L' }, '统一社会信用代码含有无效字符“\u0000”']
  ])('refuses a control or format character in %s with a message for that field, writing nothing', async (field, patch, message) => {
    const before = await count(stack.db, 'venues')
    const res = await stack.act('generateCode', 'apply', venueInput(patch), admin)
    expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { [field]: message } })
    expect(await count(stack.db, 'venues')).toBe(before)
  })

  it('refuses the same venue twice, even from another user and with spaces in the credit code', async () => {
    const input = venueInput()
    unwrap(await stack.act('generateCode', 'apply', input, admin))
    const before = await count(stack.db, 'venues')
    const other = await stack.login('citizen_yellow')
    const spaced = input.creditCode.replace(/(.{4})/g, '$1 ')
    expect(await stack.act('generateCode', 'apply', { ...input, creditCode: spaced }, other))
      .toEqual({ ok: false, code: 'VENUE_ALREADY_REGISTERED', message: ERRORS.VENUE_ALREADY_REGISTERED })
    expect(await count(stack.db, 'venues')).toBe(before)
    // Same company, another branch: a different name is a different venue.
    unwrap(await stack.act('generateCode', 'apply', { ...input, name: '老济南把子肉二分店' }, other))
  })

  it('requires a signed-in caller', async () => {
    const before = await count(stack.db, 'venues')
    expect(await stack.act('generateCode', 'apply', venueInput())).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN', message: ERRORS.NOT_LOGGED_IN })
    expect(await stack.act('generateCode', 'apply', venueInput(), 'not-a-real-token')).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    expect(await stack.call('myVenues', {})).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    expect(await count(stack.db, 'venues')).toBe(before)
  })

  it('treats an expired session as signed out', async () => {
    const token = await stack.login('inspector')
    await stack.db.query("UPDATE sessions SET expires_at = now() - interval '1 second'")
    expect(await stack.call('whoAmI', {}, token)).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    admin = await stack.login('citizen')
  })

  it('lets only the venue admin read or regenerate its code', async () => {
    const { venue, code } = unwrap(await stack.act('generateCode', 'apply', venueInput(), admin))
    const stranger = await stack.login('citizen_red')
    expect(await stack.call('getVenueCode', { venueId: venue.id }, stranger)).toMatchObject({ ok: false, code: 'NOT_VENUE_ADMIN', message: ERRORS.NOT_VENUE_ADMIN })
    expect(await stack.call('regenerateCode', { venueId: venue.id }, stranger)).toMatchObject({ ok: false, code: 'NOT_VENUE_ADMIN' })
    expect(await stack.call('getVenueCode', { venueId: 'zzzzzzzzzz' }, admin)).toMatchObject({ ok: false, code: 'VENUE_NOT_FOUND' })
    expect(await stack.call('getVenueCode', { venueId: 'NOT VALID' }, admin)).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { venueId: '场所编号格式不正确' } })
    expect(await stack.call('getVenueCode', { venueId: venue.id })).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })

    const again = unwrap(await stack.call('regenerateCode', { venueId: venue.id }, admin))
    expect(again.code.codeVersion).toBe(2)
    expect(again.code.checkpointId).toBe(code.checkpointId)
    expect(again.code.url).not.toBe(code.url)
    expect(unwrap(await stack.call('getVenueCode', { venueId: venue.id }, admin)).code.codeVersion).toBe(2)
  })
})
