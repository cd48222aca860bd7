import { ERRORS } from '../../src/shared/errors'
import { resolveTown } from '../../server/domain/regions'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { unwrap } from './fixtures'

describe.each(testDatabases())('listRegions on $label', ({ databaseUrl }) => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack({ databaseUrl }) })
  afterAll(async () => { await stack.close() })

  it('walks province → city → county → town without signing in', async () => {
    const provinces = unwrap(await stack.call('listRegions', { parentCode: '' })).regions
    expect(provinces).toContainEqual({ code: '37', name: '山东省' })
    expect(provinces.length).toBeGreaterThanOrEqual(31)
    expect(unwrap(await stack.call('listRegions', { parentCode: '37' })).regions).toContainEqual({ code: '3701', name: '济南市' })
    expect(unwrap(await stack.call('listRegions', { parentCode: '3701' })).regions).toContainEqual({ code: '370102', name: '历下区' })
    expect(unwrap(await stack.call('listRegions', { parentCode: '370102' })).regions).toContainEqual({ code: '370102004', name: '泉城路街道' })
  })

  it('answers REGION_NOT_FOUND for an unknown parent and INVALID_INPUT for a malformed one', async () => {
    expect(await stack.call('listRegions', { parentCode: '99' })).toEqual({ ok: false, code: 'REGION_NOT_FOUND', message: ERRORS.REGION_NOT_FOUND })
    expect(await stack.call('listRegions', { parentCode: '37a' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { parentCode: '地区代码格式不正确' } })
    expect(await stack.call('listRegions', {})).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { parentCode: '此项为必填项' } })
  })

  it('resolves a town code to its full path and rejects anything else', () => {
    expect(resolveTown('370102004')).toEqual({
      province: { code: '37', name: '山东省' },
      city: { code: '3701', name: '济南市' },
      county: { code: '370102', name: '历下区' },
      town: { code: '370102004', name: '泉城路街道' }
    })
    expect(resolveTown('370102')).toBeNull()
    expect(resolveTown('370102999')).toBeNull()
  })
})
