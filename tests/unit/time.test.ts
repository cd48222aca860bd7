import { formatShanghai } from '../../src/shared/time'

describe('times are stored in UTC and shown in Asia/Shanghai', () => {
  it('adds eight hours, across midnight too', () => {
    expect(formatShanghai('2022-04-05T16:30:05.000Z')).toBe('2022-04-06 00:30:05')
    expect(formatShanghai(new Date('2022-04-06T01:00:00Z'), 'HH:mm')).toBe('09:00')
  })
})
