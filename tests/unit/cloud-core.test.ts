import { callFunction, NETWORK_ERROR_MESSAGE, setTransport } from '../../src/services/cloud-core'

afterEach(() => setTransport(null))

describe('callFunction: what a page receives', () => {
  it('shows the request id of an unexpected error, so a report can be matched to the log', async () => {
    setTransport(async () => ({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后重试', requestId: '0123456789abcdef' }))
    expect(await callFunction('whoAmI', {})).toEqual({
      ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后重试（错误编号 0123456789abcdef）', requestId: '0123456789abcdef'
    })
  })
  it('leaves other refusals as they are', async () => {
    setTransport(async () => ({ ok: false, code: 'NOT_LOGGED_IN', message: '请先登录后再操作', requestId: 'ffff0000ffff0000' }))
    expect(await callFunction('whoAmI', {})).toMatchObject({ message: '请先登录后再操作' })
  })
  it('turns a transport failure or a body that is not an answer into the network message, marked unreachable', async () => {
    setTransport(async () => { throw new Error('offline') })
    expect(await callFunction('whoAmI', {})).toEqual({ ok: false, code: 'INTERNAL', message: NETWORK_ERROR_MESSAGE, unreachable: true })
    setTransport(async () => 'Bad Request.')
    expect(await callFunction('whoAmI', {})).toEqual({ ok: false, code: 'INTERNAL', message: NETWORK_ERROR_MESSAGE, unreachable: true })
  })
  it('never marks an answer the server gave as unreachable, not even its own INTERNAL', async () => {
    setTransport(async () => ({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后重试' }))
    expect(await callFunction('whoAmI', {})).not.toHaveProperty('unreachable')
    setTransport(async () => ({ ok: false, code: 'SYSTEM_BUSY', message: '当前扫码人数较多，请稍候，将自动重试', retryAfterMs: 2000 }))
    expect(await callFunction('whoAmI', {})).toEqual({ ok: false, code: 'SYSTEM_BUSY', message: '当前扫码人数较多，请稍候，将自动重试', retryAfterMs: 2000 })
  })
})
