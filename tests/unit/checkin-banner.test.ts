/**
 * What the check-in result says around the cards: a banner that reads as permission to enter
 * only when everyone entered is green, cards that never make a yellow or red companion the
 * small print, and a sign-in prompt that offers only citizen accounts.
 */
import {
  cardSize, checkOutIds, failureView, groupStop, isCheckinAccount, offersVerification, personTag, resultBanner, worstStatus
} from '../../src/services/checkin-outcome'
import type { DemoAccount, HealthStatus } from '../../src/shared/api'
import { CAUSE_DETAILS } from '../../src/shared/entry-advice'

describe('the banner considers everyone entered', () => {
  test('green alone, or a green family: 入场登记成功', () => {
    expect(resultBanner(['green'])).toBe('场所码 · 入场登记成功')
    expect(resultBanner(['green', 'green', 'green'])).toBe('场所码 · 入场登记成功')
  })

  test.each<[string, HealthStatus[]]>([
    ['a yellow holder', ['yellow']],
    ['a red holder', ['red']],
    ['a green holder with a red companion', ['green', 'red']],
    ['a green holder with a yellow companion last', ['green', 'green', 'yellow']]
  ])('%s: recorded, but everyone waits for the inspector', (_label, statuses) => {
    const text = resultBanner(statuses)
    expect(text).toBe('已登记 · 请配合工作人员核验')
    expect(text).not.toContain('成功')
  })

  test('the banner is coloured by the worst status present', () => {
    expect(worstStatus(['green', 'green'])).toBe('green')
    expect(worstStatus(['green', 'yellow'])).toBe('yellow')
    expect(worstStatus(['yellow', 'red', 'green'])).toBe('red')
  })
})

describe('cards', () => {
  test('the holder and any yellow or red person get a full card; only a green companion is compact', () => {
    expect(cardSize({ method: 'self', healthStatus: 'green' })).toBe('full')
    expect(cardSize({ method: 'self', healthStatus: 'red' })).toBe('full')
    expect(cardSize({ method: 'companion', healthStatus: 'yellow' })).toBe('full')
    expect(cardSize({ method: 'companion', healthStatus: 'red' })).toBe('full')
    expect(cardSize({ method: 'assisted', healthStatus: 'green' })).toBe('full')
    expect(cardSize({ method: 'companion', healthStatus: 'green' })).toBe('compact')
  })

  test('each card says who the person is to the account', () => {
    expect(personTag({ method: 'self', relation: null })).toBe('本人')
    expect(personTag({ method: 'companion', relation: 'child' })).toBe('子女')
    expect(personTag({ method: 'companion', relation: 'parent' })).toBe('父母')
    expect(personTag({ method: 'assisted', relation: null })).toBe('辅助登记')
  })
})

test('no 实名信息 yet is its own screen, not an error or a warning', () => {
  expect(failureView({ ok: false, code: 'PROFILE_REQUIRED', message: '扫码登记需要实名信息' }, true)).toEqual({ kind: 'profile', message: '扫码登记需要实名信息' })
  expect(failureView({ ok: false, code: 'INTERNAL', message: '系统繁忙' }, true).kind).toBe('error')
})

test('only citizens are offered for signing in on the check-in page', () => {
  const account = (role: DemoAccount['role']): DemoAccount => ({ id: 'citizen', label: role, role, nameMasked: '张*' })
  expect(isCheckinAccount(account('citizen'))).toBe(true)
  for (const role of ['venue_admin', 'inspector', 'official'] as const) expect(isCheckinAccount(account(role))).toBe(false)
})

describe('the red stop banner over a group', () => {
  test('an all-green group has none', () => {
    expect(groupStop([{ nameMasked: '张*', healthStatus: 'green' }, { nameMasked: '张**', healthStatus: 'green' }])).toBeNull()
  })

  test('names everyone who must stop, in card order, with their code', () => {
    expect(groupStop([
      { nameMasked: '张*', healthStatus: 'green' },
      { nameMasked: '孙*', healthStatus: 'red' },
      { nameMasked: '钱*', healthStatus: 'yellow' }
    ])).toEqual({ title: '请勿进入，配合工作人员处置', who: ['孙* · 红码', '钱* · 黄码'], details: [CAUSE_DETAILS.red, CAUSE_DETAILS.yellow] })
  })

  test('two red companions: the cause is told once', () => {
    expect(groupStop([{ nameMasked: '孙*', healthStatus: 'red' }, { nameMasked: '孙**', healthStatus: 'red' }])?.details).toEqual([CAUSE_DETAILS.red])
  })
})

test('离场 ends every entry of the scan once, repeated ones included', () => {
  expect(checkOutIds([{ entryId: 'a' }, { entryId: 'b' }, { entryId: 'a' }])).toEqual(['a', 'b'])
})

describe('a person shown without a colour (身份未核验, 场所未经审核) is never taken for green', () => {
  test('the banner asks for the health code instead of saying 成功', () => {
    expect(resultBanner([null])).toBe('已登记 · 请向工作人员出示健康码')
    expect(resultBanner(['green', null])).toBe('已登记 · 请向工作人员出示健康码')
    expect(resultBanner([null, 'red'])).toBe('已登记 · 请配合工作人员核验')
  })

  test('the banner is marked hidden, under yellow and red', () => {
    expect(worstStatus([null])).toBe('hidden')
    expect(worstStatus(['green', null])).toBe('hidden')
    expect(worstStatus([null, 'yellow'])).toBe('yellow')
  })

  test('a hidden companion gets a full card; no stop banner names them (there is no colour to name)', () => {
    expect(cardSize({ method: 'companion', healthStatus: null })).toBe('full')
    expect(groupStop([{ nameMasked: '周*', healthStatus: null }])).toBeNull()
  })

  test('去核验 is offered on the holder\'s own card only, and only for an unverified identity', () => {
    expect(offersVerification({ method: 'self', statusHidden: 'identity_unverified' })).toBe(true)
    expect(offersVerification({ method: 'companion', statusHidden: 'identity_unverified' })).toBe(false)
    expect(offersVerification({ method: 'assisted', statusHidden: 'venue_unreviewed' })).toBe(false)
    expect(offersVerification({ method: 'self', statusHidden: null })).toBe(false)
  })
})
