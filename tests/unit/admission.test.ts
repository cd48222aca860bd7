/** Admission control: who goes on, who waits (in order, for a while), who is turned away at once. */
import { createAdmission, priorityOf, priorityBeforeBody, type Ticket } from '../../server/http/admission'

beforeEach(() => { jest.useFakeTimers() })
afterEach(() => { jest.useRealTimers() })

const admit = (t: Ticket) => { if (!t.admitted) throw new Error(`refused: ${t.reason}`); return t }
/** Lets the promises of admitted waiters settle. */
const settle = async () => { for (let i = 0; i < 5; i++) await Promise.resolve() }

describe('createAdmission', () => {
  test('admits up to the limit at once, queues the next ones and lets them on in arrival order', async () => {
    const a = createAdmission({ maxInFlight: 2, maxQueued: 5, queueWaitMs: 1000 })
    const first = admit(await a.admit('normal'))
    admit(await a.admit('normal'))
    const order: number[] = []
    const waiting = [1, 2, 3].map((n) => a.admit('normal').then((t) => { order.push(n); return t }))
    await settle()
    expect(order).toEqual([])
    expect(a.state()).toEqual({ inFlight: 2, queued: 3, maxInFlight: 2 })
    first.release()
    await settle()
    expect(order).toEqual([1])
    admit(await waiting[0]).release()
    await settle()
    expect(order).toEqual([1, 2])
    expect(a.state()).toEqual({ inFlight: 2, queued: 1, maxInFlight: 2 })
  })

  test('refuses at once beyond the queue, telling how long to wait', async () => {
    const a = createAdmission({ maxInFlight: 1, maxQueued: 2, queueWaitMs: 1000, busyRetryAfterMs: 1500 })
    admit(await a.admit('normal'))
    void a.admit('normal')
    void a.admit('normal')
    expect(a.wouldRefuse('normal')).toBe(true)
    expect(await a.admit('normal')).toEqual({ admitted: false, reason: 'full', retryAfterMs: 1500 })
    expect(a.state().queued).toBe(2)
  })

  test('a queued request that waits past the deadline is refused, and its place is not given twice', async () => {
    const a = createAdmission({ maxInFlight: 1, maxQueued: 4, queueWaitMs: 500 })
    const only = admit(await a.admit('normal'))
    const late = a.admit('normal')
    jest.advanceTimersByTime(499)
    await settle()
    expect(a.state().queued).toBe(1)
    jest.advanceTimersByTime(1)
    expect(await late).toMatchObject({ admitted: false, reason: 'deadline' })
    expect(a.state()).toEqual({ inFlight: 1, queued: 0, maxInFlight: 1 })
    only.release()
    only.release()
    expect(a.state().inFlight).toBe(0)
    // The refused waiter took no place: the next request goes straight on.
    admit(await a.admit('normal'))
    expect(a.state().inFlight).toBe(1)
  })

  test('background work goes on only with headroom and nobody waiting, and is told to wait longer', async () => {
    const a = createAdmission({ maxInFlight: 4, maxQueued: 4, queueWaitMs: 1000, backgroundShare: 0.5, busyRetryAfterMs: 1000, backgroundRetryAfterMs: 15_000 })
    const bg = admit(await a.admit('background'))
    admit(await a.admit('normal'))
    // Two in flight of four: no headroom left for a poll, though a scan still goes straight on.
    expect(await a.admit('background')).toEqual({ admitted: false, reason: 'background', retryAfterMs: 15_000 })
    admit(await a.admit('normal'))
    bg.release()
    admit(await a.admit('normal'))
    admit(await a.admit('normal'))
    void a.admit('normal')
    expect(a.state().queued).toBe(1)
    expect(await a.admit('background')).toMatchObject({ admitted: false, reason: 'background' })
  })

  test('sign-out and who-am-I pass a full runtime by the reserve, and overtake the queue', async () => {
    const a = createAdmission({ maxInFlight: 2, maxQueued: 1, queueWaitMs: 1000, urgentReserve: 1 })
    const held = [admit(await a.admit('normal')), admit(await a.admit('normal'))]
    const scan = a.admit('normal')
    expect(await a.admit('normal')).toMatchObject({ admitted: false, reason: 'full' })
    // Past the limit by the reserve of one.
    admit(await a.admit('urgent'))
    expect(a.state().inFlight).toBe(3)
    // The next urgent one waits, ahead of the scan that came first.
    const order: string[] = []
    void scan.then(() => order.push('scan'))
    const urgent = a.admit('urgent').then((t) => { order.push('urgent'); return t })
    held[0].release()
    await settle()
    // A place below maxInFlight + reserve is the urgent one's; the scan needs one below maxInFlight.
    expect(order).toEqual(['urgent'])
    held[1].release()
    await settle()
    expect(order).toEqual(['urgent'])
    admit(await urgent).release()
    await settle()
    expect(order).toEqual(['urgent', 'scan'])
    admit(await urgent)
  })

  test('refuses options that make no sense, in Chinese', () => {
    expect(() => createAdmission({ maxInFlight: 0, maxQueued: 1, queueWaitMs: 1 })).toThrow('同时处理的请求数上限 应为不小于 1 的整数，当前为 0')
    expect(() => createAdmission({ maxInFlight: 1, maxQueued: -1, queueWaitMs: 1 })).toThrow('排队请求数上限')
    expect(() => createAdmission({ maxInFlight: 1, maxQueued: 1, queueWaitMs: NaN })).toThrow('排队等待时间')
  })
})

describe('the kind of a request', () => {
  test.each([
    ['checkIn', undefined, 'normal'], ['inspector', 'feed', 'background'], ['inspector', 'temperature', 'normal'],
    ['venue', 'stats', 'background'], ['venue', 'update', 'normal'], ['alert', 'list', 'background'],
    ['signOut', undefined, 'urgent'], ['whoAmI', undefined, 'urgent'], ['venue', { toString: (): string => 'stats' }, 'normal']
  ])('%s %s is %s', (name, action, priority) => {
    expect(priorityOf(name, action)).toBe(priority)
  })
  test('before the body is read, the kind is known unless the action decides', () => {
    expect(priorityBeforeBody('checkIn')).toBe('normal')
    expect(priorityBeforeBody('signOut')).toBe('urgent')
    expect(priorityBeforeBody('inspector')).toBeNull()
    expect(priorityBeforeBody('venue')).toBeNull()
  })
})
