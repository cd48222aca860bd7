/**
 * Which sound and vibration a result gives and what 语音播报 says: a chime only when everyone
 * entered is green, the alarm for any yellow or red person and for a code that is not ours, a
 * plain note when a colour is not shown, and nothing while no result is on the screen.
 */
import fs from 'fs'
import path from 'path'
import { assistOutcome, checkinOutcome, FEEDBACK, feedbackFor, spokenResult, type ResultOutcome } from '../../src/services/result-feedback'
import type { ShownStatus } from '../../src/services/checkin-outcome'

const entered = (statuses: ShownStatus[], venueName = '泉城广场'): ResultOutcome => ({ kind: 'entered', venueName, statuses })
const forged: ResultOutcome = { kind: 'warning', warning: 'fake', headline: '非官方场所码，谨防诈骗' }

describe('which feedback for which result', () => {
  test('everyone green: the success chime and a short vibration', () => {
    expect(feedbackFor(entered(['green']))).toBe('success')
    expect(feedbackFor(entered(['green', 'green', 'green']))).toBe('success')
    expect(FEEDBACK.success.vibration).toBe('short')
  })

  test.each<[string, ShownStatus[]]>([
    ['a yellow holder', ['yellow']],
    ['a red holder', ['red']],
    ['a green holder with a red companion', ['green', 'red']],
    ['a colourless holder with a yellow companion', [null, 'yellow']]
  ])('%s: the alarm and a long vibration', (_label, statuses) => {
    expect(feedbackFor(entered(statuses))).toBe('alert')
    expect(FEEDBACK.alert.vibration).toBe('long')
  })

  test('a forged or revoked code: the alarm, though nobody was entered', () => {
    expect(feedbackFor(forged)).toBe('alert')
    expect(feedbackFor({ kind: 'warning', warning: 'revoked', headline: '场所码已作废' })).toBe('alert')
  })

  test('entered without a colour (身份未核验): the plain note, neither success nor alarm', () => {
    expect(feedbackFor(entered([null]))).toBe('notice')
    expect(feedbackFor(entered(['green', null]))).toBe('notice')
  })

  test('no result yet: nothing', () => {
    expect(feedbackFor(null)).toBeNull()
  })

  test('the three sounds differ, and each is a small file of the source tree', () => {
    const sounds = Object.values(FEEDBACK).map((f) => f.sound)
    expect(new Set(sounds).size).toBe(3)
    for (const sound of sounds) {
      const file = path.resolve(__dirname, '../../src', sound.replace(/^\//, ''))
      expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe('RIFF')
      expect(fs.statSync(file).size).toBeLessThan(20 * 1024)
    }
  })
})

describe('the check-in page state as a result', () => {
  test('entered: the venue and everyone’s shown status', () => {
    const state = { kind: 'entered' as const, data: { venue: { name: '泉城广场' }, people: [{ healthStatus: 'green' as const }, { healthStatus: null }] } }
    expect(checkinOutcome(state)).toEqual(entered(['green', null]))
  })

  test('a warning is a result; loading, choosing, signing in and errors are not', () => {
    expect(checkinOutcome({ kind: 'warning', warning: 'fake', headline: '非官方场所码，谨防诈骗' })).toEqual(forged)
    for (const kind of ['loading', 'choose', 'login', 'profile', 'error'] as const) expect(checkinOutcome({ kind })).toBeNull()
  })
})

test('辅助登记: the registered person’s status at the venue, or nothing before', () => {
  expect(assistOutcome({ venue: { name: '泉城广场' }, entry: { healthStatus: 'red' } })).toEqual(entered(['red']))
  expect(assistOutcome(null)).toBeNull()
})

describe('语音播报 says the colour first', () => {
  test('green: colour, venue, 登记成功', () => {
    expect(spokenResult(entered(['green']))).toBe('绿码，泉城广场，登记成功')
    expect(spokenResult(entered(['green', 'green', 'green']))).toBe('3人绿码，泉城广场，登记成功')
  })

  test('yellow or red: the worst colour and 请勿进入', () => {
    expect(spokenResult(entered(['red']))).toBe('红码，请勿进入')
    expect(spokenResult(entered(['yellow']))).toBe('黄码，请勿进入')
    expect(spokenResult(entered(['green', 'yellow', 'red']))).toBe('3人中有红码，请勿进入')
  })

  test('no colour shown: registered, and the health code to be shown another way', () => {
    expect(spokenResult(entered([null]))).toBe('泉城广场，已登记，身份未核验，请向工作人员出示健康码')
  })

  test('a forged code: the warning’s headline', () => {
    expect(spokenResult(forged)).toBe('非官方场所码，谨防诈骗')
  })
})
