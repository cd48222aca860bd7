/** Who must stop at the door: a yellow or red code, or 37.3 ℃ and above; everyone else goes in. */
import { CAUSE_DETAILS, entryAdvice, STOP_TITLE } from '../../src/shared/entry-advice'

test('green with no or a normal temperature: no advice', () => {
  expect(entryAdvice({ healthStatus: 'green' })).toBeNull()
  expect(entryAdvice({ healthStatus: 'green', celsius: null })).toBeNull()
  expect(entryAdvice({ healthStatus: 'green', celsius: 36.5 })).toBeNull()
  expect(entryAdvice({ healthStatus: 'green', celsius: 37.2 })).toBeNull()
  expect(entryAdvice({ healthStatus: null })).toBeNull()
})

test.each([
  ['red', '红码'],
  ['yellow', '黄码']
] as const)('%s code: stop, with the reason named', (status, label) => {
  const advice = entryAdvice({ healthStatus: status })
  expect(advice).toEqual({ level: 'stop', title: '请勿进入，配合工作人员处置', detail: CAUSE_DETAILS[status] })
  expect(advice!.detail.startsWith(label)).toBe(true)
})

test('37.3 ℃ exactly is a fever (compared in tenths, not binary fractions)', () => {
  const advice = entryAdvice({ healthStatus: 'green', celsius: 37.3 })
  expect(advice?.title).toBe(STOP_TITLE)
  expect(advice?.detail).toBe('体温异常（37.3 ℃，37.3 ℃ 及以上）：请勿进入场所，稍后复测，仍异常请前往发热门诊。')
  // 0.1 + 37.2 is 37.300000000000004 or 37.29999… in binary: still 37.3.
  expect(entryAdvice({ healthStatus: 'green', celsius: 37.2 + 0.1 })).not.toBeNull()
})

test('a fever without a status (an alert about a temperature) still stops', () => {
  expect(entryAdvice({ healthStatus: null, celsius: 38.1 })?.detail).toContain('38.1 ℃')
})

test('every cause is explained, red before the temperature', () => {
  const advice = entryAdvice({ healthStatus: 'red', celsius: 38 })!
  expect(advice.detail).toBe(CAUSE_DETAILS.red + CAUSE_DETAILS.fever(38))
  expect(advice.detail.indexOf('红码')).toBeLessThan(advice.detail.indexOf('体温异常'))
})
