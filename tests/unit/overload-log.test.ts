/** Expected refusals are summed up: one line per interval, none while there are none. */
import { createOverloadCounter, OVERLOAD_LOG_TAG } from '../../server/log'

beforeEach(() => { jest.useFakeTimers() })
afterEach(() => { jest.useRealTimers() })

test('a thousand refusals in an interval make one line, by code and function, with the moment\'s state', () => {
  const lines: string[] = []
  const counter = createOverloadCounter((l) => lines.push(l), 10_000, () => ({ inFlight: 20, queued: 160 }))
  for (let i = 0; i < 1000; i++) counter.refused('SYSTEM_BUSY', i % 4 ? 'checkIn' : 'inspector')
  counter.admitted()
  counter.refused('DATABASE_UNREACHABLE', 'checkIn')
  jest.advanceTimersByTime(9_999)
  expect(lines).toEqual([])
  jest.advanceTimersByTime(1)
  expect(lines).toHaveLength(1)
  expect(lines[0].endsWith('\n')).toBe(true)
  expect(JSON.parse(lines[0])).toMatchObject({
    tag: OVERLOAD_LOG_TAG, seconds: 10, admitted: 1, inFlight: 20, queued: 160,
    refused: { SYSTEM_BUSY: { checkIn: 750, inspector: 250 }, DATABASE_UNREACHABLE: { checkIn: 1 } }
  })
  expect(lines[0]).not.toContain('stack')
})

test('no refusal, no line; the next interval starts from nothing', () => {
  const lines: string[] = []
  const counter = createOverloadCounter((l) => lines.push(l), 1000)
  counter.admitted()
  jest.advanceTimersByTime(5000)
  counter.flush()
  expect(lines).toEqual([])
  counter.refused('SYSTEM_BUSY', 'checkIn')
  counter.flush()
  counter.refused('SYSTEM_BUSY', 'whoAmI')
  jest.advanceTimersByTime(1000)
  expect(lines.map((l) => JSON.parse(l).refused)).toEqual([{ SYSTEM_BUSY: { checkIn: 1 } }, { SYSTEM_BUSY: { whoAmI: 1 } }])
})
